/**
 * Acceptance: one applied platform, four kinds of app on it — the way an environment really grows
 * (one shared-services platform, many app stacks). The local platform is applied for real once
 * (the SSM contract, domain, WAF, authorizer the apps read; its NLB costs the provider a fixed
 * 60 s), then the four app stacks concurrently:
 *
 *  - `notifications`: Lambda backend (issue 14), an alias of a stand-in function in its own workload
 *    account (created like `npm run local -- up` does, ops/local-lambda.ts);
 *  - `ledger`: a private REST API (issue 22), reachable only through two named execute-api
 *    interface endpoints (one in the shared-services account, one in the app's workload account);
 *  - `receipts`: an HTTP API app (`api: "http"`, issue 22) with a Lambda backend;
 *  - `quotes`: a mock-backed REST app with releases 1.0.0 → 1.1.0 → 1.2.0 for canary releases
 *    (issue 22): a canary is added, promoted and rolled back as a user does it.
 *
 * Each app kind has its own `describe` below with what a user relies on, checked through the SDK
 * from each account's view. (These were four files, each starting its own moto and applying its
 * own copy of the platform: 4 × the platform's apply, its 60 s load-balancer wait and its CPU.)
 *
 * moto cannot check, per kind (asserted on the synthesized config in the unit tier, or not at all):
 *  - Lambda (test/unit/backends.test.ts): that API Gateway can really invoke across accounts (moto
 *    does not run the request path, and invoking needs Docker), IAM enforcement of the workload
 *    deploy role's lambda:* actions (the harness assumes admin-like roles), the mock's response;
 *  - private (test/unit/private-apis.test.ts): the private custom domain name — moto 5.2.1's
 *    DomainName has no `policy`, no `domainNameId` or private ARN, and no
 *    /domainnameaccessassociations API, so this environment has no `privateApis.domain`; that a
 *    call from another VPC endpoint is really refused (moto evaluates no resource policy on the
 *    request path, nor runs it at all); the RAM share;
 *  - HTTP API (docs/http-apis.md): that a request without a token gets 401 and one with a wrong
 *    scope 403 (moto does not serve HTTP APIs), JWT signature/issuer verification, throttling at
 *    run time, that AWS would refuse a WAF association (moto does not try); the harness maps v2
 *    API mappings onto the v1 domain (harness patch 2, already used by REST apps);
 *  - canary: moto has no canarySettings (harness patch 9, `canary`, adds them); that 10 % of
 *    requests reach the canary (moto_server serves no REST API over HTTP), the deployment
 *    snapshots' content (moto keeps no snapshot per deployment: asserted on the routes of the API
 *    and on the synthesized triggers in test/unit/canary.test.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetDeploymentsCommand, GetIntegrationCommand, GetResourcesCommand, GetRestApisCommand, GetStageCommand } from "@aws-sdk/client-api-gateway";
import {
  ApiGatewayV2Client,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizerCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand as GetV2StageCommand,
  type Route as V2Route,
} from "@aws-sdk/client-apigatewayv2";
import { GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describeIfTools, startMoto, Terraform, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { synthesize } from "../../synth";
import { canary } from "../../ops/canary";
import type { EnvironmentInput } from "../../config/schema";
import { addNotificationsApp, addPrivateLedgerApp, localFixture } from "../fixtures/env";
import { addReceiptsHttpApp, receiptsHttpApp } from "../fixtures/http-app";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NAME = "apx";
const WORKLOAD = "400000000004"; // notifications, ledger (and its consumer endpoint), receipts
const QUOTES_ACCOUNT = "400000000005";
const localEnv = localFixture((e) => {
  e.name = NAME;
  e.apps = [];
  e.suppressions = e.suppressions.map((s: { resource: string }) => ({ ...s, resource: s.resource.replace(/^local-/, `${NAME}-`) }));
  addNotificationsApp(e, WORKLOAD);
  addPrivateLedgerApp(e, { account: WORKLOAD, consumer: WORKLOAD });
  addReceiptsHttpApp(e, WORKLOAD);
  e.apps.push({
    name: "quotes",
    owner: { team: "quotes-team", contact: "quotes@example.com" },
    releases: [{ version: "1.0.0" }, { version: "1.1.0" }, { version: "1.2.0" }],
    routes: [
      { method: "GET", path: "/{quoteId}", scopes: ["quotes:read"] },
      { method: "POST", path: "/", scopes: ["quotes:write"], since: "1.1.0" },
      { method: "DELETE", path: "/{quoteId}", scopes: ["quotes:write"], since: "1.2.0" },
    ],
    basePath: "quotes",
    account: QUOTES_ACCOUNT,
    version: "1.0.0",
    backend: { kind: "mock", reason: "acceptance test of canary releases" },
  });
});
const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";
const APPS = ["notifications", "ledger", "receipts", "quotes"];
const stackOf = (app: string) => `${NAME}-app-${app}`;
const apiName = (app: string) => `acme-${NAME}-${app}`;

type ConfigRoute = { method: string; path: string; scopes?: string[]; public?: unknown };

/** What is wrong with the live routes of an HTTP API, measured against the route config (empty = as configured). */
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

describeIfTools("one platform applied into moto, four kinds of app on it", () => {
  let moto: Moto;
  let work: string;
  let envFile: string;
  let tf: Record<string, Terraform> = {};
  const acct: Record<string, AccountClients> = {};
  const shared = () => acct[SHARED];

  /** Synthesizes the environment file as it is now; Terraform per non-bootstrap stack (state and .terraform survive a re-synth). */
  const synthTf = async (): Promise<Record<string, Terraform>> => {
    const synth = await synthesize({ configFiles: [envFile], outdir: path.join(work, "cdktf.out") });
    return Object.fromEntries(synth.stacks.filter((s) => s.role !== "bootstrap").map((s) => [s.name, new Terraform(s.dir, { endpoint: moto.endpoint, region: REGION, name: s.name })]));
  };
  const cleanPlan = async (t: Terraform) => {
    const code = await t.plan({ detailedExitcode: true, lock: false });
    if (code !== 0) throw new Error(`${t.name}: plan wanted changes:\n${t.last?.stdout.slice(-4000)}`);
  };
  const restApiId = async (app: string) => (await shared().client(APIGatewayClient).send(new GetRestApisCommand({}))).items!.find((a) => a.name === apiName(app))!.id!;

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-apps-"));
    const configFor = async (accountId: string) => {
      const c = await clientsFor(moto.endpoint, accountId, REGION, ROLE);
      acct[accountId] = c;
      return { endpoint: moto.endpoint, region: REGION, credentials: c.credentials };
    };
    await configFor(SHARED);
    const input: EnvironmentInput = await createLocalFixtures({ ...localEnv, state: { backend: "local", directory: path.join(work, "state") } }, configFor);
    envFile = writeEnvironmentJson(input, path.join(work, `${NAME}.json`));
    tf = await synthTf();
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("applies the platform once, then the four app stacks concurrently", async () => {
    expect(Object.keys(tf).sort()).toEqual([`${NAME}-platform`, ...APPS.map(stackOf)].sort());
    await tf[`${NAME}-platform`].init();
    await tf[`${NAME}-platform`].apply();
    await Promise.all(APPS.map(async (a) => {
      await tf[stackOf(a)].init();
      await tf[stackOf(a)].apply();
    }));
  }, 900_000);

  it("a second plan of the platform shows no changes with four apps on it", async () => {
    await cleanPlan(tf[`${NAME}-platform`]);
  }, 300_000);

  describe("Lambda-backed app (notifications, two accounts)", () => {
    const FUNCTION = "notifications-api";
    const ALIAS_ARN = `arn:aws:lambda:${REGION}:${WORKLOAD}:function:${FUNCTION}:live`;
    let apiId: string;
    beforeAll(async () => {
      apiId = await restApiId("notifications");
    });

    it("the app stack spans two accounts and has no private-path resource", () => {
      const dir = path.join(work, "cdktf.out", "stacks", stackOf("notifications"));
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      const accounts = new Set([].concat(json.provider.aws).flatMap((p: { allowed_account_ids?: string[] }) => p.allowed_account_ids ?? []));
      expect([...accounts].sort()).toEqual([SHARED, WORKLOAD].sort());
      expect(Object.keys(json.resource).filter((t) => /^aws_(lb|vpc_endpoint|security_group)/.test(t))).toEqual([]);
    });

    it("from the workload account: the alias's policy lets only API Gateway, for this API's stage, from the shared-services account invoke", async () => {
      const got = await acct[WORKLOAD].client(LambdaClient).send(new GetPolicyCommand({ FunctionName: FUNCTION, Qualifier: "live" }));
      const statements = JSON.parse(got.Policy!).Statement;
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatchObject({
        Sid: `${apiName("notifications")}-apigateway`,
        Effect: "Allow",
        Action: "lambda:InvokeFunction",
        Principal: { Service: "apigateway.amazonaws.com" },
        Resource: ALIAS_ARN,
      });
      expect(statements[0].Condition).toEqual({
        ArnLike: { "AWS:SourceArn": `arn:aws:execute-api:${REGION}:${SHARED}:${apiId}/live/*/*` },
        StringEquals: { "AWS:SourceAccount": SHARED },
      });
    });

    it("the REST API integrates by AWS_PROXY (POST) with the alias's invocation URI; the mocked route is a MOCK", async () => {
      const apigw = shared().client(APIGatewayClient);
      const resources = (await apigw.send(new GetResourcesCommand({ restApiId: apiId, limit: 500 }))).items ?? [];
      const id = (p: string) => resources.find((r) => r.path === p)!.id!;
      const uri = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${ALIAS_ARN}/invocations`;
      for (const [p, method] of [["/", "POST"], ["/{notificationId}", "GET"]]) {
        const i = await apigw.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: id(p), httpMethod: method }));
        expect([p, i.type, i.httpMethod, i.uri, i.timeoutInMillis]).toEqual([p, "AWS_PROXY", "POST", uri, 6000]);
      }
      const mock = await apigw.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: id("/templates"), httpMethod: "GET" }));
      expect(mock.type).toBe("MOCK");
    });

    it("a second plan of the app stack shows no changes", async () => {
      await cleanPlan(tf[stackOf("notifications")]);
    }, 300_000);

    it("destroying the app removes the statement from the alias's policy; the other apps are untouched", async () => {
      await tf[stackOf("notifications")].destroy();
      const policy = await acct[WORKLOAD].client(LambdaClient).send(new GetPolicyCommand({ FunctionName: FUNCTION, Qualifier: "live" })).then(
        (r) => JSON.parse(r.Policy!).Statement as unknown[],
        (e: Error) => (e.name === "ResourceNotFoundException" ? [] : Promise.reject(e)),
      );
      expect(policy).toEqual([]);
      // the receipts HTTP API's function, in the same account, keeps its own statement
      const receipts = await acct[WORKLOAD].client(LambdaClient).send(new GetPolicyCommand({ FunctionName: "receipts-api", Qualifier: "live" }));
      expect(JSON.parse(receipts.Policy!).Statement).toHaveLength(1);
    }, 300_000);
  });

  describe("private app (ledger, PRIVATE REST API)", () => {
    const ALLOWED = ["vpce-0123456789abcdef0", "vpce-0fedcba9876543210"];

    it("the REST API is PRIVATE; its policy allows only the listed endpoints on the stage and denies every other source", async () => {
      const apis = await shared().client(APIGatewayClient).send(new GetRestApisCommand({}));
      const api = apis.items!.find((a) => a.name === apiName("ledger"))!;
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

    it("is not mapped on the public domain (AWS refuses a private API there), while the public apps are", async () => {
      const ledger = await restApiId("ledger");
      const mappings = (await shared().client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: localEnv.domain.name }))).Items ?? [];
      expect(mappings.filter((m) => m.ApiId === ledger)).toEqual([]);
      // the check can fail: the public apps on the same domain are there
      expect(mappings.map((m) => m.ApiMappingKey).sort()).toEqual(["billing/receipts", "quotes"]); // notifications was destroyed above
    });

    it("a second plan of the app stack shows no changes", async () => {
      await cleanPlan(tf[stackOf("ledger")]);
    }, 300_000);
  });

  describe("HTTP API app (receipts, api: http, Lambda backend)", () => {
    const ALIAS_ARN = `arn:aws:lambda:${REGION}:${WORKLOAD}:function:receipts-api:live`;
    const ISSUER = localEnv.edge.authorizer.issuer;
    const AUDIENCE = [localEnv.edge.authorizer.audience].flat();
    let apiId: string;

    it("is an HTTP API with its default endpoint disabled", async () => {
      const apis = await shared().client(ApiGatewayV2Client).send(new GetApisCommand({}));
      const api = apis.Items!.find((a) => a.Name === apiName("receipts"))!;
      expect([api.ProtocolType, api.DisableExecuteApiEndpoint]).toEqual(["HTTP", true]);
      apiId = api.ApiId!;
    });

    it("each protected route has the platform's JWT authorizer with the route's scope; public routes have none", async () => {
      const v2 = shared().client(ApiGatewayV2Client);
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
      const v2 = shared().client(ApiGatewayV2Client);
      const integrations = (await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? [];
      expect(integrations.map((i) => [i.IntegrationType, i.IntegrationUri, i.PayloadFormatVersion, i.TimeoutInMillis])).toEqual([["AWS_PROXY", ALIAS_ARN, "2.0", 5000]]);
      const live = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
      expect(new Set(live.map((r) => r.Target))).toEqual(new Set([`integrations/${integrations[0].IntegrationId}`]));
    });

    it("the $default stage auto-deploys, writes access logs and throttles (stage default and the route override)", async () => {
      const stage = await shared().client(ApiGatewayV2Client).send(new GetV2StageCommand({ ApiId: apiId, StageName: "$default" }));
      expect(stage.AutoDeploy).toBe(true);
      expect(stage.AccessLogSettings?.DestinationArn).toMatch(new RegExp(`:log-group:/aws/apigateway/${apiName("receipts")}/access$`));
      expect(JSON.parse(stage.AccessLogSettings!.Format!).requestId).toBe("$context.requestId");
      const t = localEnv.edge.throttling;
      expect([stage.DefaultRouteSettings?.ThrottlingRateLimit, stage.DefaultRouteSettings?.ThrottlingBurstLimit]).toEqual([t.rateLimit, t.burstLimit]);
      const files = stage.RouteSettings?.["ANY /files/{proxy+}"];
      expect([files?.ThrottlingRateLimit, files?.ThrottlingBurstLimit]).toEqual([5, 10]);
    });

    it("the multi-level mapping billing/receipts under the platform's domain points at the $default stage", async () => {
      const mappings = (await shared().client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: localEnv.domain.name }))).Items ?? [];
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
      await cleanPlan(tf[stackOf("receipts")]);
    }, 300_000);
  });

  describe("canary release (quotes): add, promote, roll back", () => {
    const STACK = stackOf("quotes");
    const log: string[] = [];
    const ctx = () => ({ endpoint: moto.endpoint, workDir: path.join(work, "ops"), log: (l: string) => void log.push(l) });
    let apiId: string;
    let mainBefore: string;
    let canaryDeployment: string;
    const edit = (f: (app: Raw) => void) => {
      const doc = JSON.parse(fs.readFileSync(envFile, "utf8"));
      f(doc.apps.find((a: Raw) => a.name === "quotes"));
      fs.writeFileSync(envFile, `${JSON.stringify(doc, null, 2)}\n`);
    };
    const quotes = () => JSON.parse(fs.readFileSync(envFile, "utf8")).apps.find((a: Raw) => a.name === "quotes");
    const stage = () => shared().client(APIGatewayClient).send(new GetStageCommand({ restApiId: apiId, stageName: "live" }));
    const deployments = async () => ((await shared().client(APIGatewayClient).send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? []).map((d) => d.id!).sort();
    /** `npm run canary -- <action>` in-process; its output and the last ops log lines if it fails. */
    const run = async (action: "promote" | "rollback") => {
      const out: string[] = [];
      const code = await canary({ action, envFile, app: "quotes", ctx: ctx(), out: (l) => void out.push(l) });
      if (code !== 0) throw new Error(out.join("\n") + log.slice(-30).join("\n"));
    };
    /** After promote or rollback: the stage runs `deployment` alone, no canary, the file pins `version` without one, the next plan is clean. */
    const expectSettled = async (deployment: string, version: string) => {
      const s = await stage();
      expect(s.deploymentId).toBe(deployment);
      expect(s.canarySettings).toBeUndefined();
      expect(await deployments()).toEqual([deployment]);
      expect([quotes().version, quotes().canary]).toEqual([version, undefined]);
      await cleanPlan((await synthTf())[STACK]);
    };

    it("at 1.0.0 the stage has one deployment and no canary", async () => {
      apiId = await restApiId("quotes");
      mainBefore = (await stage()).deploymentId!;
      expect((await stage()).canarySettings).toBeUndefined();
      expect(await deployments()).toEqual([mainBefore]);
    });

    it("adding a canary keeps the stage's deployment and points canarySettings at a second one", async () => {
      edit((a) => (a.canary = { version: "1.1.0", percentTraffic: 10 }));
      const t = await synthTf();
      await t[STACK].apply();
      const s = await stage();
      expect(s.deploymentId).toBe(mainBefore);
      expect(s.canarySettings).toMatchObject({ percentTraffic: 10, useStageCache: false });
      canaryDeployment = s.canarySettings!.deploymentId!;
      expect(canaryDeployment).not.toBe(mainBefore);
      expect(await deployments()).toEqual([mainBefore, canaryDeployment].sort());
      await cleanPlan(t[STACK]);
      const out: string[] = [];
      expect(await canary({ action: "status", envFile, app: "quotes", out: (l) => void out.push(l) })).toBe(0);
      expect(out[0]).toBe(`${STACK}: 1.0.0 on the stage, canary 10 % → version 1.1.0`);
    }, 300_000);

    it("promote: the canary's deployment becomes the stage's, the canary is gone, the file pins 1.1.0, the next plan is clean", async () => {
      await run("promote");
      await expectSettled(canaryDeployment, "1.1.0");
    }, 300_000);

    it("rollback: the stage keeps its deployment, the canary and its deployment are gone, the next plan is clean", async () => {
      edit((a) => (a.canary = { version: "1.2.0", percentTraffic: 5, stageVariableOverrides: { track: "canary" } }));
      const t = await synthTf();
      await t[STACK].apply();
      const during = await stage();
      expect(during.canarySettings).toMatchObject({ percentTraffic: 5, stageVariableOverrides: { track: "canary" } });
      expect(during.deploymentId).toBe(canaryDeployment);
      await run("rollback");
      await expectSettled(canaryDeployment, "1.1.0");
    }, 300_000);

    it("promote without a canary is refused (exit 1), nothing changes", async () => {
      const before = fs.readFileSync(envFile, "utf8");
      expect(await canary({ action: "promote", envFile, app: "quotes", ctx: ctx(), out: () => undefined })).toBe(1);
      expect(fs.readFileSync(envFile, "utf8")).toBe(before);
    });

    it("the platform plans no changes after the canary's promote and rollback", async () => {
      await cleanPlan((await synthTf())[`${NAME}-platform`]);
    }, 300_000);
  });
});
