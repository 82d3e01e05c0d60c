/** The engine: suppressions, severities, ordering, formatting, crash handling and StackView helpers. */
import { formatFindings, hasErrors, runPolicyPack, StackView, type PolicyContext, type Rule } from "../../policy";
import { apiArea, broken, lambdaArea, stack, wafArea } from "./fixtures";

const DEV: PolicyContext = { environment: "dev", isProd: false };

/** A stack with one error (AOA-LMB-002) and one warning (AOA-LOG-003). */
function twoFindings() {
  return stack(
    "dev-platform",
    broken(lambdaArea, (r) => {
      delete r.aws_lambda_function.authorizer.reserved_concurrent_executions;
      delete r.aws_cloudwatch_log_group.authorizer.kms_key_id;
    }),
  );
}

describe("runPolicyPack", () => {
  test("reports findings with stack, resource, construct path and mirrors; errors first", () => {
    const result = runPolicyPack([twoFindings()], DEV);
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["AOA-LMB-002", "error"],
      ["AOA-LOG-003", "warning"],
    ]);
    const f = result.findings[0];
    expect(f.stack).toBe("dev-platform");
    expect(f.resource).toBe("aws_lambda_function.authorizer");
    expect(f.constructPath).toBe("dev-platform/authorizer");
    expect(f.mirrors).toContain("CKV_AWS_115");
    expect(hasErrors(result)).toBe(true);
  });

  test("warnings alone do not fail", () => {
    const s = stack("dev-platform", broken(lambdaArea, (r) => delete r.aws_cloudwatch_log_group.authorizer.kms_key_id));
    expect(hasErrors(runPolicyPack([s], DEV))).toBe(false);
  });

  test("a suppression moves the finding to `suppressed` with its reason", () => {
    const result = runPolicyPack([twoFindings()], DEV, [
      { rule: "AOA-LMB-002", resource: "dev-platform/aws_lambda_function.authorizer", reason: "Concurrency managed by an account quota for now" },
    ]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["AOA-LOG-003"]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.suppressed[0].finding.ruleId).toBe("AOA-LMB-002");
    expect(result.suppressed[0].reason).toMatch(/quota/);
    expect(result.unusedSuppressions).toEqual([]);
  });

  test("globs match in the stack part, the resource part and the rule", () => {
    const result = runPolicyPack([twoFindings()], DEV, [{ rule: "AOA-*", resource: "dev-*/aws_*.authorizer", reason: "Everything on the authorizer is accepted in this test" }]);
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(2);
  });

  test("a suppression for another stack or resource does not match, and is reported unused", () => {
    const unused = { rule: "AOA-LMB-002", resource: "prod-platform/aws_lambda_function.*", reason: "Only meant for prod" };
    const other = { rule: "AOA-LMB-002", resource: "dev-platform/aws_lambda_function.other", reason: "Another function entirely" };
    const result = runPolicyPack([twoFindings()], DEV, [unused, other]);
    expect(result.findings.map((f) => f.ruleId)).toContain("AOA-LMB-002");
    expect(result.unusedSuppressions).toEqual([unused, other]);
  });

  test("stack-level findings are suppressible as <stack>/stack", () => {
    const s = stack("dev-app-orders", apiArea());
    s.json.provider.aws[0].default_tags = [{ tags: { Environment: "dev" } }];
    const before = runPolicyPack([s], DEV);
    expect(before.findings.map((f) => [f.ruleId, f.resource])).toEqual([["AOA-GEN-003", "stack"]]);
    const after = runPolicyPack([s], DEV, [{ rule: "AOA-GEN-003", resource: "*/stack", reason: "Tags come from an SCP tag policy here" }]);
    expect(after.findings).toEqual([]);
  });

  test.each([
    ["empty", ""],
    ["whitespace", "   \n"],
  ])("a suppression with an %s reason is rejected", (_label, reason) => {
    expect(() => runPolicyPack([twoFindings()], DEV, [{ rule: "AOA-LMB-002", resource: "dev-platform/aws_lambda_function.authorizer", reason }])).toThrow(/reason/);
  });

  test("a suppression without <stack>/<resource> is rejected", () => {
    expect(() => runPolicyPack([], DEV, [{ rule: "AOA-LMB-002", resource: "aws_lambda_function.authorizer", reason: "Missing the stack part" }])).toThrow(/<stack>/);
  });

  test("a rule that throws becomes an error finding instead of crashing the synth", () => {
    const bad: Rule = {
      id: "AOA-TEST-001",
      title: "throws",
      severity: "warning",
      mirrors: ["ref:test"],
      resourceTypes: ["*"],
      check() {
        throw new Error("boom");
      },
    };
    const result = runPolicyPack([twoFindings()], DEV, [], [bad]);
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: "AOA-TEST-001", severity: "error", resource: "stack", message: expect.stringMatching(/boom/) })]);
  });

  test("formatFindings prints a table, suppressed and unused entries, and totals", () => {
    const result = runPolicyPack([twoFindings()], DEV, [
      { rule: "AOA-LOG-003", resource: "dev-platform/*", reason: "AWS-owned key is fine in dev" },
      { rule: "AOA-S3-001", resource: "dev-platform/*", reason: "No buckets here any more" },
    ]);
    const text = formatFindings(result);
    expect(text).toMatch(/SEVERITY\s+RULE\s+STACK\s+RESOURCE\s+MESSAGE/);
    expect(text).toMatch(/ERROR\s+AOA-LMB-002\s+dev-platform\s+aws_lambda_function\.authorizer/);
    expect(text).toMatch(/Suppressed:\n\s+AOA-LOG-003/);
    expect(text).toMatch(/Unused suppressions[^\n]*\n\s+AOA-S3-001/);
    expect(text).toMatch(/1 error\(s\), 0 warning\(s\), 1 suppressed, 1 unused suppression\(s\)/);
  });

  test("formatFindings of a clean run is one summary line", () => {
    expect(formatFindings(runPolicyPack([stack("dev-app-orders", apiArea())], DEV))).toBe(
      "Policy pack: 0 error(s), 0 warning(s), 0 suppressed, 0 unused suppression(s).",
    );
  });
});

describe("StackView", () => {
  const view = new StackView("s", {
    provider: { aws: [{ alias: "shared" }] },
    resource: {
      aws_route53_record: { "cert_validation-record_9625C079": { zone_id: "${aws_route53_zone.zone_6E295601.zone_id}", provider: "aws.shared" } },
      aws_route53_zone: { zone_6E295601: { name: "x", "//": { metadata: { path: "s/zone/zone" } } } },
      aws_iam_role: { r: { assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } },
      aws_acm_certificate_validation: { v: { validation_record_fqdns: "${[for r in aws_route53_record.cert_validation-record_9625C079 : r.fqdn]}" } },
    },
    data: { aws_iam_policy_document: { trust: { statement: [{ effect: "Allow", actions: ["sts:AssumeRole"] }] } } },
  });

  test("indexes resources and data sources with construct paths", () => {
    expect(view.resources("aws_route53_zone")[0].constructPath).toBe("s/zone/zone");
    expect(view.dataSource("aws_iam_policy_document", "trust")?.address).toBe("data.aws_iam_policy_document.trust");
    expect(view.providers("aws")).toHaveLength(1);
    expect(view.providerOf(view.resources("aws_route53_record")[0])).toBe("aws.shared");
  });

  test("resolves references, including ids with dashes, data sources and for-expressions", () => {
    const rec = view.resources("aws_route53_record")[0];
    expect(view.resolve(rec.config.zone_id)?.address).toBe("aws_route53_zone.zone_6E295601");
    expect(view.refsIn(rec.config.zone_id)).toEqual([{ mode: "resource", type: "aws_route53_zone", name: "zone_6E295601", attr: "zone_id" }]);
    expect(view.resolve(view.resources("aws_iam_role")[0].config.assume_role_policy)?.mode).toBe("data");
    expect(view.referenced(view.resources("aws_acm_certificate_validation")[0].config.validation_record_fqdns, "aws_route53_record")[0].name).toBe("cert_validation-record_9625C079");
    expect(view.refsIn("${each.value.name}")).toEqual([]);
    expect(view.refsIn("plain")).toEqual([]);
  });

  test("blocks written as an object (single) and as an array are both read", () => {
    const acl = wafArea();
    const single = JSON.parse(JSON.stringify(acl));
    single.resource.aws_wafv2_web_acl.acl.rule = single.resource.aws_wafv2_web_acl.acl.rule[0];
    single.resource.aws_wafv2_web_acl.acl.rule.visibility_config.cloudwatch_metrics_enabled = false;
    const ids = runPolicyPack([stack("s", single)], DEV).findings.map((f) => f.ruleId);
    expect(ids).toContain("AOA-WAF-003");
    expect(ids).not.toContain("AOA-WAF-001");
  });

  test("unresolvable tokens are not flagged as wrong", () => {
    const s = stack(
      "s",
      broken(lambdaArea, (r) => {
        r.aws_lambda_function.authorizer.reserved_concurrent_executions = "${var.concurrency}";
        r.aws_lambda_function.authorizer.tracing_config.mode = "${var.mode}";
        r.aws_cloudwatch_log_group.authorizer.retention_in_days = "${var.days}";
      }),
    );
    expect(runPolicyPack([s], { environment: "dev", isProd: true }).findings).toEqual([]);
  });
});
