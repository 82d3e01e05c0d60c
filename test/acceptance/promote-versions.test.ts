/**
 * Acceptance: a promotion promotes something. Two emulator environments built from
 * test/fixtures/env.ts — `vera` (source) and `verb` (promotes from vera, its own accounts) — run
 * the same versioned orders app file (releases 1.0.0, 1.1.0: `POST /` arrives in 1.1.0), vera
 * at 1.1.0 and verb at 1.0.0. Both are applied into one patched moto (bootstrap skipped: the
 * deploy roles are the emulator's), then verb's pin is promoted from what is live in vera
 * (its release parameter in SSM) and verb is applied: POST / appears in verb's REST API
 * (SDK GetResources), verb's platform plans no changes, and vera's API is untouched.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetResourcesCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { describeIfTools, startMoto, type Moto } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { emulatorAccountConfig } from "../../ops/emulator";
import { runEnvironment, type OpsContext } from "../../ops/orchestrate";
import { promoteMain } from "../../ops/promote";
import type { EnvironmentInput } from "../../config/schema";
import { localFixture, versionedOrdersApp } from "../fixtures/env";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROLE = "aoa-deployer";

/** The local fixture with only the orders app, now the versioned app file pinned at `version` (mock backend). */
function environment(name: string, version: string, accounts: { shared: string; orders: string }, work: string, edit?: (e: Raw) => void): EnvironmentInput {
  return localFixture((e) => {
    const orders = e.apps.find((a: Raw) => a.name === "orders");
    e.name = name;
    e.accounts.sharedServices = accounts.shared;
    e.state = { backend: "local", directory: path.join(work, `state-${name}`) };
    e.suppressions = e.suppressions.map((s: Raw) => ({ ...s, resource: s.resource.replace(/^local-/, `${name}-`) }));
    // a mock backend: what a promotion moves is the API (routes of the pin), not the backend — an
    // ALB backend would add the workload NLB's fixed 60 s provider wait to every apply here
    const { ingressPort: _alb, ...app } = orders; // eslint-disable-line @typescript-eslint/no-unused-vars
    e.apps = [{ ...app, ...JSON.parse(JSON.stringify(versionedOrdersApp)), version, account: accounts.orders, backend: { kind: "mock", reason: "acceptance test of promotion" } }];
    edit?.(e);
  });
}

describeIfTools("promotion moves an app's API: the promoted route appears in the target, nothing else changes", () => {
  let moto: Moto;
  let work: string;
  let envDir: string;
  let ctx: OpsContext;
  const file = (n: string) => path.join(envDir, `${n}.json`);
  const workDirOf = (n: string) => path.join(work, "ops", n);
  const REGION = localFixture().region;
  const VERA = { shared: "100000000021", orders: "200000000022" };
  const VERB = { shared: "100000000031", orders: "200000000032" };

  /** `METHOD path` of every method of the app's REST API in `account`, read through the SDK. */
  async function apiMethods(account: string, apiName: string): Promise<string[]> {
    const apigw = new APIGatewayClient(await emulatorAccountConfig(moto.endpoint, REGION, account, ROLE));
    const api = (await apigw.send(new GetRestApisCommand({}))).items!.find((a) => a.name === apiName);
    if (!api) throw new Error(`no REST API ${apiName} in ${account}`);
    const res = await apigw.send(new GetResourcesCommand({ restApiId: api.id!, limit: 500, embed: ["methods"] }));
    return res.items!.flatMap((r) => Object.keys(r.resourceMethods ?? {}).filter((m) => m !== "OPTIONS").map((m) => `${m} ${r.path}`)).sort();
  }

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-versions-accept-"));
    envDir = path.join(work, "environments");
    const cfg = (account: string) => emulatorAccountConfig(moto.endpoint, REGION, account, ROLE);
    const [vera, verb] = await Promise.all([
      createLocalFixtures(environment("vera", "1.1.0", VERA, work), cfg),
      createLocalFixtures(environment("verb", "1.0.0", VERB, work, (e) => (e.promotesFrom = "vera")), cfg),
    ]);
    writeEnvironmentJson(vera, file("vera"));
    writeEnvironmentJson(verb, file("verb"));
    ctx = { endpoint: moto.endpoint, workDir: path.join(work, "ops"), log: (l) => process.stderr.write(`${l}\n`) };
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("both environments applied: each REST API has the routes of its own pin", async () => {
    const started = Date.now();
    // the terraform runs overlap; the two synths (one process, one authorizer build) do not
    let synthesized!: () => void;
    const veraSynthesized = new Promise<void>((r) => (synthesized = r));
    const log = (l: string) => {
      if (l.startsWith("apply vera:")) synthesized();
      ctx.log!(l);
    };
    const a$ = runEnvironment("apply", { ...ctx, workDir: workDirOf("vera"), log, configFile: file("vera"), skipBootstrap: true, out: null });
    await Promise.race([veraSynthesized, a$]);
    const b$ = runEnvironment("apply", { ...ctx, workDir: workDirOf("verb"), configFile: file("verb"), skipBootstrap: true, out: null });
    const [a, b] = await Promise.all([a$, b$]);
    process.stderr.write(`[versions acceptance] both applies took ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
    expect(a.report.stacks.map((s) => [s.stack, s.status])).toEqual([["vera-platform", "applied"], ["vera-app-orders", "applied"]]);
    expect(b.report.stacks.map((s) => [s.stack, s.status])).toEqual([["verb-platform", "applied"], ["verb-app-orders", "applied"]]);
    expect(await apiMethods(VERA.shared, "acme-vera-orders")).toEqual(["GET /", "GET /health", "GET /legacy", "GET /{orderId}", "POST /"]);
    expect(await apiMethods(VERB.shared, "acme-verb-orders")).toEqual(["GET /", "GET /health", "GET /legacy", "GET /{orderId}"]);
  }, 900_000);

  it("promote prints the route it brings; after the apply the route is live in verb and nothing else changed", async () => {
    const veraBefore = await apiMethods(VERA.shared, "acme-vera-orders");
    const verbBefore = await apiMethods(VERB.shared, "acme-verb-orders");
    const out: string[] = [];
    const code = await promoteMain(["--from", "vera", "--to", "verb", "--app", "orders", "--config-dir", envDir], { ...ctx, workDir: workDirOf("vera") }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    const text = out.join("\n");
    expect(code).toBe(0);
    expect(text).toContain("(orders: 1.0.0 → 1.1.0, live in vera per ssm:/acme/vera/apps/orders/release)");
    expect(text).toContain("route changes in verb:\n  orders 1.0.0 → 1.1.0\n    + POST / (scopes [orders:write]; validate all)\n\nstacks that change in verb:\n  verb-app-orders: ");
    expect(text).toContain("  unchanged: verb-bootstrap, verb-platform");

    const { report } = await runEnvironment("apply", { ...ctx, workDir: workDirOf("verb"), configFile: file("verb"), skipBootstrap: true, out: null });
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([["verb-platform", "no-changes"], ["verb-app-orders", "applied"]]);
    const verbAfter = await apiMethods(VERB.shared, "acme-verb-orders");
    expect(verbAfter).toEqual([...verbBefore, "POST /"].sort());
    expect(await apiMethods(VERA.shared, "acme-vera-orders")).toEqual(veraBefore);

    // and the applied target is settled: a second plan has nothing to do
    const again = await runEnvironment("plan", { ...ctx, workDir: workDirOf("verb"), configFile: file("verb"), stacks: ["verb-app-orders"], out: null });
    expect(again.report.stacks.map((s) => [s.stack, s.status])).toEqual([["verb-app-orders", "no-changes"]]);
  }, 900_000);
});
