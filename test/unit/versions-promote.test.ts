/**
 * `promote` shows what it promotes: the route-level difference the new pin makes in the target
 * and the stacks whose synthesized Terraform changes — from two JSON environments built from
 * test/fixtures/env.ts (one app file with a release log, pinned differently), never environments/.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatPromotion, promote, promoteMain, type DeployedReader } from "../../ops/promote";
import { writeEnvironmentJson } from "../../ops/local-fixtures";
import { versionedFixture } from "../fixtures/env";

const live = (version: string): DeployedReader => async (env, app) => (app === "orders" ? { version, source: `ssm:/acme/${env.name}/apps/${app}/release` } : undefined);

function envDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "versions-promote-"));
  writeEnvironmentJson(versionedFixture("2.0.0"), path.join(dir, "dev.json"));
  // its own custom domain: API Gateway holds a domain name once per Region (validated across environment files)
  writeEnvironmentJson(versionedFixture("1.1.0", (e) => Object.assign(e, { name: "qa", promotesFrom: "dev", domain: { ...e.domain, name: `qa.${e.domain.hostedZone.name}` } })), path.join(dir, "qa.json"));
  return dir;
}

describe("promote --dry-run prints what the promotion changes in the target", () => {
  let dir: string;
  beforeEach(() => (dir = envDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("route differences (removed, changed properties) and the stacks that change; nothing written", async () => {
    const before = fs.readFileSync(path.join(dir, "qa.json"), "utf8");
    const out: string[] = [];
    const code = await promoteMain(["--from", "dev", "--to", "qa", "--app", "orders", "--config-dir", dir, "--dry-run"], { readDeployed: live("2.0.0") }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    const text = out.join("\n");
    expect(code).toBe(0);
    expect(text).toContain("route changes in qa (if promoted):\n  orders 1.1.0 → 2.0.0\n");
    expect(text).toContain("    - GET /legacy (scopes [orders:read])\n");
    expect(text).toContain("    ~ GET /{orderId} scopes: [orders:read] → [orders:read, orders:detail]\n");
    expect(text).toContain("    ~ GET /{orderId} throttling: (unset) → { burstLimit: 40, rateLimit: 20 }\n");
    expect(text).toMatch(/\n {2}qa-app-orders: \d+ resources \([^)]*aws_api_gateway_rest_api\.[^)]*aws_ssm_parameter\.route-table[^)]*\); output version\n/);
    expect(text).toContain("  unchanged: qa-bootstrap, qa-platform, qa-app-payments");
    expect(fs.readFileSync(path.join(dir, "qa.json"), "utf8")).toBe(before);
  }, 60_000);

  it("an added route is listed with its scopes; the preview is also in the result", async () => {
    const r = await promote({ from: "dev", to: "qa", app: "orders", configDir: dir, dryRun: true, readDeployed: live("2.0.0") });
    fs.writeFileSync(path.join(dir, "qa.json"), fs.readFileSync(path.join(dir, "qa.json"), "utf8").replace('"version": "1.1.0"', '"version": "1.0.0"'));
    const fromOld = await promote({ from: "dev", to: "qa", app: "orders", configDir: dir, dryRun: true, readDeployed: live("1.1.0") });
    expect(fromOld.preview!.apps[0].routes.added.map((x) => `${x.method} ${x.path}`)).toEqual(["POST /"]);
    expect(formatPromotion(fromOld).join("\n")).toContain("+ POST / (scopes [orders:write]; validate all)");
    expect(r.preview!.changed.map((s) => s.stack)).toEqual(["qa-app-orders"]);
  }, 60_000);

  it("a live version the target's app definition does not declare is refused with the field path; nothing written", async () => {
    const before = fs.readFileSync(path.join(dir, "qa.json"), "utf8");
    const err: string[] = [];
    const code = await promoteMain(["--from", "dev", "--to", "qa", "--app", "orders", "--config-dir", dir], { readDeployed: live("3.0.0") }, { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join("\n")).toMatch(/apps\[0\]\.version: must name a release of app 'orders' \(declared: 1\.0\.0, 1\.1\.0, 2\.0\.0\) \(got "3\.0\.0"\)/);
    expect(fs.readFileSync(path.join(dir, "qa.json"), "utf8")).toBe(before);
  }, 60_000);

  it("still refuses a version that is not live in --from", async () => {
    const r = await promote({ from: "dev", to: "qa", app: "orders", configDir: dir, dryRun: true, readDeployed: async () => undefined });
    expect(r.exitCode).toBe(1);
    expect(r.preview).toBeUndefined();
    expect(r.decisions[0]).toMatchObject({ status: "refused", reason: expect.stringContaining("'orders' is not deployed in 'dev'") });
  });
});

describe("npm run synth shows each environment's version and what its next promotion brings", () => {
  it("two pins of one app file: the upstream's extra route is listed for the target", () => {
    const dir = envDir();
    try {
      const r = spawnSync("npm", ["run", "--silent", "synth", "--", "--config", path.join(dir, "dev.json"), "--config", path.join(dir, "qa.json"), "--out", path.join(dir, "out")], { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/\ndev +orders +2\.0\.0 +-\n/);
      expect(r.stdout).toMatch(/\nqa +orders +1\.1\.0 +2\.0\.0 from dev: - GET \/legacy \(scopes \[orders:read\]\); ~ GET \/\{orderId\} scopes: \[orders:read\] → \[orders:read, orders:detail\]; ~ GET \/\{orderId\} throttling: \(unset\) → \{ burstLimit: 40, rateLimit: 20 \}\n/);
      expect(r.stdout).toMatch(/\nqa +payments +2\.0\.1 +up to date\n/);
      // and the synthesized APIs differ accordingly
      const paths = (stack: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "out", "openapi", `${stack}.json`), "utf8")).paths).sort();
      expect(paths("dev-app-orders")).toEqual(["/", "/health", "/{orderId}"]);
      expect(paths("qa-app-orders")).toEqual(["/", "/health", "/legacy", "/{orderId}"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
