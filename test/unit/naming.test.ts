/**
 * The naming module owns every AWS name the stacks derive: each name of the fixture and of
 * generated environments (1–200 apps, the longest prefixes and app names the schema allows) fits
 * its service's rule, shortened names never end in '-', stay unique and stable, and keep the
 * `<orgPrefix>-<env>-` prefix the deploy roles' IAM patterns rely on. The synthesized Terraform is
 * checked too, so a construct that builds a name on its own is caught.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { ingressShards } from "../../config/ingress-shards";
import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { NAME_RULES, awsName, generatedNames, nameProblem, resourcePrefix, ssmTierFor, type NameKind } from "../../config/naming";
import { addEnvironment } from "../../stacks";
import { authorizerRouteTable } from "../../modules/openapi";
import { devFixture, fixtureInput } from "../fixtures/env";
import { fakeBundle } from "./helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Longest orgPrefix and env name (12 each) and 30-character app names sharing a 27-character prefix. */
function longest(apps: number): Environment {
  const input = fixtureInput({ apps, name: "e".repeat(10) + String(apps).padStart(2, "0").slice(-2) }, (e: Raw) => {
    e.orgPrefix = "o".repeat(12);
    e.accounts.deployRoleName = "d".repeat(64);
    e.apps.forEach((a: Raw, i: number) => {
      a.name = `${"a".repeat(27)}${String(i).padStart(3, "0")}`;
      a.basePath = `p${i}`;
      a.usagePlans = [{ name: "u".repeat(30), quota: { limit: 10, period: "DAY" }, throttling: { rateLimit: 1, burstLimit: 1 }, apiKeys: ["k".repeat(30)] }];
      a.apiKeyRequired = true; // a usage plan needs keyed routes (config/gateway-rules.ts)
    });
  });
  const r = validateEnvironment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 5)));
  return r.env;
}

describe("awsName", () => {
  it("keeps names that fit, unchanged (no churn for existing stacks)", () => {
    expect(awsName("loadBalancer", "acme-dev-orders-expose")).toBe("acme-dev-orders-expose");
  });
  it("shortens deterministically, never ending in '-', within the limit", () => {
    // the ~22-character app name of the issue: cut at 32 it would end in '-'
    const full = "acme-dev-customer-portal-backnd-expose";
    expect(full.slice(0, 32).endsWith("-")).toBe(true);
    const a = awsName("loadBalancer", full);
    expect(a).toBe(awsName("loadBalancer", full));
    expect(a.length).toBeLessThanOrEqual(32);
    expect(nameProblem("loadBalancer", a)).toBeUndefined();
    expect(a).toMatch(/^acme-dev-customer-portal-[0-9a-f]{6}$/);
  });
  it("two names sharing a long prefix stay distinct", () => {
    expect(awsName("targetGroup", `${"x".repeat(40)}-a-alb`)).not.toBe(awsName("targetGroup", `${"x".repeat(40)}-b-alb`));
  });
  it("nameProblem refuses what the services refuse", () => {
    expect(nameProblem("loadBalancer", "a-")).toMatch(/ending/);
    expect(nameProblem("loadBalancer", "internal-x")).toMatch(/internal-/);
    expect(nameProblem("targetGroup", "x".repeat(33))).toMatch(/33 characters/);
    expect(nameProblem("ssmParameter", "/aws/x")).toMatch(/aws/);
    expect(nameProblem("wafLogGroup", "waf-logs-x")).toMatch(/aws-waf-logs-/);
    expect(nameProblem("lambdaFunction", "a.b")).toMatch(/letters/);
    expect(nameProblem("loadBalancer", "ok-name")).toBeUndefined();
  });
});

describe("every generated name fits its rule", () => {
  const check = (env: Environment) => {
    const names = generatedNames(env);
    const bad = names.map((n) => [n, nameProblem(n.kind, n.name)] as const).filter(([, p]) => p);
    expect(bad.map(([n, p]) => `${n.field} ${n.name}: ${p}`)).toEqual([]);
    for (const n of names) expect(n.name.endsWith("-")).toBe(false);
    // unique within their scope (apigw names need not be)
    const seen = new Set<string>();
    for (const n of names.filter((x) => !x.scope.startsWith("apigw-") && !x.scope.startsWith("waf-metric") && !x.scope.startsWith("iam-policy") && !x.scope.startsWith("ssm-authz"))) {
      const key = `${n.scope}|${n.name}`;
      expect(seen.has(key) ? key : "").toBe("");
      seen.add(key);
    }
    // the deploy roles' IAM patterns (`<orgPrefix>-<env>-*`) still match the shortened ones
    const prefix = `${resourcePrefix(env)}-`;
    for (const n of names.filter((x) => ["loadBalancer", "targetGroup", "iamRole", "logGroup", "wafName", "snsTopic", "dashboard", "alarm"].includes(x.kind) && x.field !== "accounts.deployRoleName")) {
      expect(n.name.replace(/^\/aws\/(lambda|apigateway)\/|^aws-waf-logs-/, "").startsWith(prefix) ? "" : n.name).toBe("");
    }
    return names;
  };
  it("the dev fixture", () => {
    const r = validateEnvironment(devFixture());
    if (!r.ok) throw new Error("invalid");
    expect(check(r.env).length).toBeGreaterThan(40);
  });
  it.each([1, 2, 50, 200])("%i generated apps with the longest prefixes and names", (n) => {
    const env = longest(n);
    const names = check(env);
    // one NLB per app (workload account) and one per private ingress shard (platform)
    expect(names.filter((x) => x.kind === "loadBalancer")).toHaveLength(n + ingressShards(env).length);
  });
});

describe("the synthesized stacks use only names of the naming module", () => {
  // resource type -> [name attribute, rule]
  const ATTRS: Record<string, [string, NameKind]> = {
    aws_lb: ["name", "loadBalancer"],
    aws_lb_target_group: ["name", "targetGroup"],
    aws_iam_role: ["name", "iamRole"],
    aws_iam_policy: ["name", "iamPolicy"],
    aws_lambda_function: ["function_name", "lambdaFunction"],
    aws_lambda_permission: ["statement_id", "lambdaStatementId"],
    aws_cloudwatch_log_group: ["name", "logGroup"],
    aws_wafv2_ip_set: ["name", "wafName"],
    aws_wafv2_web_acl: ["name", "wafName"],
    aws_cloudwatch_metric_alarm: ["alarm_name", "alarm"],
    aws_cloudwatch_dashboard: ["dashboard_name", "dashboard"],
    aws_sns_topic: ["name", "snsTopic"],
    aws_security_group: ["name", "securityGroup"],
  };
  it("every named resource of a 3-app environment with the longest names passes its rule and appears in generatedNames", () => {
    const env = longest(3);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-names-"));
    try {
      const app = new App({ outdir, stackTraces: false });
      addEnvironment(app, { ...env, edge: { ...env.edge, waf: { ...env.edge.waf, allowCidrs: ["198.51.100.0/24", "2001:db8::/32"] } } }, { authorizerBundle: fakeBundle() });
      app.synth();
      const generated = new Set(generatedNames(env).map((n) => n.name));
      const seen: string[] = [];
      for (const dir of fs.readdirSync(path.join(outdir, "stacks"))) {
        const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", dir, "cdk.tf.json"), "utf8"));
        for (const [type, [attr, kind]] of Object.entries(ATTRS)) {
          for (const [id, r] of Object.entries<Raw>(json.resource?.[type] ?? {})) {
            const name = r[attr];
            if (typeof name !== "string" || name.includes("${")) continue;
            seen.push(name);
            expect([`${type}.${id}`, nameProblem(kind, name)]).toEqual([`${type}.${id}`, undefined]);
            if (type !== "aws_iam_policy" || !(name.startsWith("d") || name.startsWith(env.accounts.plannerRoleName))) expect([type, name, generated.has(name) || (type === "aws_iam_role" && (name === env.accounts.deployRoleName || name === env.accounts.plannerRoleName))]).toEqual([type, name, true]);
          }
        }
      }
      expect(seen.length).toBeGreaterThan(30);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("name collisions are config errors naming both fields", () => {
  it("two environments sharing orgPrefix + name", () => {
    // generatedNames is per environment; the cross-environment check names the other environment
    const { crossEnvironmentProblems } = jest.requireActual("../../config/aws-rules") as typeof import("../../config/aws-rules");
    const a = validateEnvironment(devFixture());
    const b = validateEnvironment(devFixture((e) => (e.domain.name = "api2.dev.acme-example.com")));
    if (!a.ok || !b.ok) throw new Error("invalid");
    const out = crossEnvironmentProblems([a.env, { ...b.env, name: "dev" }]);
    expect(out.map((o) => o.problem.path)).toContain("orgPrefix");
    // the valid neighbour: another environment name
    const ok = crossEnvironmentProblems([a.env, { ...b.env, name: "dev2" }]);
    expect(ok).toEqual([]);
  });
  it("two environments with the same custom domain", () => {
    const { crossEnvironmentProblems } = jest.requireActual("../../config/aws-rules") as typeof import("../../config/aws-rules");
    const a = validateEnvironment(devFixture());
    if (!a.ok) throw new Error("invalid");
    const out = crossEnvironmentProblems([a.env, { ...a.env, name: "dev2" }]);
    expect(out).toEqual([{ env: "dev2", problem: expect.objectContaining({ path: "domain.name", value: "api.dev.acme-example.com" }) }]);
  });
});

describe("SSM route table tier", () => {
  it("Standard up to 4,096 bytes, Advanced from 4,097", () => {
    expect(ssmTierFor("x".repeat(4096))).toBe("Standard");
    expect(ssmTierFor("x".repeat(4097))).toBe("Advanced");
    // multi-byte characters count as bytes
    expect(ssmTierFor("é".repeat(2049))).toBe("Advanced");
  });
  it("an app whose route table crosses 4 KB gets an Advanced parameter; a small one stays Standard", () => {
    const build = (routes: number) => {
      const r = validateEnvironment(devFixture((e) => (e.apps[0].routes = Array.from({ length: routes }, (_, i) => ({ method: "GET", path: `/r${i}`, scopes: [`orders:read-${"s".repeat(20)}-${i}`] })))));
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-ssm-"));
      try {
        const app = new App({ outdir, stackTraces: false });
        addEnvironment(app, r.env, { authorizerBundle: fakeBundle(), only: ["dev-app-orders"] });
        app.synth();
        const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "dev-app-orders", "cdk.tf.json"), "utf8"));
        const p = json.resource.aws_ssm_parameter["route-table"] ?? Object.values<Raw>(json.resource.aws_ssm_parameter).find((x) => x.description?.startsWith("Route scopes"));
        return { tier: p.tier, bytes: Buffer.byteLength(p.value, "utf8") };
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    };
    // find the boundary: the largest route count at or under 4,096 bytes and the next one
    const tableBytes = (routes: number) => {
      const r = validateEnvironment(devFixture((e) => (e.apps[0].routes = Array.from({ length: routes }, (_, i) => ({ method: "GET", path: `/r${i}`, scopes: [`orders:read-${"s".repeat(20)}-${i}`] })))));
      if (!r.ok) throw new Error("invalid");
      return Buffer.byteLength(JSON.stringify(authorizerRouteTable(r.env.apps[0])), "utf8");
    };
    let n = 1;
    while (tableBytes(n + 1) <= 4096) n++;
    const below = build(n);
    const above = build(n + 1);
    expect(below.bytes).toBeLessThanOrEqual(4096);
    expect(below.tier).toBe("Standard");
    expect(above.bytes).toBeGreaterThan(4096);
    expect(above.tier).toBe("Advanced");
  });
  it("keys of NAME_RULES all carry an AWS source", () => {
    for (const [k, r] of Object.entries(NAME_RULES)) expect([k, r.source.length > 5]).toEqual([k, true]);
  });
});

describe("a generated-name collision names both fields", () => {
  it("two apps deriving the same names (same app name) are reported on the second, naming the first", () => {
    const { generatedNameProblems } = jest.requireActual("../../config/aws-rules") as typeof import("../../config/aws-rules");
    const input: Raw = devFixture((e) => (e.apps[1].name = "orders"));
    const problems = generatedNameProblems(input);
    expect(problems).toContainEqual(expect.objectContaining({ path: "apps[1].name", value: "acme-dev-orders-ep", message: expect.stringContaining("already used by apps[0].name") }));
    // the valid neighbour: distinct names, no collision
    expect(generatedNameProblems(devFixture() as Raw)).toEqual([]);
  });
});
