/**
 * Acceptance: a private app (issue 22) applied into moto — a mock-backed app with
 * `endpoint: "private"`, reachable only through two named execute-api interface endpoints (one in
 * the shared-services account, one in the app's workload account). The local platform is applied
 * for real (its NLB costs the provider a fixed 60 s), then the app.
 *
 * Checked through the SDK after apply: the REST API's endpoint type is PRIVATE; its resource
 * policy allows execute-api:Invoke on the stage only with aws:SourceVpce in exactly the listed
 * endpoints and explicitly denies every other source; it has no mapping on the public domain; a
 * second plan is clean.
 *
 * moto cannot check (asserted on the synthesized config in test/unit/private-apis.test.ts): the
 * private custom domain name — moto 5.2.1's DomainName has no `policy`, no `domainNameId` or
 * private ARN, and no /domainnameaccessassociations API, so this environment has no
 * `privateApis.domain`; that a call from another VPC endpoint is really refused (moto does not
 * evaluate resource policies on the request path, nor run it at all); the RAM share.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetApiMappingsCommand } from "@aws-sdk/client-apigatewayv2";
import { describeIfTools, startMoto, Terraform, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { synthesize, type SynthResult } from "../../synth";
import type { EnvironmentInput } from "../../config/schema";
import { addPrivateLedgerApp, localFixture } from "../fixtures/env";

const WORKLOAD = "400000000004";
// Only the private mock app: no ALB fixtures, no per-app load balancers to wait for.
const localEnv = localFixture((e) => {
  e.name = "prv";
  e.apps = [];
  e.suppressions = e.suppressions.map((s: { resource: string }) => ({ ...s, resource: s.resource.replace(/^local-/, "prv-") }));
  addPrivateLedgerApp(e, { account: WORKLOAD, consumer: WORKLOAD });
});
const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";
const ALLOWED = ["vpce-0123456789abcdef0", "vpce-0fedcba9876543210"];

describeIfTools("private app applied into moto", () => {
  let moto: Moto;
  let work: string;
  let synth: SynthResult;
  const tf: Record<string, Terraform> = {};
  const acct: Record<string, AccountClients> = {};

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-private-"));
    const configFor = async (accountId: string) => {
      const c = await clientsFor(moto.endpoint, accountId, REGION, ROLE);
      acct[accountId] = c;
      return { endpoint: moto.endpoint, region: REGION, credentials: c.credentials };
    };
    const input: EnvironmentInput = await createLocalFixtures({ ...localEnv, state: { backend: "local", directory: path.join(work, "state") } }, configFor);
    const envFile = writeEnvironmentJson(input, path.join(work, "prv.json"));
    synth = await synthesize({ configFiles: [envFile], outdir: path.join(work, "cdktf.out") });
    for (const s of synth.stacks.filter((x) => x.role !== "bootstrap")) tf[s.name] = new Terraform(s.dir, { endpoint: moto.endpoint, region: REGION, name: s.name });
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("applies the platform, then the private app", async () => {
    await tf["prv-platform"].init();
    await tf["prv-platform"].apply();
    await tf["prv-app-ledger"].init();
    await tf["prv-app-ledger"].apply();
  }, 600_000);

  it("the REST API is PRIVATE; its policy allows only the listed endpoints on the stage and denies every other source", async () => {
    const apis = await acct[SHARED].client(APIGatewayClient).send(new GetRestApisCommand({}));
    const api = apis.items!.find((a) => a.name === "acme-prv-ledger")!;
    expect(api.endpointConfiguration?.types).toEqual(["PRIVATE"]);
    expect(api.disableExecuteApiEndpoint).toBe(false);
    // API Gateway returns the policy JSON-escaped; moto returns it as stored
    const raw = api.policy!;
    const policy = JSON.parse(raw.includes('\\"') ? JSON.parse(`"${raw}"`) : raw);
    const invoke = policy.Statement.filter((s: { Action: string }) => s.Action === "execute-api:Invoke");
    const allows = invoke.filter((s: { Effect: string }) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0].Resource).toBe("execute-api:/live/*");
    expect(allows[0].Condition).toEqual({ StringEquals: { "aws:SourceVpce": ALLOWED } });
    const denies = invoke.filter((s: { Effect: string }) => s.Effect === "Deny");
    expect(denies).toEqual([expect.objectContaining({ Resource: "execute-api:/*", Condition: { StringNotEquals: { "aws:SourceVpce": ALLOWED } } })]);
  });

  it("is not mapped on the public domain (AWS refuses a private API there)", async () => {
    const mappings = await acct[SHARED].client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: localEnv.domain.name }));
    expect(mappings.Items ?? []).toEqual([]);
  });

  it("a second plan of both stacks shows no changes", async () => {
    for (const t of Object.values(tf)) {
      const code = await t.plan({ detailedExitcode: true, lock: false });
      if (code !== 0) throw new Error(`${t.name}: plan after apply wanted changes:\n${t.last?.stdout.slice(-4000)}`);
    }
  }, 300_000);
});
