/**
 * Acceptance: the `local` environment — platform + two apps in two different workload accounts —
 * applied with real terraform into moto, checked through the SDK from each account's view,
 * re-planned (no changes), changed (only one app's stack changes, its deployment replaced
 * create-before-destroy), and destroyed.
 *
 * moto gaps, asserted on the synthesized configuration instead (unit tier), never faked here:
 *  - endpoint network-interface IPs are random and outside the subnets;
 *  - the OpenAPI import drops `connectionId` and does not create authorizers from security schemes;
 *  - endpoint creation does not check the endpoint service's allowed principals;
 *  - NLB ARNs say `/app/`; no traffic flows, so the request path itself is not exercised.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetStageCommand, GetDomainNameCommand, GetRestApiCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetApiMappingsCommand } from "@aws-sdk/client-apigatewayv2";
import { ACMClient, ListCertificatesCommand } from "@aws-sdk/client-acm";
import { WAFV2Client, GetWebACLForResourceCommand, GetLoggingConfigurationCommand } from "@aws-sdk/client-wafv2";
import { SSMClient, GetParametersByPathCommand, GetParameterCommand } from "@aws-sdk/client-ssm";
import { EC2Client, DescribeVpcEndpointServicePermissionsCommand, DescribeVpcEndpointServicesCommand } from "@aws-sdk/client-ec2";
import { describeIfTools, startMoto, Terraform, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { synthesize, type SynthResult } from "../../synth";
import { CONTRACT_KEYS } from "../../modules/platform-contract";
import { localFixture } from "../fixtures/env";
const localEnv = localFixture(); // the product's own emulator environment, not environments/local.ts (the user's data)
import type { EnvironmentInput } from "../../config/schema";

const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";

async function planActions(tf: Terraform, planFile: string): Promise<{ address: string; actions: string[] }[]> {
  const plan = await tf.showJson(planFile);
  return (plan.resource_changes ?? [])
    .filter((c: any) => !(c.change.actions.length === 1 && ["no-op", "read"].includes(c.change.actions[0]))) // eslint-disable-line @typescript-eslint/no-explicit-any
    .map((c: any) => ({ address: c.address, actions: c.change.actions })); // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function allParameters(a: AccountClients, prefix: string): Promise<{ Name?: string; Value?: string }[]> {
  const out: { Name?: string; Value?: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await a.client(SSMClient).send(new GetParametersByPathCommand({ Path: prefix, Recursive: true, NextToken }));
    out.push(...(page.Parameters ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

describeIfTools("local environment applied into moto (three accounts)", () => {
  let moto: Moto;
  let work: string;
  let envInput: EnvironmentInput;
  let envFile: string;
  let synth: SynthResult;
  const tf: Record<string, Terraform> = {};
  const acct: Record<string, AccountClients> = {};
  const stack = (name: string) => tf[`local-${name}`];
  const apps = () => (envInput.apps ?? []).map((a) => a.name);

  async function resynth(): Promise<void> {
    synth = await synthesize({ configFiles: [envFile], outdir: path.join(work, "cdktf.out") });
  }

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-accept-"));
    const configFor = async (accountId: string) => {
      const c = await clientsFor(moto.endpoint, accountId, REGION, ROLE);
      acct[accountId] = c;
      return { endpoint: moto.endpoint, region: REGION, credentials: c.credentials };
    };
    envInput = await createLocalFixtures({ ...localEnv, state: { backend: "local", directory: path.join(work, "state") } }, configFor);
    envFile = writeEnvironmentJson(envInput, path.join(work, "local.json"));
    await resynth();
    // The bootstrap stack (state bucket, deploy roles) runs with admin credentials and is
    // covered by preflight.test.ts; here the deploy roles are moto's AssumeRole targets.
    for (const s of synth.stacks.filter((x) => x.role !== "bootstrap")) tf[s.name] = new Terraform(s.dir, { endpoint: moto.endpoint, region: REGION, name: s.name });
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("uses three different accounts", () => {
    const accounts = new Set(synth.stacks.flatMap((s) => s.accounts));
    expect(accounts.size).toBe(3);
    expect(Object.keys(acct).sort()).toEqual([...accounts].sort());
  });

  it("applies the platform, then both apps concurrently", async () => {
    const platform = stack("platform");
    await platform.init();
    await platform.apply();
    await Promise.all(apps().map(async (a) => {
      await stack(`app-${a}`).init();
      await stack(`app-${a}`).apply();
    }));
  }, 900_000);

  it("a second plan of every stack shows no changes", async () => {
    for (const t of Object.values(tf)) {
      // refresh-only first: moto's refresh noise (tags null -> {}) is not a change of configuration
      const code = await t.plan({ detailedExitcode: true, lock: false });
      if (code !== 0) throw new Error(`${t.name}: plan after apply wanted changes:\n${t.last?.stdout.slice(-4000)}`);
    }
  }, 600_000);

  it("the shared-services account has the domain, an issued certificate, the web ACL with redacted logging, and the contract", async () => {
    const shared = acct[SHARED];
    const domain = await shared.client(APIGatewayClient).send(new GetDomainNameCommand({ domainName: envInput.domain.name }));
    expect(domain.securityPolicy).toBe("TLS_1_2");
    expect(domain.endpointConfiguration?.types).toEqual(["REGIONAL"]);
    const certs = await shared.client(ACMClient).send(new ListCertificatesCommand({}));
    expect(certs.CertificateSummaryList?.find((c) => c.DomainName === envInput.domain.name)?.Status).toBe("ISSUED");

    const params = await allParameters(shared, `/${envInput.orgPrefix}/local/platform/`);
    const byKey = Object.fromEntries(params.map((p) => [p.Name!.split("/").pop(), p.Value]));
    expect(Object.keys(byKey).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(byKey["domain-name"]).toBe(envInput.domain.name);
    const logging = await shared.client(WAFV2Client).send(new GetLoggingConfigurationCommand({ ResourceArn: byKey["web-acl-arn"] }));
    expect(logging.LoggingConfiguration?.LogDestinationConfigs?.[0]).toMatch(/:log-group:aws-waf-logs-/);
    expect(logging.LoggingConfiguration?.RedactedFields).toEqual([{ SingleHeader: { Name: "authorization" } }]);
  });

  it("each app's API is mapped under the domain at its base path, with its stage protected by the WAF", async () => {
    const shared = acct[SHARED];
    const mappings = await shared.client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: envInput.domain.name }));
    const keys = (mappings.Items ?? []).map((m) => m.ApiMappingKey).sort();
    expect(keys).toEqual((envInput.apps ?? []).map((a) => a.basePath).sort());
    const contract = await shared.client(SSMClient).send(new GetParameterCommand({ Name: `/${envInput.orgPrefix}/local/platform/web-acl-arn` }));
    for (const m of mappings.Items ?? []) {
      const stageArn = `arn:aws:apigateway:${REGION}::/restapis/${m.ApiId}/stages/${m.Stage}`;
      const waf = await shared.client(WAFV2Client).send(new GetWebACLForResourceCommand({ ResourceArn: stageArn }));
      expect(waf.WebACL?.ARN).toBe(contract.Parameter?.Value);
      const api = await shared.client(APIGatewayClient).send(new GetRestApiCommand({ restApiId: m.ApiId! }));
      expect(api.disableExecuteApiEndpoint).toBe(true);
      const stage = await shared.client(APIGatewayClient).send(new GetStageCommand({ restApiId: m.ApiId!, stageName: m.Stage! }));
      expect(stage.tracingEnabled).toBe(true);
      expect(stage.accessLogSettings?.format).toContain("$context.requestId");
      const all = stage.methodSettings?.["*/*"];
      expect(all?.throttlingRateLimit).toBe(localEnv.edge.throttling.rateLimit);
      expect(all?.throttlingBurstLimit).toBe(localEnv.edge.throttling.burstLimit);
      expect(all?.dataTraceEnabled).toBe(false);
      expect(all?.metricsEnabled).toBe(true);
    }
  });

  it("each workload account's endpoint service allows only the shared-services deploy role (seen from the workload account)", async () => {
    for (const app of envInput.apps ?? []) {
      const workload = acct[app.account];
      const services = await workload.client(EC2Client).send(new DescribeVpcEndpointServicesCommand({}));
      const own = (services.ServiceDetails ?? []).filter((s) => s.Owner === app.account);
      expect(own).toHaveLength(1);
      const perms = await workload.client(EC2Client).send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: own[0].ServiceId! }));
      expect((perms.AllowedPrincipals ?? []).map((p) => p.Principal)).toEqual([`arn:aws:iam::${SHARED}:role/${ROLE}`]);
    }
  });

  it("a route change re-plans only that app, replacing its deployment before the old one goes", async () => {
    const changed: EnvironmentInput = JSON.parse(JSON.stringify(envInput));
    const orders = changed.apps!.find((a) => a.name === "orders")!;
    orders.routes = orders.routes.map((r) => (r.path === "/{orderId}" ? { ...r, scopes: ["orders:read", "orders:admin"] } : r));
    writeEnvironmentJson(changed, envFile);
    await resynth();
    const results: Record<string, { address: string; actions: string[] }[]> = {};
    for (const [name, t] of Object.entries(tf)) {
      const planFile = path.join(work, `${name}.plan`);
      await t.plan({ out: planFile, lock: false });
      results[name] = await planActions(t, planFile);
    }
    expect(results["local-platform"]).toEqual([]);
    expect(results["local-app-payments"]).toEqual([]);
    const orderChanges = results["local-app-orders"];
    const deployment = orderChanges.find((c) => c.address.includes("aws_api_gateway_deployment"));
    expect(deployment?.actions).toEqual(["create", "delete"]);
    expect(orderChanges.some((c) => c.address.includes("aws_api_gateway_rest_api.") && c.actions.includes("update"))).toBe(true);
    // put the original back for destroy
    writeEnvironmentJson(envInput, envFile);
    await resynth();
  }, 600_000);

  it("destroys everything it created", async () => {
    await Promise.all(apps().map((a) => stack(`app-${a}`).destroy()));
    await stack("platform").destroy();
    const shared = acct[SHARED];
    expect(await allParameters(shared, `/${envInput.orgPrefix}/local/`)).toEqual([]);
  }, 900_000);
});
