/**
 * Acceptance: a canary release applied into moto, promoted and rolled back as a user does it.
 * A mock-backend app (no load balancer of its own; the local platform's NLB costs its fixed 60 s)
 * with releases 1.0.0 → 1.1.0 → 1.2.0:
 *
 *   apply at 1.0.0, then add `canary: { version: "1.1.0", percentTraffic: 10 }` and apply:
 *     the stage keeps its deployment, its canarySettings point at a second deployment whose
 *     snapshot has the 1.1.0 route; the next plan is clean
 *   npm run canary promote: the stage's deployment is the canary's, canarySettings are gone, the
 *     old deployment is deleted, the file pins 1.1.0 without a canary, the next plan is clean
 *   a canary to 1.2.0, then rollback: the stage keeps 1.1.0's deployment, the canary and its
 *     deployment are gone, the file still pins 1.1.0, the next plan is clean
 *
 * moto has no canarySettings (harness patch 9, `canary`, adds them). Not checkable in moto: that
 * 10 % of requests reach the canary (moto_server serves no REST API over HTTP), the deployment
 * snapshots' content (moto keeps no snapshot per deployment: asserted on the routes of the
 * API and on the synthesized triggers in test/unit/canary.test.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetDeploymentsCommand, GetRestApisCommand, GetStageCommand } from "@aws-sdk/client-api-gateway";
import { describeIfTools, startMoto, Terraform, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { synthesize } from "../../synth";
import { canary } from "../../ops/canary";
import type { EnvironmentInput } from "../../config/schema";
import { localFixture } from "../fixtures/env";

const WORKLOAD = "400000000005";
type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const localEnv = localFixture((e) => {
  e.name = "cny";
  e.suppressions = e.suppressions.map((s: { resource: string }) => ({ ...s, resource: s.resource.replace(/^local-/, "cny-") }));
  e.apps = [
    {
      name: "quotes",
      owner: { team: "quotes-team", contact: "quotes@example.com" },
      releases: [{ version: "1.0.0" }, { version: "1.1.0" }, { version: "1.2.0" }],
      routes: [
        { method: "GET", path: "/{quoteId}", scopes: ["quotes:read"] },
        { method: "POST", path: "/", scopes: ["quotes:write"], since: "1.1.0" },
        { method: "DELETE", path: "/{quoteId}", scopes: ["quotes:write"], since: "1.2.0" },
      ],
      basePath: "quotes",
      account: WORKLOAD,
      version: "1.0.0",
      backend: { kind: "mock", reason: "acceptance test of canary releases" },
    },
  ];
});
const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";
const STACK = "cny-app-quotes";

describeIfTools("canary release applied into moto: add, promote, roll back", () => {
  let moto: Moto;
  let work: string;
  let envFile: string;
  let shared: AccountClients;
  let apiId: string;
  const log: string[] = [];
  const ctx = () => ({ endpoint: moto.endpoint, workDir: path.join(work, "ops"), log: (l: string) => void log.push(l) });

  const edit = (f: (app: Raw) => void) => {
    const doc = JSON.parse(fs.readFileSync(envFile, "utf8"));
    f(doc.apps[0]);
    fs.writeFileSync(envFile, `${JSON.stringify(doc, null, 2)}\n`);
  };
  const stackTf = async () => {
    const synth = await synthesize({ configFiles: [envFile], outdir: path.join(work, "cdktf.out") });
    return Object.fromEntries(synth.stacks.filter((s) => s.role !== "bootstrap").map((s) => [s.name, new Terraform(s.dir, { endpoint: moto.endpoint, region: REGION, name: s.name })]));
  };
  const stage = () => shared.client(APIGatewayClient).send(new GetStageCommand({ restApiId: apiId, stageName: "live" }));
  const deployments = async () => ((await shared.client(APIGatewayClient).send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? []).map((d) => d.id!).sort();
  const cleanPlan = async (t: Terraform) => {
    const code = await t.plan({ detailedExitcode: true, lock: false });
    if (code !== 0) throw new Error(`${t.name}: plan wanted changes:\n${t.last?.stdout.slice(-4000)}`);
  };

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-canary-"));
    const configFor = async (accountId: string) => {
      const c = await clientsFor(moto.endpoint, accountId, REGION, ROLE);
      if (accountId === SHARED) shared = c;
      return { endpoint: moto.endpoint, region: REGION, credentials: c.credentials };
    };
    await configFor(SHARED);
    const input: EnvironmentInput = await createLocalFixtures({ ...localEnv, state: { backend: "local", directory: path.join(work, "state") } }, configFor);
    envFile = writeEnvironmentJson(input, path.join(work, "cny.json"));
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  let mainBefore: string;
  it("applies the platform and the app at 1.0.0", async () => {
    const tf = await stackTf();
    await tf["cny-platform"].init();
    await tf["cny-platform"].apply();
    await tf[STACK].init();
    await tf[STACK].apply();
    apiId = (await shared.client(APIGatewayClient).send(new GetRestApisCommand({}))).items!.find((a) => a.name === "acme-cny-quotes")!.id!;
    mainBefore = (await stage()).deploymentId!;
    expect((await stage()).canarySettings).toBeUndefined();
  }, 600_000);

  let canaryDeployment: string;
  it("adding a canary keeps the stage's deployment and points canarySettings at a second one", async () => {
    edit((a) => (a.canary = { version: "1.1.0", percentTraffic: 10 }));
    const tf = await stackTf();
    await tf[STACK].apply();
    const s = await stage();
    expect(s.deploymentId).toBe(mainBefore);
    expect(s.canarySettings).toMatchObject({ percentTraffic: 10, useStageCache: false });
    canaryDeployment = s.canarySettings!.deploymentId!;
    expect(canaryDeployment).not.toBe(mainBefore);
    expect(await deployments()).toEqual([mainBefore, canaryDeployment].sort());
    await cleanPlan(tf[STACK]);
    const out: string[] = [];
    expect(await canary({ action: "status", envFile, app: "quotes", out: (l) => void out.push(l) })).toBe(0);
    expect(out[0]).toBe(`${STACK}: 1.0.0 on the stage, canary 10 % → version 1.1.0`);
  }, 300_000);

  it("promote: the canary's deployment becomes the stage's, the canary is gone, the file pins 1.1.0, the next plan is clean", async () => {
    const out: string[] = [];
    const code = await canary({ action: "promote", envFile, app: "quotes", ctx: ctx(), out: (l) => void out.push(l) });
    if (code !== 0) throw new Error(out.join("\n") + log.slice(-30).join("\n"));
    const s = await stage();
    expect(s.deploymentId).toBe(canaryDeployment);
    expect(s.canarySettings).toBeUndefined();
    expect(await deployments()).toEqual([canaryDeployment]);
    const app = JSON.parse(fs.readFileSync(envFile, "utf8")).apps[0];
    expect([app.version, app.canary]).toEqual(["1.1.0", undefined]);
    await cleanPlan((await stackTf())[STACK]);
  }, 300_000);

  it("rollback: the stage keeps its deployment, the canary and its deployment are gone, the next plan is clean", async () => {
    edit((a) => (a.canary = { version: "1.2.0", percentTraffic: 5, stageVariableOverrides: { track: "canary" } }));
    const tf = await stackTf();
    await tf[STACK].apply();
    const during = await stage();
    expect(during.canarySettings).toMatchObject({ percentTraffic: 5, stageVariableOverrides: { track: "canary" } });
    expect(during.deploymentId).toBe(canaryDeployment);
    const out: string[] = [];
    const code = await canary({ action: "rollback", envFile, app: "quotes", ctx: ctx(), out: (l) => void out.push(l) });
    if (code !== 0) throw new Error(out.join("\n"));
    const s = await stage();
    expect(s.deploymentId).toBe(canaryDeployment);
    expect(s.canarySettings).toBeUndefined();
    expect(await deployments()).toEqual([canaryDeployment]);
    const app = JSON.parse(fs.readFileSync(envFile, "utf8")).apps[0];
    expect([app.version, app.canary]).toEqual(["1.1.0", undefined]);
    await cleanPlan((await stackTf())[STACK]);
  }, 300_000);

  it("promote without a canary is refused (exit 1), nothing changes", async () => {
    const before = fs.readFileSync(envFile, "utf8");
    expect(await canary({ action: "promote", envFile, app: "quotes", ctx: ctx(), out: () => undefined })).toBe(1);
    expect(fs.readFileSync(envFile, "utf8")).toBe(before);
  });
});
