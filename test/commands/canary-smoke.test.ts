/**
 * The README's canary and smoke command lines, run as written in a fresh clone of HEAD (no
 * emulator, no AWS): canary status and a promote dry run on dev's notifications canary (nothing
 * written), smoke's check list, and smoke on the moto-backed local environment, which must list
 * every check as not checkable rather than pass it. Promote/rollback for real are applied into
 * moto in test/acceptance/apps.test.ts; the smoke runner against a token-enforcing gateway is
 * test/unit/smoke.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cloneHead, npmRun, type Clone } from "./support";

describe("canary and smoke commands (fresh clone of HEAD)", () => {
  let c: Clone;
  beforeAll(() => {
    c = cloneHead("canary-smoke");
  });
  afterAll(() => c?.remove());

  it("npm run canary: status, promote --dry-run (nothing written), --config, and usage errors", async () => {
    const status = await npmRun(c.dir, "npm run canary -- --env dev --app notifications status");
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("dev-app-notifications: 0.3.0 on the stage, canary 10 % → version 0.4.0");
    const before = fs.readFileSync(path.join(c.dir, "environments", "dev.ts"), "utf8");
    const dry = await npmRun(c.dir, "npm run canary -- --env dev --app notifications promote --dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/version "0\.3\.0" → "0\.4\.0", canary block removed[\s\S]*dry run: nothing changed/);
    expect(fs.readFileSync(path.join(c.dir, "environments", "dev.ts"), "utf8")).toBe(before);
    const cfg = await npmRun(c.dir, "npm run canary -- --config environments/dev.ts --app notifications status");
    expect(cfg.code).toBe(0);
    const none = await npmRun(c.dir, "npm run canary -- --env dev --app orders rollback --dry-run");
    expect(none.code).toBe(1);
    const usage = await npmRun(c.dir, "npm run canary -- --env dev --app notifications");
    expect(usage.code).toBe(64);
  });

  it("npm run smoke: the check list, and on moto every check is not checkable (exit 0, nothing passed)", async () => {
    const list = await npmRun(c.dir, "npm run smoke -- --env dev --app orders --list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/orders GET \/\{orderId\}: no token → 401/);
    const cfg = await npmRun(c.dir, "npm run smoke -- --config environments/dev.ts --list");
    expect(cfg.code).toBe(0);
    const local = await npmRun(c.dir, "npm run smoke -- --env local");
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/^0 passed, 0 failed, 0 skipped, \d+ not checkable in moto$/m);
    const usage = await npmRun(c.dir, "npm run smoke -- --env dev --token-env AOA_SMOKE_UNSET_VARIABLE");
    expect(usage.code).toBe(64);
  });
});
