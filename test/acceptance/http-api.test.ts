/**
 * Acceptance: an HTTP API app (`api: "http"`, issue 22) with a Lambda backend in its own workload
 * account. The local platform is applied for real (the domain, contract and authorizer settings
 * the app reads), then the app. Checked through the SDK, derived from the app's route config:
 * every protected route has the JWT authorizer (issuer and audience = the platform's) with
 * exactly the route's scope, every public route has none; each route targets the Lambda proxy
 * integration (payload 2.0) to the alias; the `$default` stage auto-deploys, logs and throttles
 * (stage default and the route override); the multi-level mapping `billing/receipts` under the
 * platform's domain points at the stage; the alias's policy allows only this API from the
 * shared-services account; a second plan of the app is clean.
 *
 * moto cannot check (docs/http-apis.md): that a request without a token gets 401 and one with a
 * wrong scope 403 (moto does not serve HTTP APIs), JWT signature/issuer verification, throttling
 * at run time, that AWS would refuse a WAF association (moto does not try), and the harness maps
 * v2 API mappings onto the v1 domain (harness patch 2, already used by REST apps).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ApiGatewayV2Client, GetApiMappingsCommand, GetApisCommand, GetAuthorizerCommand, GetIntegrationsCommand, GetRoutesCommand, GetStageCommand, type Route as V2Route } from "@aws-sdk/client-apigatewayv2";
import { GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describeIfTools, startMoto, Terraform, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { synthesize, type SynthResult } from "../../synth";
import type { EnvironmentInput } from "../../config/schema";
import { localFixture } from "../fixtures/env";
import { addReceiptsHttpApp, receiptsHttpApp } from "../fixtures/http-app";

const WORKLOAD = "400000000004";
const localEnv = localFixture((e) => {
  e.name = "htp";
  e.apps = [];
  e.suppressions = e.suppressions.map((s: { resource: string }) => ({ ...s, resource: s.resource.replace(/^local-/, "htp-") }));
  addReceiptsHttpApp(e, WORKLOAD);
});
const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";
const ALIAS_ARN = `arn:aws:lambda:${REGION}:${WORKLOAD}:function:receipts-api:live`;
const ISSUER = localEnv.edge.authorizer.issuer;
const AUDIENCE = [localEnv.edge.authorizer.audience].flat();

type ConfigRoute = { method: string; path: string; scopes?: string[]; public?: unknown };

/** What is wrong with the live routes, measured against the route config (empty = as configured). */
export function routeAuthProblems(config: readonly ConfigRoute[], live: readonly V2Route[], authorizerId: string): string[] {
  const out: string[] = [];
  const byKey = new Map(live.map((r) => [r.RouteKey, r]));
  for (const c of config) {
    const key = `${c.method} ${c.path}`;
    const r = byKey.get(key);
    if (!r) {
      out.push(`${key}: missing`);
      continue;
    }
    byKey.delete(key);
    if (c.public) {
      if (r.AuthorizationType !== "NONE" || r.AuthorizerId) out.push(`${key}: public route has ${r.AuthorizationType} ${r.AuthorizerId ?? ""}`);
      continue;
    }
    if (r.AuthorizationType !== "JWT" || r.AuthorizerId !== authorizerId) out.push(`${key}: not behind the JWT authorizer (${r.AuthorizationType} ${r.AuthorizerId})`);
    const want = [...(c.scopes ?? [])].sort().join(" ");
    const got = [...(r.AuthorizationScopes ?? [])].sort().join(" ");
    if (want !== got) out.push(`${key}: scopes [${got}], want [${want}]`);
  }
  for (const extra of byKey.keys()) out.push(`${extra}: not in the config`);
  return out;
}

describeIfTools("HTTP API app (api: http, Lambda backend) applied into moto", () => {
  let moto: Moto;
  let work: string;
  let synth: SynthResult;
  const tf: Record<string, Terraform> = {};
  const acct: Record<string, AccountClients> = {};
  let apiId: string;

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-http-"));
    const configFor = async (accountId: string) => {
      const c = await clientsFor(moto.endpoint, accountId, REGION, ROLE);
      acct[accountId] = c;
      return { endpoint: moto.endpoint, region: REGION, credentials: c.credentials };
    };
    const input: EnvironmentInput = await createLocalFixtures({ ...localEnv, state: { backend: "local", directory: path.join(work, "state") } }, configFor);
    const envFile = writeEnvironmentJson(input, path.join(work, "htp.json"));
    synth = await synthesize({ configFiles: [envFile], outdir: path.join(work, "cdktf.out") });
    for (const s of synth.stacks.filter((x) => x.role !== "bootstrap")) tf[s.name] = new Terraform(s.dir, { endpoint: moto.endpoint, region: REGION, name: s.name });
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("applies the platform, then the HTTP API app: an HTTP API with its default endpoint disabled", async () => {
    await tf["htp-platform"].init();
    await tf["htp-platform"].apply();
    await tf["htp-app-receipts"].init();
    await tf["htp-app-receipts"].apply();
    const apis = await acct[SHARED].client(ApiGatewayV2Client).send(new GetApisCommand({}));
    const api = apis.Items!.find((a) => a.Name === "acme-htp-receipts")!;
    expect([api.ProtocolType, api.DisableExecuteApiEndpoint]).toEqual(["HTTP", true]);
    apiId = api.ApiId!;
  }, 600_000);

  it("each protected route has the platform's JWT authorizer with the route's scope; public routes have none", async () => {
    const v2 = acct[SHARED].client(ApiGatewayV2Client);
    const live = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
    // moto 5.2.1 has no GetAuthorizers (list): the routes name the authorizer, GetAuthorizer reads it
    const ids = [...new Set(live.map((r) => r.AuthorizerId).filter(Boolean))];
    expect(ids).toHaveLength(1);
    const jwt = await v2.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: ids[0]! }));
    expect([jwt.AuthorizerType, jwt.IdentitySource, jwt.JwtConfiguration?.Issuer, jwt.JwtConfiguration?.Audience]).toEqual(["JWT", ["$request.header.Authorization"], ISSUER, AUDIENCE]);
    const config = receiptsHttpApp.routes as ConfigRoute[];
    expect(routeAuthProblems(config, live, jwt.AuthorizerId!)).toEqual([]);
    // the check can fail: a config that wants another scope, or a public route, is reported
    const other = config.map((r) => (r.path === "/{receiptId}" ? { ...r, scopes: ["receipts:admin"] } : r.path === "/" ? { method: r.method, path: r.path, public: { reason: "x" } } : r));
    expect(routeAuthProblems(other, live, jwt.AuthorizerId!)).toEqual(["GET /{receiptId}: scopes [receipts:read], want [receipts:admin]", "POST /: public route has JWT " + jwt.AuthorizerId]);
  });

  it("every route targets the Lambda proxy integration (payload 2.0) to the alias", async () => {
    const v2 = acct[SHARED].client(ApiGatewayV2Client);
    const integrations = (await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? [];
    expect(integrations.map((i) => [i.IntegrationType, i.IntegrationUri, i.PayloadFormatVersion, i.TimeoutInMillis])).toEqual([["AWS_PROXY", ALIAS_ARN, "2.0", 5000]]);
    const live = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
    expect(new Set(live.map((r) => r.Target))).toEqual(new Set([`integrations/${integrations[0].IntegrationId}`]));
  });

  it("the $default stage auto-deploys, writes access logs and throttles (stage default and the route override)", async () => {
    const stage = await acct[SHARED].client(ApiGatewayV2Client).send(new GetStageCommand({ ApiId: apiId, StageName: "$default" }));
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.AccessLogSettings?.DestinationArn).toMatch(/:log-group:\/aws\/apigateway\/acme-htp-receipts\/access$/);
    expect(JSON.parse(stage.AccessLogSettings!.Format!).requestId).toBe("$context.requestId");
    const t = localEnv.edge.throttling;
    expect([stage.DefaultRouteSettings?.ThrottlingRateLimit, stage.DefaultRouteSettings?.ThrottlingBurstLimit]).toEqual([t.rateLimit, t.burstLimit]);
    const files = stage.RouteSettings?.["ANY /files/{proxy+}"];
    expect([files?.ThrottlingRateLimit, files?.ThrottlingBurstLimit]).toEqual([5, 10]);
  });

  it("the multi-level mapping billing/receipts under the platform's domain points at the $default stage", async () => {
    const mappings = (await acct[SHARED].client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: localEnv.domain.name }))).Items ?? [];
    expect(mappings.filter((m) => m.ApiId === apiId).map((m) => [m.ApiMappingKey, m.Stage])).toEqual([["billing/receipts", "$default"]]);
  });

  it("from the workload account: the alias's policy lets only API Gateway, for this HTTP API, from the shared-services account invoke", async () => {
    const got = await acct[WORKLOAD].client(LambdaClient).send(new GetPolicyCommand({ FunctionName: "receipts-api", Qualifier: "live" }));
    const statements = JSON.parse(got.Policy!).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: "Allow", Action: "lambda:InvokeFunction", Principal: { Service: "apigateway.amazonaws.com" }, Resource: ALIAS_ARN });
    expect(statements[0].Condition).toEqual({
      ArnLike: { "AWS:SourceArn": `arn:aws:execute-api:${REGION}:${SHARED}:${apiId}/*/*` },
      StringEquals: { "AWS:SourceAccount": SHARED },
    });
  });

  it("a second plan of the app stack shows no changes", async () => {
    // only the app's stack: the platform's second plan is covered by the other acceptance files
    const t = tf["htp-app-receipts"];
    const code = await t.plan({ detailedExitcode: true, lock: false });
    if (code !== 0) throw new Error(`${t.name}: plan after apply wanted changes:\n${t.last?.stdout.slice(-4000)}`);
  }, 300_000);
});
