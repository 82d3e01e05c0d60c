import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateEnvironment } from "../../config/load";
import { QUOTAS, checkUsage, configQuotaUsage, documentSizes, iamPolicyChars, restApiResources } from "../../config/quotas";
import type { Environment } from "../../config/schema";
import { fixtureInput } from "../fixtures/env";

function valid(input: unknown): Environment {
  const r = validateEnvironment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.env;
}
const usage = (env: Environment, id: keyof typeof QUOTAS) => configQuotaUsage(env).find((u) => u.id === id)!;

describe("quota model", () => {
  it("every quota has a default, adjustability and an AWS source page", () => {
    for (const [id, q] of Object.entries(QUOTAS)) {
      expect({ id, ok: q.default > 0 && typeof q.adjustable === "boolean" && /^https:\/\/docs\.aws\.amazon\.com\//.test(q.source) }).toEqual({ id, ok: true });
    }
  });

  it("601 apps are refused: the field and the quota that cannot be raised", () => {
    const r = validateEnvironment(fixtureInput({ apps: 601 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const p = r.problems.find((x) => x.message.includes("Regional APIs per Region"));
    expect(p).toMatchObject({ path: "apps", value: 601 });
    expect(p!.message).toMatch(/cannot be raised/);
    expect(p!.message).toContain("601 of 600");
  });

  it("600 apps are accepted (the limit itself is allowed)", () => {
    expect(validateEnvironment(fixtureInput({ apps: 600 })).ok).toBe(true);
  });

  it("201 multi-level base paths on one domain are refused", () => {
    const r = validateEnvironment(fixtureInput({ apps: 201 }, (e) => e.apps.forEach((a: { basePath: string; name: string }) => (a.basePath = `${a.name}/v1`))));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => [p.path, p.message.includes("Multi-level API mappings per domain")])).toContainEqual(["apps", true]);
    expect(validateEnvironment(fixtureInput({ apps: 200 }, (e) => e.apps.forEach((a: { basePath: string; name: string }) => (a.basePath = `${a.name}/v1`)))).ok).toBe(true);
  });

  it("an adjustable quota above its default is a warning naming the quota to raise, not an error", () => {
    const env = valid(fixtureInput({ apps: 200 }));
    const c = checkUsage(usage(env, "interfaceEndpointsPerVpc"));
    expect(c.status).toBe("warning");
    expect(c.message).toContain("Interface and Gateway Load Balancer endpoints per VPC");
    expect(c.message).toContain("quotas.interfaceEndpointsPerVpc");
  });

  it("above 80 % of an adjustable quota warns; below does not", () => {
    expect(checkUsage(usage(valid(fixtureInput({ apps: 41 })), "interfaceEndpointsPerVpc")).status).toBe("warning");
    expect(checkUsage(usage(valid(fixtureInput({ apps: 40 })), "interfaceEndpointsPerVpc")).status).toBe("ok");
  });

  it("a declared raise is used by the checks, and exceeding it is an error", () => {
    const raised = (limit: number, apps: number) => valid(fixtureInput({ apps }, (e) => (e.quotas = { interfaceEndpointsPerVpc: { limit, reason: "Service Quotas case 1234567, 2026-11-30" } })));
    const ok = usage(raised(250, 200), "interfaceEndpointsPerVpc");
    expect(ok).toMatchObject({ used: 200, limit: 250, raised: { limit: 250 } });
    expect(checkUsage(ok).status).toBe("ok");
    const r = validateEnvironment(fixtureInput({ apps: 200 }, (e) => (e.quotas = { interfaceEndpointsPerVpc: { limit: 150, reason: "Service Quotas case 1234567, 2026-11-30" } })));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: "apps", value: 200 });
  });

  it("only adjustable quotas can be declared, with a reason, within AWS's maximum", () => {
    const bad = (quotas: unknown) => {
      const r = validateEnvironment(fixtureInput({ apps: 1 }, (e) => (e.quotas = quotas)));
      return r.ok ? [] : r.problems.map((p) => p.path);
    };
    expect(bad({ regionalApisPerRegion: { limit: 1000, reason: "we asked nicely, really" } })).toEqual(["quotas.regionalApisPerRegion"]);
    const hard = validateEnvironment(fixtureInput({ apps: 1 }, (e) => (e.quotas = { regionalApisPerRegion: { limit: 1000, reason: "we asked nicely, really" } })));
    expect(hard.ok ? "" : hard.problems[0].message).toContain('"Regional APIs per Region" cannot be raised');
    expect(bad({ notAQuota: { limit: 1, reason: "typo in the quota id" } })).toEqual(["quotas.notAQuota"]);
    expect(bad({ interfaceEndpointsPerVpc: 250 })).toEqual(["quotas.interfaceEndpointsPerVpc"]);
    expect(bad({ interfaceEndpointsPerVpc: { limit: 100 } })).toContain("quotas.interfaceEndpointsPerVpc.reason");
    expect(bad({ managedPoliciesPerRole: { limit: 25, reason: "case 42, approved yesterday" } })).toContain("quotas.managedPoliciesPerRole.limit");
    expect(bad({ managedPoliciesPerRole: { limit: 20, reason: "case 42, approved yesterday" } })).toEqual([]);
  });

  it("listeners per NLB follow the shard size; one shard of 50 listeners at most", () => {
    const env = valid(fixtureInput({ apps: 200 }));
    expect(usage(env, "nlbListenersPerNlb")).toMatchObject({ used: 50, limit: 50 });
    expect(usage(valid(fixtureInput({ apps: 5 }, (e) => (e.network.ingressShardSize = 2))), "nlbListenersPerNlb").used).toBe(2);
    const r = validateEnvironment(fixtureInput({ apps: 1 }, (e) => (e.network.ingressShardSize = 51)));
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toContain("network.ingressShardSize");
  });

  it("VPC links per Region count the shards: 200 apps at shard size 50 use 5 of 20", () => {
    expect(usage(valid(fixtureInput({ apps: 200 })), "vpcLinksPerRegion").used).toBe(5);
    // shard size 2: 50 apps need 26 shards (ports 10001-10050, shard 0 holds 10000-10001) -> above the default 20
    const c = checkUsage(usage(valid(fixtureInput({ apps: 50 }, (e) => (e.network.ingressShardSize = 2))), "vpcLinksPerRegion"));
    expect(c).toMatchObject({ used: 26, status: "warning" });
  });

  it("resources per API count every path prefix", () => {
    expect(restApiResources([{ path: "/" }, { path: "/a/{id}" }, { path: "/a/{id}/b" }, { path: "/c" }])).toBe(5);
  });

  it("IAM sizes do not count whitespace; per-role aggregates and attachments are measured", () => {
    expect(iamPolicyChars('{ "a" :\n "b" }')).toBe(9);
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "x".repeat(7000) }] });
    const sizes = documentSizes([
      {
        name: "s",
        json: {
          resource: {
            aws_iam_policy: { big: { policy: doc } },
            aws_iam_role: { r: { assume_role_policy: "{}" } },
            aws_iam_role_policy: { a: { role: "${aws_iam_role.r.name}", policy: doc }, b: { role: "${aws_iam_role.r.id}", policy: doc } },
            aws_iam_role_policy_attachment: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, { role: "${aws_iam_role.r.name}", policy_arn: "x" }])),
          },
        },
      },
    ]);
    const get = (q: string) => sizes.filter((s) => s.quota === q);
    expect(get("managedPolicySize")[0].size).toBeGreaterThan(6144);
    expect(get("inlinePoliciesPerRole")).toEqual([{ quota: "inlinePoliciesPerRole", size: iamPolicyChars(doc) * 2, where: "s/aws_iam_role.r" }]);
    expect(get("managedPoliciesPerRole")[0].size).toBe(11);
  });
});

describe("npm run synth prints the headroom; a hard quota exceeded writes nothing", () => {
  const ROOT = path.resolve(__dirname, "..", "..");
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-quota-cli-"))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const synth = (apps: number, out: string, ...flags: string[]) => {
    const file = path.join(tmp, `q${apps}.json`);
    fs.writeFileSync(file, JSON.stringify(fixtureInput({ apps, name: `q${apps}` })));
    return spawnSync(process.execPath, ["--require", "tsx/cjs", "scripts/synth.ts", "--config", file, "--out", out, ...flags], { cwd: ROOT, encoding: "utf8" });
  };

  it("--quotas prints every quota with its use, limit and headroom; so does <out>/quotas.md", () => {
    const out = path.join(tmp, "ok");
    const r = synth(2, out, "--quotas");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = fs.readFileSync(path.join(out, "quotas.md"), "utf8");
    for (const text of [r.stdout, report]) {
      expect(text).toContain("AWS quotas of q2");
      for (const q of Object.values(QUOTAS)) expect(text).toContain(q.name);
      expect(text).toMatch(/Listeners per Network Load Balancer\s+per NLB\s+2\s+50\s+48 \(96 %\)\s+no\s+ok/);
    }
  }, 60_000);

  it("without --quotas: one line for an environment whose quotas are all comfortable", () => {
    const r = synth(2, path.join(tmp, "short"));
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("AWS quotas of q2");
    expect(r.stdout.split("\n").filter((l) => l.includes("quotas of q2"))).toEqual([expect.stringMatching(/^quotas of q2: \d+ checked, all below 80 % of their limits, fullest: .* — full table: npm run synth -- --quotas, .*quotas\.md$/)]);
  }, 60_000);

  it("without --quotas: the rows that need attention (41 apps fill 82 % of the interface endpoints of the VPC)", () => {
    const r = synth(41, path.join(tmp, "attention"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/quotas of q41: \d+ of \d+ need attention/);
    expect(r.stdout).toMatch(/Interface and Gateway Load Balancer endpoints per VPC\s+per VPC\s+41\s+50\s+82 %\s+WARNING/);
    expect(r.stdout).not.toMatch(/Regional APIs per Region/);
  }, 60_000);

  it("601 apps: exit 1, the field path and the quota's name, nothing written", () => {
    const out = path.join(tmp, "refused");
    const r = synth(601, out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('apps: exceeds the AWS quota "Regional APIs per Region"');
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);
});

describe("quota problems come with the other problems", () => {
  it("601 apps and a bad port: both reported in one run", () => {
    const r = validateEnvironment(fixtureInput({ apps: 601 }, (e) => (e.apps[3].ingressPort = 80)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["apps[3].ingressPort", "apps"]));
  });
});
