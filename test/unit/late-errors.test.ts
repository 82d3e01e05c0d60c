/**
 * Problems found late (stack construction, policy pack) are reported like validation errors:
 * the config field behind the stack/resource, the value, all of them at once.
 */
import { App } from "cdktf";
import { fieldFor, findingProblems, constructionProblem } from "../../synth/late-errors";
import { addEnvironment } from "../../stacks";
import { formatProblems } from "../../config/load";
import type { Finding } from "../../policy";
import { devEnv, fakeBundle } from "./helpers";

const finding = (stack: string, resource: string, ruleId = "AOA-ELB-002"): Finding => ({ ruleId, severity: "error", stack, resource, message: "deletion protection is off", mirrors: [] });

describe("policy findings name the config field", () => {
  const env = devEnv();
  it("an app stack's resource maps to apps[i] and the field behind the resource type", () => {
    expect(fieldFor(env, "dev-app-payments", "aws_lb")).toBe("apps[1].backend");
    expect(fieldFor(env, "dev-app-orders", "aws_api_gateway_rest_api")).toBe("apps[0].routes");
    expect(fieldFor(env, "dev-app-orders", "aws_api_gateway_usage_plan")).toBe("apps[0].usagePlans");
    expect(fieldFor(env, "dev-app-orders")).toBe("apps[0]");
  });
  it("platform and bootstrap resources map to the environment's fields", () => {
    expect(fieldFor(env, "dev-platform", "aws_wafv2_ip_set")).toBe("edge.waf");
    expect(fieldFor(env, "dev-platform", "aws_cloudwatch_log_group")).toBe("edge.logRetentionDays");
    expect(fieldFor(env, "dev-bootstrap", "aws_s3_bucket")).toBe("state");
  });
  it("every error finding becomes one problem, with the resource as the value and how to suppress it", () => {
    const problems = findingProblems(env, [finding("dev-app-orders", "aws_lb.exposure_nlb_1"), finding("dev-platform", "aws_wafv2_ip_set.waf_allow", "AOA-WAF-008"), { ...finding("dev-platform", "stack"), severity: "warning" }]);
    expect(problems).toEqual([
      expect.objectContaining({ path: "apps[0].backend", value: "dev-app-orders/aws_lb.exposure_nlb_1" }),
      expect.objectContaining({ path: "edge.waf", value: "dev-platform/aws_wafv2_ip_set.waf_allow" }),
    ]);
    expect(problems[0].message).toMatch(/^AOA-ELB-002: .*suppressions\[\] \{ rule: "AOA-ELB-002", resource: "dev-app-orders\/aws_lb.exposure_nlb_1"/);
    expect(formatProblems("policy pack", problems)).toMatch(/- apps\[0\]\.backend: AOA-ELB-002/);
  });
  it("an unknown stack maps to no field (the valid neighbour: nothing invented)", () => {
    expect(fieldFor(env, "other-app-orders", "aws_lb")).toBeUndefined();
  });
});

describe("construction errors name the config field", () => {
  it("an error thrown while building an app stack names apps[i]", () => {
    const env = devEnv();
    const p = constructionProblem(env, new Error("There is already a Construct with name 'settings-GET--a-b' in AppApi [dev-app-payments/api]"));
    expect(p).toEqual(expect.objectContaining({ path: "apps[1]", value: "payments" }));
  });
  it("a real construction error (bootstrap refusing a deploy role inside its own prefix) maps to accounts", () => {
    const env = devEnv();
    const bad = { ...env, accounts: { ...env.accounts, deployRoleName: "acme-dev-deployer" } };
    let thrown: unknown;
    try {
      addEnvironment(new App({ outdir: "unused", stackTraces: false }), bad, { authorizerBundle: fakeBundle(), only: ["dev-bootstrap"] });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(constructionProblem(bad, thrown)).toEqual(expect.objectContaining({ path: "accounts", value: "dev-bootstrap" }));
  });
  it("an error naming no stack of the environment is left alone (a bug, not a config problem)", () => {
    expect(constructionProblem(devEnv(), new Error("TypeError: x is undefined"))).toBeUndefined();
  });
});
