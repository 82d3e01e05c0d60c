/**
 * Backends (modules/backends/): config validation of each kind, what a Lambda or mock app
 * synthesizes (and does not), the integration objects, and the workload deploy role's
 * permissions per kind (least privilege, like test/unit/bootstrap-permissions.test.ts).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Testing } from "cdktf";
import { AppStack } from "../../stacks/app-stack";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { validateEnvironment } from "../../config/load";
import { workloadDeployerPolicies } from "../../modules/backends";
import { readOnlyPolicies } from "../../modules/planner-permissions";
import { buildOpenApi } from "../../modules/openapi";
import { topologyMermaid } from "../../governance/topology";
import { buildRouteMap } from "../../governance/routes";
import { estimateCost } from "../../governance/cost";
import type { Environment } from "../../config/schema";
import type { Statement } from "../../modules/iam";
import { WILDCARD_REASON_SID } from "../../policy";
import { addNotificationsApp, NOTIFICATIONS_ACCOUNT } from "../fixtures/env";
import { devEnv, devInput } from "./helpers";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const FN = `arn:aws:lambda:eu-west-1:${NOTIFICATIONS_ACCOUNT}:function:notifications-api`;

function appJson(env: Environment, name: string): Json {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new AppStack(app, { environment: env, app: env.apps.find((a) => a.name === name)! })));
}
const types = (json: Json) => ({ resources: Object.keys(json.resource ?? {}).sort(), data: Object.keys(json.data ?? {}).sort() });
const count = (json: Json) => Object.values<Record<string, unknown>>(json.resource).reduce((n, byId) => n + Object.keys(byId).length, 0);
const body = (json: Json) => JSON.parse(Object.values<Json>(json.resource.aws_api_gateway_rest_api)[0].body);

function problems(edit: (e: Json) => void): { path: string; message: string }[] {
  const r = validateEnvironment(devInput(edit));
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path, message: p.message }));
}
const withNotifications = (edit: (n: Json, e: Json) => void = () => undefined) => (e: Json) => {
  addNotificationsApp(e);
  edit(e.apps[2], e);
};

/** The private path an ALB app needs and a Lambda or mock app must not have. */
const PRIVATE_PATH = ["aws_lb", "aws_lb_listener", "aws_lb_target_group", "aws_lb_target_group_attachment", "aws_vpc_endpoint", "aws_vpc_endpoint_service", "aws_security_group"];

describe("backend config", () => {
  it("a config without kind is an ALB backend (configs written before kinds stay valid)", () => {
    const env = devEnv();
    expect(env.apps.map((a) => a.backend.kind)).toEqual(["alb", "alb"]);
  });
  it("a Lambda app validates without an ingress port", () => {
    expect(problems(withNotifications())).toEqual([]);
  });
  it.each<[string, (n: Json, e: Json) => void, string, RegExp]>([
    ["function in another account", (n) => (n.backend.functionArn = n.backend.functionArn.replace(NOTIFICATIONS_ACCOUNT, "222222222222")), "apps[2].backend.functionArn", /app's account 555555555555/],
    ["function in another region", (n) => (n.backend.functionArn = n.backend.functionArn.replace("eu-west-1", "us-east-1")), "apps[2].backend.functionArn", /region eu-west-1/],
    ["function in another partition", (n) => (n.backend.functionArn = n.backend.functionArn.replace("arn:aws:", "arn:aws-cn:")), "apps[2].backend.functionArn", /partition aws /],
    ["unqualified function ARN", (n) => (n.backend.functionArn = FN), "apps[2].backend.functionArn", /qualified by an alias/],
    ["version instead of an alias", (n) => (n.backend.functionArn = `${FN}:7`), "apps[2].backend.functionArn", /not version 7/],
    ["$LATEST instead of an alias", (n) => (n.backend.functionArn = `${FN}:$LATEST`), "apps[2].backend.functionArn", /not \$LATEST/],
    ["not a function ARN", (n) => (n.backend.functionArn = "arn:aws:lambda:eu-west-1:555555555555:layer:x:1"), "apps[2].backend.functionArn", /Lambda function ARN/],
    ["timeout above 29 s", (n) => (n.backend.timeoutMs = 29001), "apps[2].backend.timeoutMs", /29000/],
    ["timeout below 50 ms", (n) => (n.backend.timeoutMs = 49), "apps[2].backend.timeoutMs", /at least 50/],
    ["ingress port on a Lambda app", (n) => (n.ingressPort = 10003), "apps[2].ingressPort", /only alb backends/],
    ["ALB field on a Lambda backend", (n) => (n.backend.albArn = "arn:x"), "apps[2].backend.albArn", /unknown field/],
    ["unknown kind", (n) => (n.backend = { kind: "ecs" }), "apps[2].backend.kind", /"alb" \(the default\), "lambda" or "mock"/],
    ["ALB app without ingress port", (_n, e) => delete e.apps[0].ingressPort, "apps[0].ingressPort", /alb backend needs/],
    ["mock body with a Velocity reference", (n) => (n.routes[2].mock.body = { price: "$input.body" }), "apps[2].routes[2].mock.body", /Velocity/],
    ["mock header value with a quote", (n) => (n.routes[2].mock.headers = { "X-A": "it's" }), 'apps[2].routes[2].mock.headers["X-A"]', /single quotes/],
    ["mock status out of range", (n) => (n.routes[2].mock.status = 700), "apps[2].routes[2].mock.status", /599/],
    ["mock backend reason too short", (n) => (n.backend = { kind: "mock", reason: "tbd" }), "apps[2].backend.reason", /10\+ characters/],
  ])("%s is a config error with its field path", (_what, edit, path, message) => {
    const found = problems(withNotifications(edit));
    expect(found.filter((p) => p.path === path).map((p) => p.message).join("\n")).toMatch(message);
  });
  it("reports every backend problem of a file at once", () => {
    const found = problems(withNotifications((n) => {
      n.backend.functionArn = `arn:aws:lambda:us-east-1:222222222222:function:notifications-api`;
      n.ingressPort = 10009;
    }));
    expect(found.filter((p) => p.path === "apps[2].backend.functionArn")).toHaveLength(3);
    expect(found.map((p) => p.path)).toContain("apps[2].ingressPort");
  });
});

describe("Lambda app stack", () => {
  const env = devEnv(withNotifications());
  const json = appJson(env, "notifications");
  const alb = appJson(env, "orders");

  it("synthesizes none of the private-path resources (an ALB app does)", () => {
    for (const t of PRIVATE_PATH) expect([t, types(json).resources.includes(t)]).toEqual([t, false]);
    expect(types(json).data).not.toContain("aws_network_interface");
    for (const t of ["aws_lb", "aws_vpc_endpoint", "aws_vpc_endpoint_service"]) expect(types(alb).resources).toContain(t);
  });
  it("does not read the private-path contract keys", () => {
    const names = Object.values<Json>(json.data.aws_ssm_parameter).map((d) => d.name);
    expect(names.filter((n) => /vpc-link-id|nlb-arn|vpc-cidr/.test(n))).toEqual([]);
    // an ALB app reads its ingress shard's VPC link and NLB (config/ingress-shards.ts) and the VPC CIDR
    expect(Object.values<Json>(alb.data.aws_ssm_parameter).map((d) => d.name)).toEqual(expect.arrayContaining(["/acme/dev/platform/ingress/shard-0/nlb-arn", "/acme/dev/platform/ingress/shard-0/vpc-link-id", "/acme/dev/platform/vpc-cidr"]));
  });
  it("grants API Gateway invoke on the alias, in the workload account, for this API's stage and the shared-services account only", () => {
    const perms = Object.values<Json>(json.resource.aws_lambda_permission).filter((p) => p.provider === "aws.workload");
    expect(perms).toHaveLength(1);
    expect(perms[0]).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name: FN,
      qualifier: "live",
      principal: "apigateway.amazonaws.com",
      source_account: env.accounts.sharedServices,
      statement_id: "acme-dev-notifications-apigateway",
    });
    expect(perms[0].source_arn).toMatch(/^\$\{aws_api_gateway_rest_api\.[\w]+\.execution_arn\}\/\$\{aws_api_gateway_stage\.[\w]+\.stage_name\}\/\*\/\*$/);
    const workload = ([] as Json[]).concat(json.provider.aws).find((p) => p.alias === "workload");
    expect(workload.allowed_account_ids).toEqual([NOTIFICATIONS_ACCOUNT]);
  });
  it("integrates every non-mock route by AWS_PROXY (POST) to the alias ARN, with the configured timeout", () => {
    const doc = body(json);
    const uri = `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${FN}:live/invocations`;
    for (const [path, method] of [["/", "post"], ["/{notificationId}", "get"]]) {
      expect(doc.paths[path][method]["x-amazon-apigateway-integration"]).toEqual({ type: "aws_proxy", httpMethod: "POST", uri, passthroughBehavior: "when_no_match", timeoutInMillis: 6000 });
    }
    // scopes and validation as for any route
    expect(doc.paths["/"].post.security).toEqual([{ jwt: [] }]);
    expect(doc.paths["/"].post["x-amazon-apigateway-request-validator"]).toBe("all");
  });
  it("answers the mocked route itself, keeping its authorizer and validation", () => {
    const op = body(json).paths["/templates"].get;
    expect(op["x-amazon-apigateway-integration"]).toEqual({
      type: "mock",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
      passthroughBehavior: "when_no_match",
      responses: { default: { statusCode: "200", responseParameters: { "method.response.header.Cache-Control": "'max-age=60'" }, responseTemplates: { "application/json": '{"templates":["welcome","receipt"]}' } } },
    });
    expect(op.responses["200"].headers).toEqual({ "Cache-Control": { schema: { type: "string" } } });
    expect(op.security).toEqual([{ jwt: [] }]);
    expect(op["x-aoa-scopes"]).toEqual(["notifications:read"]);
    expect(op["x-amazon-apigateway-request-validator"]).toBe("params");
    expect(op["x-aoa-mock"]).toEqual({ reason: expect.stringMatching(/template catalogue/) });
  });
  it("resource counts per kind of app stack (reported in the closing note)", () => {
    const mock = devEnv(withNotifications((n) => (n.backend = { kind: "mock", reason: "backend not ready until Q3; contract published for the web team" })));
    const counts = { alb: count(alb), lambda: count(json), mock: count(appJson(mock, "notifications")) };
    expect(counts.lambda).toBe(counts.mock + 1); // + the invoke permission
    expect(counts.alb - counts.lambda).toBeGreaterThanOrEqual(10);
    console.log(`resources per app stack: ${JSON.stringify(counts)}`); // eslint-disable-line no-console
  });
});

describe("mock backend", () => {
  const env = devEnv(withNotifications((n) => (n.backend = { kind: "mock", reason: "backend not ready until Q3; contract published for the web team" })));
  const json = appJson(env, "notifications");
  it("has no workload-account resource and no private path", () => {
    const all = Object.values<Record<string, Json>>(json.resource).flatMap((byId) => Object.values(byId));
    expect(all.filter((r) => r.provider === "aws.workload")).toEqual([]);
    for (const t of PRIVATE_PATH) expect(types(json).resources).not.toContain(t);
  });
  it("every route is a MOCK with its response (200 {} by default) and the app's reason", () => {
    const doc = body(json);
    const post = doc.paths["/"].post;
    expect(post["x-amazon-apigateway-integration"].type).toBe("mock");
    expect(post["x-amazon-apigateway-integration"].responses.default).toEqual({ statusCode: "200", responseTemplates: { "application/json": "{}" } });
    expect(post["x-aoa-mock"]).toEqual({ reason: "backend not ready until Q3; contract published for the web team" });
    expect(post.security).toEqual([{ jwt: [] }]);
    expect(doc.paths["/templates"].get["x-aoa-mock"].reason).toMatch(/template catalogue/);
  });
  it("a non-200 mock status selects that method response", () => {
    const e = devEnv(withNotifications((n) => (n.routes[2].mock = { status: 503, body: { message: "soon" } })));
    const op = buildOpenApi(e.apps[2], { authorizerInvokeArn: "arn:x", authorizerResultTtlSeconds: 300, title: "t" }).paths as Json;
    const get = op["/templates"].get;
    expect(get["x-amazon-apigateway-integration"].requestTemplates["application/json"]).toBe('{"statusCode": 503}');
    expect(get["x-amazon-apigateway-integration"].responses.default.statusCode).toBe("503");
    expect(Object.keys(get.responses)).toEqual(["503"]);
  });
  it("a route-level mock in an ALB app mocks only that route", () => {
    const e = devEnv((d) => (d.apps[0].routes[3].mock = { body: { ok: true } }));
    const doc = body(appJson(e, "orders"));
    expect(doc.paths["/health"].get["x-amazon-apigateway-integration"].type).toBe("mock");
    expect(doc.paths["/"].get["x-amazon-apigateway-integration"].type).toBe("http_proxy");
  });
});

// ---- deploy permissions of the workload roles, per backend kind
const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]);
const statements = (set: Record<string, Statement[]>) => Object.values(set).flat();
const actions = (set: Record<string, Statement[]>) => statements(set).flatMap((s) => list(s.Action));

describe("workload deploy role per backend kind", () => {
  const env = devEnv(withNotifications());
  it("a Lambda-only account gets exactly AddPermission/RemovePermission/GetPolicy on its function and alias — no ELB, EC2 or IAM", () => {
    const set = workloadDeployerPolicies(env, NOTIFICATIONS_ACCOUNT);
    expect(Object.keys(set)).toEqual(["lambda-permissions"]);
    expect(statements(set)).toEqual([
      { Sid: "ApiGatewayInvokePermissionsOnAppFunctions", Effect: "Allow", Action: ["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"], Resource: [FN, `${FN}:live`] },
    ]);
    expect(actions(set).filter((a) => !a.startsWith("lambda:"))).toEqual([]);
  });
  it("covers what the Lambda app's stack does in that account (AddPermission with a qualifier is authorized on the alias ARN)", () => {
    const json = appJson(env, "notifications");
    const set = workloadDeployerPolicies(env, NOTIFICATIONS_ACCOUNT);
    const calls = Object.values<Json>(json.resource).flatMap((byId) => Object.values<Json>(byId)).filter((r) => r.provider === "aws.workload");
    expect(calls.length).toBe(1);
    for (const r of calls) {
      const arn = `${r.function_name}:${r.qualifier}`;
      for (const action of ["lambda:AddPermission", "lambda:GetPolicy", "lambda:RemovePermission"]) {
        expect([action, statements(set).some((s) => list(s.Action).includes(action) && list(s.Resource).includes(arn))]).toEqual([action, true]);
      }
    }
    expect(statements(set).some((s) => list(s.Resource).some((x) => x.includes("*")) && !WILDCARD_REASON_SID.test(s.Sid ?? ""))).toBe(false);
    // another function of the same account is out of reach
    expect(statements(set).some((s) => list(s.Resource).some((x) => x.startsWith(`arn:aws:lambda:eu-west-1:${NOTIFICATIONS_ACCOUNT}:function:other`)))).toBe(false);
  });
  it("ALB accounts keep the exposure policy and get no Lambda actions", () => {
    const set = workloadDeployerPolicies(env, "222222222222");
    expect(Object.keys(set)).toEqual(["exposure"]);
    expect(actions(set).filter((a) => a.startsWith("lambda:"))).toEqual([]);
  });
  it("an account with an ALB app and a Lambda app gets both, and nothing else", () => {
    const mixed = devEnv(withNotifications((n) => {
      n.account = "222222222222";
      n.backend.functionArn = n.backend.functionArn.replace(NOTIFICATIONS_ACCOUNT, "222222222222");
    }));
    expect(Object.keys(workloadDeployerPolicies(mixed, "222222222222")).sort()).toEqual(["exposure", "lambda-permissions"]);
  });
  it("a mock-only account's role has no policy at all", () => {
    const mock = devEnv(withNotifications((n) => (n.backend = { kind: "mock" })));
    expect(workloadDeployerPolicies(mock, NOTIFICATIONS_ACCOUNT)).toEqual({});
  });
  it("the Lambda account's read-only planner keeps only lambda:GetPolicy on the same ARNs", () => {
    const planner = readOnlyPolicies(workloadDeployerPolicies(env, NOTIFICATIONS_ACCOUNT));
    expect(statements(planner).map((s) => [s.Action, s.Resource])).toEqual([["lambda:GetPolicy", [FN, `${FN}:live`]]]);
  });
  it("the bootstrap stack gives the Lambda account's deploy role exactly that policy, and its planner the read part", () => {
    const app = Testing.app();
    const json = JSON.parse(Testing.synth(new BootstrapStack(app, { environment: env })));
    const policies = Object.values<Json>(json.resource.aws_iam_policy).filter((p) => p.provider === `aws.workload_${NOTIFICATIONS_ACCOUNT}`);
    expect(policies.map((p) => p.name).sort()).toEqual(["aoa-deployer-lambda-permissions", "aoa-planner-lambda-permissions"]);
    const byName = Object.fromEntries(policies.map((p) => [p.name, JSON.parse(p.policy).Statement]));
    expect(byName["aoa-deployer-lambda-permissions"][0].Action).toEqual(["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"]);
    expect(byName["aoa-planner-lambda-permissions"][0].Action).toBe("lambda:GetPolicy");
  });
});

describe("governance knows the kinds", () => {
  const env = devEnv(withNotifications());
  it("topology: the Lambda alias in its own account, no interface endpoint or NLB port for it; the mocked route drawn as MOCK", () => {
    const m: string = topologyMermaid(env);
    const acct = m.slice(m.indexOf(`subgraph acct_${NOTIFICATIONS_ACCOUNT}`), m.indexOf("\n  end", m.indexOf(`subgraph acct_${NOTIFICATIONS_ACCOUNT}`)));
    expect(acct).toContain('fn_notifications["Lambda notifications-api<br/>alias live"]');
    expect(m).toContain('api_notifications -->|"AWS_PROXY"| fn_notifications');
    expect(m).toContain('api_notifications -->|"MOCK"| mock_notifications');
    expect(m).not.toContain("vpce_notifications");
    expect(m).not.toContain("api_notifications --> vpclink");
  });
  it("route map: the backend of the app and of each route, no platform NLB port for a Lambda app", () => {
    const app = buildRouteMap(env).apps.find((a: Json) => a.name === "notifications")!;
    expect(app.ingressPort).toBeUndefined();
    expect(app.backend).toEqual({ kind: "lambda", description: `Lambda function notifications-api, alias live (account ${NOTIFICATIONS_ACCOUNT}), AWS_PROXY` });
    expect(app.routes.map((r: Json) => `${r.method} ${r.path} ${r.backend}`)).toEqual(["POST / lambda", "GET /{notificationId} lambda", "GET /templates mock"]);
  });
  it("cost: the private path is billed per ALB app only", () => {
    const lines = estimateCost(env).lines.filter((l: Json) => l.app);
    expect(lines.filter((l: Json) => l.app === "notifications").map((l: Json) => l.component)).toEqual(["notifications: alarms"]);
    expect(lines.filter((l: Json) => l.app === "orders").map((l: Json) => l.component)).toEqual(["orders: workload NLB (alb target)", "orders: interface endpoint", "orders: alarms"]);
  });
});

/** Validates OpenAPI documents with @apidevtools/swagger-parser in a child node (it is ESM; jest here is CJS): index -> error or null. */
function validateOpenApi(docs: readonly unknown[]): (string | null)[] {
  const script = [
    "import SwaggerParser from '@apidevtools/swagger-parser';",
    "const docs = JSON.parse((await import('node:fs')).readFileSync(0, 'utf8'));",
    "const out = [];",
    "for (const d of docs) { try { await SwaggerParser.validate(d); out.push(null); } catch (e) { out.push(String(e.message)); } }",
    "process.stdout.write(JSON.stringify(out));",
  ].join("\n");
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { input: JSON.stringify(docs), encoding: "utf8", cwd: path.resolve(__dirname, "..", "..") });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe("the generated OpenAPI of each kind is valid OpenAPI 3 (swagger-parser)", () => {
  const env = devEnv(withNotifications());
  const refs = { vpcLinkId: "abc123", authorizerInvokeArn: "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:a/invocations", authorizerResultTtlSeconds: 300, title: "acme-dev" };
  const mock = devEnv(withNotifications((n) => (n.backend = { kind: "mock" })));
  it("alb, lambda (with a mocked route) and mock apps validate; a broken document does not", () => {
    const broken = buildOpenApi(env.apps[2], refs) as Json;
    broken.paths["/templates"].get.responses = { "200": { headers: {} } }; // a response without description
    const results = validateOpenApi([buildOpenApi(env.apps[0], refs), buildOpenApi(env.apps[2], refs), buildOpenApi(mock.apps[2], refs), broken]);
    expect(results.slice(0, 3)).toEqual([null, null, null]);
    expect(results[3]).toMatch(/description/);
  });
});
