/**
 * README commands that need no emulator, run as written in a fresh clone of HEAD: synth and its
 * flags, routes, docs --check, bench, and the usage errors (exit 64). The local lifecycle
 * (local up/status/down, plan/apply/drift/promote/preflight/tf --env local) is local.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cloneHead, npmRun, type Clone } from "./support";

describe("README commands without an emulator (fresh clone of HEAD)", () => {
  let c: Clone;
  beforeAll(() => {
    c = cloneHead("quick");
  });
  afterAll(() => c?.remove());

  it("npm run synth: every stack of every example environment into cdktf.out/", async () => {
    const r = await npmRun(c.dir, "npm run synth");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dev-platform/);
    expect(r.stdout).toMatch(/\d+ stacks of [a-z, ]*dev[a-z, ]* written to cdktf\.out in/);
    expect(fs.existsSync(path.join(c.dir, "cdktf.out", "stacks", "prod-app-orders", "cdk.tf.json"))).toBe(true);
    // reports no absolute machine path
    expect(r.stdout).not.toContain(c.dir);
  });

  it("npm run synth -- --env dev,staging, --config FILE, --stack NAME --out DIR (a parent that does not exist)", async () => {
    const envs = await npmRun(c.dir, "npm run synth -- --env dev,staging");
    expect(envs.code).toBe(0);
    expect(envs.stdout).toMatch(/stacks of dev, staging written/);
    const cfg = await npmRun(c.dir, "npm run synth -- --config environments/local.ts");
    expect(cfg.code).toBe(0);
    expect(cfg.stdout).toMatch(/local-app-payments/);
    const quotas = await npmRun(c.dir, "npm run synth -- --env dev --quotas");
    expect(quotas.code).toBe(0);
    expect(quotas.stdout).toMatch(/AWS quotas of dev[\s\S]*Regional APIs per Region/);
    const one = await npmRun(c.dir, "npm run synth -- --env dev --stack dev-app-orders --out out/nested/synth");
    expect(one.code).toBe(0);
    expect(fs.readdirSync(path.join(c.dir, "out", "nested", "synth", "stacks"))).toEqual(["dev-app-orders"]);
  });

  it("usage errors exit 64 and say what is valid", async () => {
    const stack = await npmRun(c.dir, "npm run synth -- --env dev --stack dev-app-nope");
    expect(stack.code).toBe(64);
    expect(stack.stderr).toMatch(/unknown stack dev-app-nope \(valid: dev-bootstrap, dev-platform, dev-app-[\w-]+(, dev-app-[\w-]+)*\)/);
    const env = await npmRun(c.dir, "npm run synth -- --env nowhere");
    expect(env.code).toBe(64);
    expect(env.stderr).toMatch(/unknown environment 'nowhere' \(known: [a-z0-9, -]*dev[a-z0-9, -]*\)/);
    const flag = await npmRun(c.dir, "npm run plan -- --env dev --bogus");
    expect(flag.code).toBe(64);
    expect(flag.stderr).toMatch(/usage error: Unknown option '--bogus'/);
    const missing = await npmRun(c.dir, "npm run local");
    expect(missing.code).toBe(64);
    expect(missing.stderr).toMatch(/up, down or status\?/);
    const drift = await npmRun(c.dir, "npm run drift -- --parallel 0 --env dev");
    expect(drift.code).toBe(64);
    const promote = await npmRun(c.dir, "npm run promote -- --from dev");
    expect(promote.code).toBe(64);
    const tf = await npmRun(c.dir, "npm run tf -- nowhere-platform state list");
    expect(tf.code).toBe(64);
    expect(tf.stderr).toMatch(/unknown stack 'nowhere-platform'/);
  });

  it("npm run routes -- --env dev [--config FILE] [--out DIR]: the route map", async () => {
    const r = await npmRun(c.dir, "npm run routes -- --env dev");
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(c.dir, "docs", "routes", "dev.md"), "utf8")).toMatch(/orders/);
    const cfg = await npmRun(c.dir, "npm run routes -- --config environments/local.ts --out out/routes");
    expect(cfg.code).toBe(0);
    expect(fs.existsSync(path.join(c.dir, "out", "routes", "local.json"))).toBe(true);
  });

  it("npm run docs -- --check passes on the committed docs, and fails (exit 1) once an app changes", async () => {
    const ok = await npmRun(c.dir, "npm run docs -- --check");
    expect(ok.code).toBe(0);
    const file = path.join(c.dir, "environments", "apps", "orders.ts");
    const src = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, src.replace(/routes: \[/, 'routes: [\n    { method: "PUT", path: "/{orderId}", scopes: ["orders:write"] },'));
    try {
      const stale = await npmRun(c.dir, "npm run docs -- --env dev --check");
      expect(stale.code).toBe(1);
      const regen = await npmRun(c.dir, "npm run docs -- --env dev --out out/docs");
      expect(regen.code).toBe(0);
      expect(fs.readFileSync(path.join(c.dir, "out", "docs", "routes", "dev.md"), "utf8")).toMatch(/PUT/);
    } finally {
      fs.writeFileSync(file, src);
    }
  });

  it("npm run bench (one run of one size, quick)", async () => {
    const r = await npmRun(c.dir, "npm run bench -- --runs 1 --stock-runs 1 --sizes 1 --skip-authorizer", { timeoutMs: 300_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 app/);
  }, 300_000);
});
