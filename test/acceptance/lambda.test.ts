/**
 * Acceptance: a Lambda-backed app (issue 14) in two accounts. The local platform is applied for
 * real (the SSM contract, domain, WAF, authorizer it reads — not faked parameters; its NLB costs
 * the provider a fixed 60 s), then the app whose backend is an alias of a stand-in function in its
 * own workload account (created like `npm run local -- up` does, ops/local-lambda.ts).
 *
 * Checked through the SDK: from the workload account, the alias-qualified function policy allows
 * only apigateway.amazonaws.com, only for this API's execution ARN (stage `live`) and only from
 * the shared-services account; the REST API's integrations are AWS_PROXY to the alias's
 * invocation URI; the mocked route is a MOCK; a second plan is clean; destroying the app removes
 * the statement. moto cannot check (asserted on the synthesized config in test/unit/backends.test.ts
 * or not at all): that API Gateway can really invoke across accounts (moto does not run the
 * request path, and invoking needs Docker), IAM enforcement of the workload deploy role's
 * lambda:* actions (the harness assumes admin-like roles), the mock's response at run time.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetIntegrationCommand, GetResourcesCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describeIfTools, startMoto, Terraform, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { synthesize, type SynthResult } from "../../synth";
import type { EnvironmentInput } from "../../config/schema";
import { addNotificationsApp, localFixture } from "../fixtures/env";

const WORKLOAD = "400000000004";
// Only the Lambda app: no ALB fixtures, no per-app load balancers to wait for.
const localEnv = localFixture((e) => {
  e.name = "lmb";
  e.apps = [];
  e.suppressions = e.suppressions.map((s: { resource: string }) => ({ ...s, resource: s.resource.replace(/^local-/, "lmb-") }));
  addNotificationsApp(e, WORKLOAD);
});
const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";
const FUNCTION = "notifications-api";
const ALIAS_ARN = `arn:aws:lambda:${REGION}:${WORKLOAD}:function:${FUNCTION}:live`;

describeIfTools("Lambda-backed app applied into moto (two accounts)", () => {
  let moto: Moto;
  let work: string;
  let synth: SynthResult;
  const tf: Record<string, Terraform> = {};
  const acct: Record<string, AccountClients> = {};
  let apiId: string;

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-lambda-"));
    const configFor = async (accountId: string) => {
      const c = await clientsFor(moto.endpoint, accountId, REGION, ROLE);
      acct[accountId] = c;
      return { endpoint: moto.endpoint, region: REGION, credentials: c.credentials };
    };
    const input: EnvironmentInput = await createLocalFixtures({ ...localEnv, state: { backend: "local", directory: path.join(work, "state") } }, configFor);
    const envFile = writeEnvironmentJson(input, path.join(work, "lmb.json"));
    synth = await synthesize({ configFiles: [envFile], outdir: path.join(work, "cdktf.out") });
    for (const s of synth.stacks.filter((x) => x.role !== "bootstrap")) tf[s.name] = new Terraform(s.dir, { endpoint: moto.endpoint, region: REGION, name: s.name });
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the app stack spans two accounts and has no private-path resource", () => {
    const app = synth.stacks.find((s) => s.name === "lmb-app-notifications")!;
    expect([...app.accounts].sort()).toEqual([SHARED, WORKLOAD].sort());
    const json = JSON.parse(fs.readFileSync(path.join(app.dir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource).filter((t) => /^aws_(lb|vpc_endpoint|security_group)/.test(t))).toEqual([]);
  });

  it("applies the platform, then the Lambda app", async () => {
    await tf["lmb-platform"].init();
    await tf["lmb-platform"].apply();
    await tf["lmb-app-notifications"].init();
    await tf["lmb-app-notifications"].apply();
    const apis = await acct[SHARED].client(APIGatewayClient).send(new GetRestApisCommand({}));
    apiId = apis.items!.find((a) => a.name === "acme-lmb-notifications")!.id!;
    expect(apiId).toBeTruthy();
  }, 600_000);

  it("from the workload account: the alias's policy lets only API Gateway, for this API's stage, from the shared-services account invoke", async () => {
    const got = await acct[WORKLOAD].client(LambdaClient).send(new GetPolicyCommand({ FunctionName: FUNCTION, Qualifier: "live" }));
    const statements = JSON.parse(got.Policy!).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Sid: "acme-lmb-notifications-apigateway",
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
    const apigw = acct[SHARED].client(APIGatewayClient);
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

  it("a second plan of both stacks shows no changes", async () => {
    for (const t of Object.values(tf)) {
      const code = await t.plan({ detailedExitcode: true, lock: false });
      if (code !== 0) throw new Error(`${t.name}: plan after apply wanted changes:\n${t.last?.stdout.slice(-4000)}`);
    }
  }, 300_000);

  it("destroying the app removes the statement from the alias's policy", async () => {
    await tf["lmb-app-notifications"].destroy();
    const policy = await acct[WORKLOAD].client(LambdaClient).send(new GetPolicyCommand({ FunctionName: FUNCTION, Qualifier: "live" })).then(
      (r) => JSON.parse(r.Policy!).Statement as unknown[],
      (e: Error) => (e.name === "ResourceNotFoundException" ? [] : Promise.reject(e)),
    );
    expect(policy).toEqual([]);
  }, 300_000);
});
