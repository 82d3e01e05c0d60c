/**
 * Acceptance: private ingress shards in moto. Shard size 2 and three apps on ports 10000, 10001,
 * 10002 give two shards (NLB + VPC link each); each app's integrations use its own shard's VPC
 * link; the second plan is clean; a fourth app on port 10003 (shard 1, which exists) changes only
 * its own stack — the platform and the other apps plan nothing.
 *
 * Kept small: every NLB costs the provider a fixed 60 s, so the apps are applied concurrently
 * and the fourth app is only planned. The moto harness keeps `connectionId` on imported
 * integrations (harness/moto_patches.py, patch 3c); AWS does the same.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetIntegrationCommand, GetResourcesCommand } from "@aws-sdk/client-api-gateway";
import { SSMClient, GetParameterCommand } from "@aws-sdk/client-ssm";
import { describeIfTools, startMoto, Terraform, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { synthesize, type SynthResult } from "../../synth";
import type { EnvironmentInput } from "../../config/schema";
import { fixtureInput, localFixture } from "../fixtures/env";

const BASE = localFixture();
const REGION = BASE.region;
const SHARED = BASE.accounts.sharedServices;
const ROLE = BASE.accounts.deployRoleName ?? "aoa-deployer";

/** Four generated apps on ports 10000-10003 with shard size 2: shards 0, 0, 1, 1. */
function environment(work: string): EnvironmentInput {
  return fixtureInput({ apps: 4, name: "shards", base: BASE }, (e) => {
    e.state = { backend: "local", directory: path.join(work, "state") };
    e.network.ingressShardSize = 2;
    e.network.ingressPorts = { from: 10000, to: 10099 };
    e.apps.forEach((a: { ingressPort: number }, i: number) => (a.ingressPort = 10000 + i));
    e.suppressions = [{ rule: "AOA-R53-001", resource: "shards-platform/aws_route53_zone.*", reason: "the test environment is created and destroyed by this test" }];
  });
}

async function changes(tf: Terraform, planFile: string): Promise<string[]> {
  await tf.plan({ out: planFile, lock: false });
  const plan = await tf.showJson(planFile);
  return (plan.resource_changes ?? [])
    .filter((c: any) => !(c.change.actions.length === 1 && ["no-op", "read"].includes(c.change.actions[0]))) // eslint-disable-line @typescript-eslint/no-explicit-any
    .map((c: any) => `${c.change.actions.join("+")} ${c.address}`); // eslint-disable-line @typescript-eslint/no-explicit-any
}

describeIfTools("private ingress shards applied into moto (shard size 2)", () => {
  let moto: Moto;
  let work: string;
  let all: EnvironmentInput;
  let envFile: string;
  let synth: SynthResult;
  let shared: AccountClients;
  const tf: Record<string, Terraform> = {};

  async function synthWith(apps: number): Promise<void> {
    writeEnvironmentJson({ ...all, apps: all.apps!.slice(0, apps) }, envFile);
    synth = await synthesize({ configFiles: [envFile], outdir: path.join(work, "cdktf.out") });
    for (const s of synth.stacks.filter((x) => x.role !== "bootstrap")) tf[s.name] ??= new Terraform(s.dir, { endpoint: moto.endpoint, region: REGION, name: s.name });
  }
  const appStacks = () => Object.keys(tf).filter((n) => n.startsWith("shards-app-")).sort();

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-shards-"));
    const configFor = async (accountId: string) => {
      const c = await clientsFor(moto.endpoint, accountId, REGION, ROLE);
      if (accountId === SHARED) shared = c;
      return { endpoint: moto.endpoint, region: REGION, credentials: c.credentials };
    };
    all = await createLocalFixtures(environment(work), configFor);
    envFile = path.join(work, "shards.json");
    await synthWith(3);
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("synthesizes two shards: two NLBs and two VPC links in the platform stack", () => {
    const platform = synth.stacks.find((s) => s.name === "shards-platform")!;
    expect(Object.values(platform.json.resource.aws_lb).map((l: any) => l.name).sort()).toEqual(["acme-shards-ingress", "acme-shards-ingress-1"]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(platform.json.resource.aws_api_gateway_vpc_link)).toHaveLength(2);
  });

  it("applies the platform, then the three apps concurrently; a second plan is clean", async () => {
    await tf["shards-platform"].init();
    await tf["shards-platform"].apply();
    await Promise.all(appStacks().map(async (n) => {
      await tf[n].init();
      await tf[n].apply();
    }));
    await Promise.all(Object.values(tf).map(async (t) => {
      const code = await t.plan({ detailedExitcode: true, lock: false });
      if (code !== 0) throw new Error(`${t.name}: plan after apply wanted changes:\n${t.last?.stdout.slice(-4000)}`);
    }));
  }, 900_000);

  it("each app's integrations use its own shard's VPC link", async () => {
    const api = shared.client(APIGatewayClient);
    const link = async (shard: number) =>
      (await shared.client(SSMClient).send(new GetParameterCommand({ Name: `/acme/shards/platform/ingress/shard-${shard}/vpc-link-id` }))).Parameter!.Value!;
    const links = [await link(0), await link(1)];
    expect(links[0]).not.toEqual(links[1]);
    const expected: Record<string, string> = { "shards-app-app001": links[0], "shards-app-app002": links[0], "shards-app-app003": links[1] };
    for (const name of appStacks()) {
      const restApiId = String((await tf[name].output()).api_id);
      const resources = await api.send(new GetResourcesCommand({ restApiId, limit: 500 }));
      const root = resources.items!.find((r) => r.path === "/")!;
      const integration = await api.send(new GetIntegrationCommand({ restApiId, resourceId: root.id!, httpMethod: "GET" }));
      expect({ name, type: integration.type, connectionType: integration.connectionType, connectionId: integration.connectionId }).toEqual({ name, type: "HTTP_PROXY", connectionType: "VPC_LINK", connectionId: expected[name] });
    }
  });

  it("a fourth app in an existing shard changes only its own stack", async () => {
    await synthWith(4);
    const fourth = tf["shards-app-app004"];
    await fourth.init();
    const others = ["shards-platform", ...appStacks().filter((n) => n !== "shards-app-app004")];
    const [own, ...rest] = await Promise.all([changes(fourth, path.join(work, "app004.plan")), ...others.map((name) => changes(tf[name], path.join(work, `${name}.plan`)))]);
    expect(others.map((name, i) => ({ name, changes: rest[i] }))).toEqual(others.map((name) => ({ name, changes: [] })));
    expect(own.length).toBeGreaterThan(10);
    expect(own.every((c) => c.startsWith("create "))).toBe(true);
    // its listener goes on shard 1's NLB (resolved from the contract at plan time)
    const plan = await fourth.showJson(path.join(work, "app004.plan"));
    const listener = plan.resource_changes.find((c: any) => c.type === "aws_lb_listener" && c.address.startsWith("aws_lb_listener.ingress_")); // eslint-disable-line @typescript-eslint/no-explicit-any
    const nlb1 = (await shared.client(SSMClient).send(new GetParameterCommand({ Name: "/acme/shards/platform/ingress/shard-1/nlb-arn" }))).Parameter!.Value!;
    expect(listener.change.after.load_balancer_arn).toBe(nlb1);
    await synthWith(3);
  }, 600_000);
  // No destroy: moto and the state are thrown away in afterAll (destroying 5 NLBs costs minutes; ops.test.ts covers destroy).
});
