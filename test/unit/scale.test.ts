/**
 * Hundreds of apps: the IAM documents, the ingress shards and the platform stack do not grow with
 * the app list. Synthesizes 1, 50, 200 and 500 generated apps (bootstrap, platform and two app
 * stacks each — app stacks do not depend on the number of apps) and measures every policy
 * document against its AWS limit with the quota model (config/quotas.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize, type SynthResult } from "../../synth";
import { documentSizes, quotaReport, QUOTAS } from "../../config/quotas";
import { fixtureInput } from "../fixtures/env";
import { fakeBundle } from "./helpers";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const SIZES = [1, 50, 200, 500];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-scale-"));
const results = new Map<number, SynthResult>();

async function synthApps(n: number, edit?: (e: Json) => void): Promise<SynthResult> {
  const file = path.join(work, `scale${n}.json`);
  const name = `scale${n}`;
  fs.writeFileSync(file, JSON.stringify(fixtureInput({ apps: n, name }, edit)));
  const apps = [1, n].map((i) => `${name}-app-app${String(i).padStart(3, "0")}`);
  return synthesize({ configFiles: [file], outdir: path.join(work, `out${n}`), stacks: [`${name}-bootstrap`, `${name}-platform`, ...new Set(apps)], skipPolicy: true, authorizerBundle: fakeBundle() });
}

beforeAll(async () => {
  for (const n of SIZES) results.set(n, await synthApps(n));
}, 120_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(SIZES)("%d apps", (n) => {
  const limits = { managedPolicySize: 6144, inlinePoliciesPerRole: 10240, managedPoliciesPerRole: 10, restApiPolicyLength: 8192, roleTrustPolicyLength: 2048, lambdaFunctionPolicySize: 20480, ssmStandardParameterValue: 4096 } as const;

  it("every IAM policy document, REST API resource policy and parameter value is under its AWS limit", () => {
    const r = results.get(n)!;
    const sizes = documentSizes(r.stacks);
    expect(sizes.filter((s) => s.quota === "managedPolicySize").length).toBeGreaterThanOrEqual(4);
    for (const [quota, limit] of Object.entries(limits)) {
      expect(QUOTAS[quota as keyof typeof QUOTAS].default).toBe(limit);
      const over = sizes.filter((s) => s.quota === quota && s.size > limit);
      expect({ quota, over }).toEqual({ quota, over: [] });
    }
  });

  it("no quota is exceeded and at most 50 listeners share an NLB", () => {
    const r = results.get(n)!;
    const checks = quotaReport(r.environments[0], r.stacks);
    expect(checks.filter((c) => c.status === "error")).toEqual([]);
    const listeners = checks.find((c) => c.id === "nlbListenersPerNlb")!;
    expect(listeners.used).toBeLessThanOrEqual(50);
    const platform = r.stacks.find((s) => s.role === "platform")!.json;
    expect(Object.keys(platform.resource.aws_lb)).toHaveLength(Math.ceil((n + 1) / 50));
    expect(Object.keys(platform.resource.aws_api_gateway_vpc_link)).toHaveLength(Math.ceil((n + 1) / 50));
  });
});

describe("size does not grow with the app list", () => {
  it("the deploy policies, the platform's documents and the dashboard are the same size for 50 and 500 apps", () => {
    const by = (n: number) => {
      const r = results.get(n)!;
      const sizes = documentSizes(r.stacks.filter((s) => s.role !== "app"));
      const dashboard = Object.values<Json>(r.stacks.find((s) => s.role === "platform")!.json.resource.aws_cloudwatch_dashboard)[0].dashboard_body.length;
      return { policies: sizes.filter((s) => s.quota === "managedPolicySize").map((s) => [s.where.replace(/scale\d+/g, "E"), s.size]).sort(), dashboard };
    };
    const [a, b] = [by(50), by(500)];
    // the environment name is in the documents: scale50 vs scale500, one character per occurrence
    for (const [i, [where, size]] of a.policies.entries()) {
      const [w2, s2] = b.policies[i];
      expect(w2).toBe(where);
      expect(Math.abs((s2 as number) - (size as number))).toBeLessThan(40);
    }
    expect(Math.abs(b.dashboard - a.dashboard)).toBeLessThan(10);
  });

  it("the deploy roles carry the environment tag the chaining statement requires", () => {
    const boot = results.get(50)!.stacks.find((s) => s.role === "bootstrap")!.json;
    const roles = Object.values<Json>(boot.resource.aws_iam_role).filter((r) => r.name === "aoa-deployer");
    expect(roles.length).toBe(51);
    for (const r of roles) expect(r.tags).toEqual({ "aoa:environment": "acme-scale50" });
  });

  it("shown failing: a per-app statement list would exceed the managed policy limit at 200 apps", () => {
    const r = results.get(200)!;
    const boot = r.stacks.find((s) => s.role === "bootstrap")!;
    const json = JSON.parse(JSON.stringify(boot.json));
    const network = Object.values<Json>(json.resource.aws_iam_policy).find((p) => p.name === "aoa-deployer-network");
    const doc = JSON.parse(network.policy);
    doc.Statement.push({ Effect: "Allow", Action: "ec2:CreateVpcEndpoint", Resource: r.environments[0].apps.map((a) => `arn:aws:ec2:eu-west-1:${a.account}:vpc-endpoint-service/*`) });
    network.policy = JSON.stringify(doc);
    const checks = quotaReport(r.environments[0], [{ name: boot.name, json }]);
    const c = checks.find((x) => x.id === "managedPolicySize")!;
    expect(c.status).toBe("error");
    expect(c.message).toContain("Managed policy size");
    expect(c.message).toContain("aoa-deployer-network");
  });
});
