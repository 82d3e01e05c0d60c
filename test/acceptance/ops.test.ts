/**
 * Acceptance: the pipeline commands (plan, apply, drift, promote) in-process against one patched
 * moto and one applied environment — `loca`, a JSON copy of environments/local.ts — and `locb`,
 * a second copy that promotes from it (same accounts, own state directory, never applied).
 *
 *  1. plan of the fresh environment: bootstrap and platform plan, the apps are "blocked: platform
 *     not applied" (their SSM contract data sources fail), exit 0;
 *  2. apply: bootstrap → platform → apps, each stack planned right before its saved plan is applied;
 *  3. drift right after the apply: no wolf cried for the apps; an out-of-band change through the
 *     SDK (stage throttling, access log retention) makes drift exit 2 naming both resources;
 *  4. promotion loca → locb: refused while loca's new version is only configured, allowed once
 *     it is applied (read from loca's release parameter in SSM; also from its terraform output).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetRestApisCommand, UpdateStageCommand } from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { describeIfTools, startMoto, type Moto } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { emulatorAccountConfig } from "../../ops/emulator";
import { runEnvironment, type OpsContext } from "../../ops/orchestrate";
import { driftEnvironment, driftMain } from "../../ops/drift";
import { promote, promoteMain } from "../../ops/promote";
import { localFixture } from "../fixtures/env";
const localEnv = localFixture(); // the product's own emulator environment, not environments/local.ts (the user's data)
import type { EnvironmentInput } from "../../config/schema";

const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";

describeIfTools("pipeline commands against moto: plan, apply, drift, promote", () => {
  let moto: Moto;
  let work: string;
  let envDir: string;
  let loca: EnvironmentInput;
  let ctx: OpsContext;
  const lines: string[] = [];
  const locaFile = () => path.join(envDir, "loca.json");
  const locbFile = () => path.join(envDir, "locb.json");

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-ops-accept-"));
    envDir = path.join(work, "environments");
    const rename = (name: string, stateDir: string): EnvironmentInput => ({
      ...JSON.parse(JSON.stringify(localEnv)),
      name,
      state: { backend: "local", directory: path.join(work, stateDir) },
      suppressions: (localEnv.suppressions ?? []).map((s) => ({ ...s, resource: s.resource.replace(/^local-/, `${name}-`) })),
    });
    loca = await createLocalFixtures(rename("loca", "state-a"), (account) => emulatorAccountConfig(moto.endpoint, REGION, account, ROLE));
    writeEnvironmentJson(loca, locaFile());
    // locb: same accounts and fixtures, its own state; promotes from loca
    writeEnvironmentJson({ ...JSON.parse(JSON.stringify(loca)), name: "locb", promotesFrom: "loca", state: { backend: "local", directory: path.join(work, "state-b") }, suppressions: [] }, locbFile());
    ctx = {
      endpoint: moto.endpoint,
      workDir: path.join(work, "ops"),
      log: (l) => {
        lines.push(`${Date.now()} ${l}`);
        process.stderr.write(`${l}\n`);
      },
    };
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("plan of the fresh environment: apps are blocked by the missing platform contract, not failed", async () => {
    const { report } = await runEnvironment("plan", { ...ctx, configFile: locaFile(), out: path.join(work, "reports") });
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["loca-bootstrap", "changes"],
      ["loca-platform", "changes"],
      ["loca-app-orders", "blocked"],
      ["loca-app-payments", "blocked"],
    ]);
    expect(report.ok).toBe(true);
    expect(report.stacks[1].counts?.add).toBeGreaterThan(20);
    const md = fs.readFileSync(path.join(work, "reports", "plan-loca.md"), "utf8");
    expect(md).toContain("| loca-app-orders | - | - | - | - | blocked: platform not applied |");
  }, 600_000);

  it("apply: bootstrap, then platform, then both apps — each from the plan saved right before", async () => {
    lines.length = 0;
    const started = Date.now();
    const { report } = await runEnvironment("apply", { ...ctx, configFile: locaFile(), parallel: 2, out: path.join(work, "reports") });
    process.stderr.write(`[ops acceptance] apply took ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["loca-bootstrap", "applied"],
      ["loca-platform", "applied"],
      ["loca-app-orders", "applied"],
      ["loca-app-payments", "applied"],
    ]);
    const at = (re: RegExp) => {
      const l = lines.find((x) => re.test(x));
      if (!l) throw new Error(`no log line ${re}`);
      return Number(l.split(" ")[0]);
    };
    expect(at(/\[loca-bootstrap\] applied/)).toBeLessThanOrEqual(at(/\[loca-platform\] planning/));
    expect(at(/\[loca-platform\] applied/)).toBeLessThanOrEqual(at(/\[loca-app-orders\] planning/));
    expect(at(/\[loca-platform\] applied/)).toBeLessThanOrEqual(at(/\[loca-app-payments\] planning/));
    for (const s of report.stacks) expect(fs.existsSync(s.planFile!)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(work, "reports", "apply-loca.json"), "utf8")).ok).toBe(true);
  }, 1_200_000);

  it("drift right after the apply cries no wolf: exit 0", async () => {
    const { report } = await driftEnvironment({ ...ctx, configFile: locaFile(), out: path.join(work, "reports") });
    for (const s of report.stacks) {
      expect([s.stack, s.status, s.drifted, s.pending]).toEqual([s.stack, "clean", [], []]);
      expect(s.ignored.length).toBeGreaterThan(0); // the refresh noise was there, and filtered
    }
    expect(report.exitCode).toBe(0);
  }, 600_000);

  it("an out-of-band change through the SDK makes drift exit 2, naming the resource and attribute", async () => {
    const shared = await emulatorAccountConfig(moto.endpoint, REGION, SHARED, ROLE);
    const apigw = new APIGatewayClient(shared);
    const api = (await apigw.send(new GetRestApisCommand({}))).items!.find((a) => a.name === "acme-loca-orders")!;
    await apigw.send(new UpdateStageCommand({ restApiId: api.id!, stageName: "live", patchOperations: [{ op: "replace", path: "/*/*/throttling/rateLimit", value: "999" }] }));
    await new CloudWatchLogsClient(shared).send(new PutRetentionPolicyCommand({ logGroupName: "/aws/apigateway/acme-loca-orders/access", retentionInDays: 30 }));

    const out: string[] = [];
    const code = await driftMain(["--config", locaFile(), "--stack", "loca-app-orders", "--out", path.join(work, "reports")], ctx, { out: (l) => out.push(l) });
    const text = out.join("\n");
    expect(code).toBe(2);
    expect(text).toMatch(/loca-app-orders: aws_api_gateway_method_settings\.api_settings-all_\w+ settings\[0\]\.throttling_rate_limit: 100 → 999/);
    expect(text).toMatch(/loca-app-orders: aws_cloudwatch_log_group\.api_access-logs_\w+ retention_in_days: 7 → 30/);
    expect(text.match(/→/g)).toHaveLength(2); // nothing else
    const md = fs.readFileSync(path.join(work, "reports", "drift-loca.md"), "utf8");
    expect(md).toContain("an apply would update it back");
  }, 600_000);

  it("promotion: nothing to promote while loca's new version is only configured, promoted once applied", async () => {
    // loca's config moves to 1.5.0; loca still runs 1.4.0, which locb pins
    const cfg = JSON.parse(fs.readFileSync(locaFile(), "utf8"));
    cfg.apps.find((a: { name: string }) => a.name === "orders").version = "1.5.0";
    writeEnvironmentJson(cfg, locaFile());
    const locbBefore = fs.readFileSync(locbFile(), "utf8");

    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    // nothing new is live in loca: up to date (exit 0, like terraform with no changes), saying why 1.5.0 is not promoted
    expect(await promoteMain(["--from", "loca", "--to", "locb", "--app", "orders", "--config-dir", envDir], ctx, io)).toBe(0);
    expect(out.join("\n")).toContain("'loca' runs orders 1.4.0, which 'locb' already pins ('loca' pins 1.5.0 in its config, but that is not deployed — apply loca first)");
    expect(fs.readFileSync(locbFile(), "utf8")).toBe(locbBefore);

    const { report } = await runEnvironment("apply", { ...ctx, configFile: locaFile(), stacks: ["loca-app-orders"], out: null });
    expect(report.stacks.map((s) => s.status)).toEqual(["applied"]);

    // what is live, read from loca's terraform state, too (dry run)
    const viaState = await promote({ ...ctx, from: "loca", to: "locb", app: "orders", configDir: envDir, via: "terraform", dryRun: true });
    expect(viaState.decisions[0]).toMatchObject({ status: "promoted", deployed: { version: "1.5.0", source: "terraform output of loca-app-orders" } });

    out.length = 0;
    expect(await promoteMain(["--from", "loca", "--to", "locb", "--app", "orders", "--config-dir", envDir], ctx, io)).toBe(0);
    expect(out.join("\n")).toContain("(orders: 1.4.0 → 1.5.0, live in loca per ssm:/acme/loca/apps/orders/release)");
    const after = fs.readFileSync(locbFile(), "utf8");
    const diff = locbBefore.split("\n").map((l, i) => [l, after.split("\n")[i]]).filter(([a, b]) => a !== b);
    expect(diff).toEqual([['      "version": "1.4.0",', '      "version": "1.5.0",']]);
  }, 600_000);
});
