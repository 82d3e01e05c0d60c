/**
 * The drift normalizer and plan analysis, both ways: real out-of-band changes are reported
 * (named resource and attribute, sensitive values masked), refresh noise is not. The plans are
 * captured from real terraform runs of the local environment against moto
 * (test/fixtures/plans/*.json, see the "//" note in each).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyzePlan, canonical, diffAttributes, driftMarkdown, equivalent, maskReport, parseSegments, type DriftReport } from "../../ops/drift";

const FIXTURES = path.resolve(__dirname, "../fixtures/plans");
const plan = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

describe("normalizer: refresh noise is equivalent", () => {
  it.each([
    ["tags null → {}", null, {}],
    ["empty list vs null", [], null],
    ["empty map vs null", {}, undefined],
    ["empty string vs null", "", null],
    ["zero vs null (unset number)", 0, null],
    ["false vs null (unset bool)", false, null],
    ["map with only empty members", { a: null, b: [] }, {}],
  ])("%s", (_label, a, b) => {
    expect(equivalent(a, b)).toBe(true);
  });

  it("policy JSON differing only in whitespace and key order", () => {
    const a = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Principal":"*","Resource":"execute-api:/live/*"}]}';
    const b = JSON.stringify({ Statement: [{ Resource: "execute-api:/live/*", Principal: "*", Action: "execute-api:Invoke", Effect: "Allow" }], Version: "2012-10-17" }, null, 4);
    expect(equivalent(a, b)).toBe(true);
  });

  it("IAM policy: a scalar equals a one-element list, list order is free", () => {
    const a = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:PutLogEvents", "logs:CreateLogStream"], Resource: "*" }] });
    const b = JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["*"] } });
    expect(equivalent(a, b)).toBe(true);
  });

  it("set-like lists in another order", () => {
    expect(equivalent(["subnet-b", "subnet-a"], ["subnet-a", "subnet-b"])).toBe(true);
    expect(equivalent([{ k: 1 }, { k: 2 }], [{ k: 2 }, { k: 1 }])).toBe(true);
  });

  it("tags_all is not reported when tags already says it, nor when it is equal", () => {
    const d = diffAttributes({ tags: null, tags_all: { A: "1" } }, { tags: {}, tags_all: { A: "1" } });
    expect(d.changes).toEqual([]);
    const d2 = diffAttributes({ tags: { A: "1" }, tags_all: { A: "1", E: "x" } }, { tags: { A: "2" }, tags_all: { A: "2", E: "x" } });
    expect(d2.changes.map((c) => c.path)).toEqual(["tags.A"]);
    expect(d2.ignored).toContainEqual({ path: "tags_all", reason: "tags_all-derived" });
  });
});

describe("normalizer: real changes are not equivalent", () => {
  it.each([
    ["a number", 100, 999],
    ["a number set to zero", 5, 0],
    ["a string", "INFO", "ERROR"],
    ["a tag added", { A: "1" }, { A: "1", hotfix: "x" }],
    ["a policy statement changed", '{"Statement":[{"Effect":"Allow","Action":"a"}]}', '{"Statement":[{"Effect":"Deny","Action":"a"}]}'],
    ["an element added to a list", ["a"], ["a", "b"]],
  ])("%s", (_label, a, b) => {
    expect(equivalent(a, b)).toBe(false);
  });

  it("names the changed attribute by path, inside nested blocks", () => {
    const d = diffAttributes({ settings: [{ throttling_rate_limit: 100, logging_level: "INFO" }] }, { settings: [{ throttling_rate_limit: 999, logging_level: "INFO" }] });
    expect(d.changes).toEqual([{ path: "settings[0].throttling_rate_limit", before: 100, after: 999, sensitive: false }]);
    expect(parseSegments("settings[0].throttling_rate_limit")).toEqual(["settings", 0, "throttling_rate_limit"]);
  });

  it("marks sensitive attributes", () => {
    const d = diffAttributes({ value: "a" }, { value: "b" }, { beforeSensitive: { value: true }, afterSensitive: { value: true } });
    expect(d.changes[0].sensitive).toBe(true);
  });

  it("canonical forms are stable", () => {
    expect(canonical({ b: [2, 1], a: "", c: '{"y":1,"x":2}' })).toEqual({ b: [1, 2], c: { $json: { x: 2, y: 1 } } });
  });
});

describe("analyzePlan on captured plans: no wolf cried", () => {
  it("an app stack right after its apply is clean although resource_drift lists 15 resources", () => {
    const p = plan("app-after-apply.json");
    expect(p.resource_drift.length).toBe(15);
    const a = analyzePlan(p);
    expect(a.drifted).toEqual([]);
    expect(a.pending).toEqual([]);
    expect(a.notDeployed).toBe(false);
    const reasons = new Set(a.ignored.map((i) => i.reason));
    expect(reasons).toEqual(new Set(["empty-equivalent", "unmanaged"]));
    // the computed / owned-elsewhere attributes that moto and AWS fill in after create
    expect(a.ignored.filter((i) => i.reason === "unmanaged").map((i) => `${i.address.split(".")[0]}.${i.path}`).sort()).toEqual([
      "aws_api_gateway_rest_api.policy",
      "aws_api_gateway_stage.web_acl_arn",
      "aws_lb_target_group.load_balancer_arns",
      "aws_lb_target_group.load_balancer_arns",
    ]);
  });

  it("the platform right after its apply is clean although resource_drift lists 25 resources", () => {
    const p = plan("platform-after-apply.json");
    expect(p.resource_drift.length).toBe(25);
    const a = analyzePlan(p);
    expect(a.drifted).toEqual([]);
    expect(a.pending).toEqual([]);
    expect(a.ignored.some((i) => i.address.startsWith("aws_acm_certificate.") && i.path === "status")).toBe(true);
    expect(a.ignored.some((i) => i.address.startsWith("aws_iam_role.") && i.path === "inline_policy")).toBe(true);
  });

  it("a never-applied stack is not deployed (its creates are not drift)", () => {
    expect(analyzePlan(plan("bootstrap-fresh.json")).notDeployed).toBe(true);
  });
});

describe("analyzePlan on captured plans: real drift detected", () => {
  const a = analyzePlan(plan("app-drift.json"));
  const byAddress = (prefix: string) => a.drifted.find((d) => d.address.startsWith(prefix));

  it("names the stage throttling change (100 → 999) on the method settings", () => {
    expect(byAddress("aws_api_gateway_method_settings.api_settings-all")).toMatchObject({
      kind: "changed",
      plannedAction: "update",
      attributes: [{ path: "settings[0].throttling_rate_limit", before: 100, after: 999, sensitive: false }],
    });
  });

  it("names the log retention change and the tag added out of band", () => {
    expect(byAddress("aws_cloudwatch_log_group.api_access-logs")?.attributes).toEqual([
      { path: "retention_in_days", before: 7, after: 30, sensitive: false },
      { path: "tags.hotfix", before: undefined, after: "ticket-123", sensitive: false },
    ]);
  });

  it("reports the deleted alarm as deleted", () => {
    expect(byAddress("aws_cloudwatch_metric_alarm.alarms_latency-p99")).toMatchObject({ kind: "deleted", plannedAction: "create" });
  });

  it("exactly these, nothing else: the re-serialized REST API policy is not drift", () => {
    expect(a.drifted.map((d) => d.address).sort()).toEqual([
      "aws_api_gateway_method_settings.api_settings-all_FAE1F198",
      "aws_cloudwatch_log_group.api_access-logs_3975387B",
      "aws_cloudwatch_metric_alarm.alarms_latency-p99_C9C9146B",
    ]);
    expect(a.ignored).toContainEqual({ address: "aws_api_gateway_rest_api.api_4F59AA66", path: "policy", reason: "unmanaged" });
  });

  it("the security group the changed contract value flows into is configuration not applied, masked (derived from a sensitive value)", () => {
    expect(a.pending).toEqual([
      { address: "aws_security_group.ingress_endpoint-sg_245F0C8B", action: "update", attributes: [expect.objectContaining({ path: "ingress[0].cidr_blocks", sensitive: true })] },
    ]);
  });

  it("the contract parameter changed in SSM is reported with its value masked", () => {
    const p = analyzePlan(plan("platform-drift.json"));
    expect(p.drifted).toEqual([
      { address: "aws_ssm_parameter.contract_vpc-cidr_BC20E171", type: "aws_ssm_parameter", kind: "changed", plannedAction: "update", attributes: [{ path: "value", before: "10.10.0.0/16", after: "10.99.0.0/16", sensitive: true }] },
    ]);
    expect(p.ignored).toContainEqual({ address: "aws_ssm_parameter.contract_vpc-cidr_BC20E171", path: "version", reason: "computed" });
  });
});

describe("drift reports", () => {
  const p = analyzePlan(plan("platform-drift.json"));
  const report: DriftReport = {
    environment: "local",
    startedAt: "2026-01-01T00:00:00.000Z",
    ms: 1000,
    exitCode: 2,
    stacks: [{ stack: "local-platform", role: "platform", status: "drifted", drifted: p.drifted, pending: p.pending, ignored: p.ignored, ms: 1000 }],
  };
  it("never writes a sensitive value", () => {
    const masked = maskReport(report);
    const text = JSON.stringify(masked) + driftMarkdown(masked);
    expect(text).not.toContain("10.99.0.0/16");
    expect(text).not.toContain("10.10.0.0/16");
    expect(driftMarkdown(masked)).toContain("| `value` | (sensitive) | (sensitive) |");
  });
  it("names each drifted resource and says what an apply would do", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-drift-"));
    const md = driftMarkdown(maskReport(report));
    fs.writeFileSync(path.join(dir, "drift-local.md"), md);
    expect(md).toContain("DRIFT");
    expect(md).toContain("`aws_ssm_parameter.contract_vpc-cidr_BC20E171` — an apply would update it back");
    expect(md).not.toContain("Configuration not applied");
    fs.rmSync(dir, { recursive: true });
  });
});
