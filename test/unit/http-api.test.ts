/**
 * HTTP API apps (`api: "http"`, issue 22): what HTTP APIs lack is refused with the field path
 * (each shown with its accepted neighbour), and what an HTTP API app synthesizes — routes with
 * the JWT authorizer and the route's one scope, public routes without, the Lambda permission
 * scoped to this API, the VPC link v2 to the app's platform NLB listener for ALB apps, no REST
 * API, no WAF association.
 */
import { Testing } from "cdktf";
import { AppStack } from "../../stacks/app-stack";
import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { addReceiptsHttpApp } from "../fixtures/http-app";
import { devInput } from "./helpers";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ACCOUNT = "555555555555";

function validate(edit: (app: Json, e: Json) => void = () => undefined, extra: Json = {}) {
  return validateEnvironment(
    devInput((e) => {
      addReceiptsHttpApp(e, ACCOUNT, extra);
      edit(e.apps[e.apps.length - 1], e);
    }),
  );
}
function problems(edit?: (app: Json, e: Json) => void, extra?: Json): { path: string; message: string }[] {
  const r = validate(edit, extra);
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path, message: p.message }));
}
function env(edit?: (app: Json, e: Json) => void, extra?: Json): Environment {
  const r = validate(edit, extra);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
}
function appJson(e: Environment, name = "receipts"): Json {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new AppStack(app, { environment: e, app: e.apps.find((a) => a.name === name)! })));
}
const byType = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});

describe("HTTP API app config", () => {
  it("a Lambda-backed HTTP API app validates; api defaults to rest", () => {
    expect(problems()).toEqual([]);
    expect(env().apps.map((a) => a.api)).toEqual(["rest", "rest", "http"]);
  });

  it.each<[string, (a: Json, e: Json) => void, string, RegExp]>([
    ["usage plans", (a) => (a.usagePlans = [{ name: "partners", quota: { limit: 10, period: "DAY" }, throttling: { rateLimit: 1, burstLimit: 1 }, apiKeys: ["p"] }]), "apps[2].usagePlans", /HTTP APIs have no usage plans \(got 1 item/],
    ["app-wide API keys", (a) => (a.apiKeyRequired = true), "apps[2].apiKeyRequired", /no API keys/],
    ["a keyed route", (a) => (a.routes[0].apiKey = true), "apps[2].routes[0].apiKey", /no API keys/],
    ["a stage cache", (a) => (a.cache = { sizeGb: "0.5" }), "apps[2].cache", /no stage cache/],
    ["a cached route", (a) => (a.routes[0].cache = { headers: ["Authorization"] }), "apps[2].routes[0].cache", /no response cache/],
    ["a resource policy (deny CIDRs)", (a) => (a.denyCidrs = ["203.0.113.0/24"]), "apps[2].denyCidrs", /no resource policies/],
    ["request validation", (a) => (a.routes[1].validate = "all"), "apps[2].routes[1].validate", /no request validation/],
    ["a mocked route", (a) => (a.routes[0].mock = { status: 200 }), "apps[2].routes[0].mock", /no mock integrations/],
    ["a mock backend", (a) => (a.backend = { kind: "mock", reason: "backend not built yet" }), "apps[2].backend.kind", /no mock integrations/],
    ["an app OpenAPI document", (a) => (a.openApi = { openapi: "3.0.3", info: { title: "x", version: "1" }, paths: {} }), "apps[2].openApi", /not imported/],
    ["two scopes (all-of cannot be expressed)", (a) => (a.routes[0].scopes = ["receipts:read", "receipts:audit"]), "apps[2].routes[0].scopes", /ANY one of a route's scopes/],
    ["no WAF exemption reason", (a) => delete a.wafExemptReason, "apps[2].wafExemptReason", /cannot be associated with a WAF web ACL/],
    ["a token age limit the JWT authorizer cannot enforce", (_a, e) => (e.edge.authorizer.maxTokenAgeSeconds = 3600), "apps[2].api", /cannot enforce edge.authorizer.maxTokenAgeSeconds/],
  ])("refuses %s, naming the field", (_name, edit, path, message) => {
    const got = problems(edit);
    expect(got.map((p) => p.path)).toContain(path);
    expect(got.filter((p) => p.path === path).map((p) => p.message)).toContainEqual(expect.stringMatching(message));
  });

  it("the same settings on a REST app are accepted (the refusals are about HTTP APIs)", () => {
    expect(problems((a) => (a.routes[0].scopes = ["receipts:read", "receipts:audit"]), { api: "rest", wafExemptReason: undefined })).toEqual([]);
    expect(problems((a) => (a.routes[1].validate = "none"))).toEqual([]);
  });

  it("a WAF exemption on a REST app is refused (every REST stage is associated with the web ACL)", () => {
    expect(problems(undefined, { api: "rest" })).toEqual([{ path: "apps[2].wafExemptReason", message: expect.stringMatching(/only HTTP API apps/) }]);
  });

  it("every problem at once", () => {
    const got = problems((a) => {
      a.apiKeyRequired = true;
      a.cache = { sizeGb: "0.5" };
      delete a.wafExemptReason;
    });
    expect([...new Set(got.map((p) => p.path))].sort()).toEqual(["apps[2].apiKeyRequired", "apps[2].cache", "apps[2].usagePlans", "apps[2].wafExemptReason"]);
  });
});

describe("HTTP API app stack", () => {
  it("has an HTTP API and no REST API, WAF association, resource policy or usage plan", () => {
    const json = appJson(env());
    const types = Object.keys(json.resource);
    expect(types).toEqual(expect.arrayContaining(["aws_apigatewayv2_api", "aws_apigatewayv2_authorizer", "aws_apigatewayv2_integration", "aws_apigatewayv2_route", "aws_apigatewayv2_stage", "aws_apigatewayv2_api_mapping", "aws_lambda_permission"]));
    for (const t of ["aws_api_gateway_rest_api", "aws_api_gateway_stage", "aws_wafv2_web_acl_association", "aws_api_gateway_rest_api_policy", "aws_api_gateway_usage_plan"]) expect(types).not.toContain(t);
    const [api] = byType(json, "aws_apigatewayv2_api");
    expect([api.protocol_type, api.disable_execute_api_endpoint]).toEqual(["HTTP", true]);
    expect(api.description).toMatch(/WAF exempt: internal back-office callers only/);
    // the authorizer's route table (SSM) is a REST-only concern; the release parameter stays
    expect(byType(json, "aws_ssm_parameter").map((p) => p.name)).toEqual(["/acme/dev/apps/receipts/release"]);
  });

  it("the JWT authorizer uses the platform's issuer and audience; protected routes carry their one scope, public ones none", () => {
    const e = env();
    const json = appJson(e);
    const [jwt] = byType(json, "aws_apigatewayv2_authorizer");
    expect([jwt.authorizer_type, jwt.identity_sources, jwt.jwt_configuration]).toEqual(["JWT", ["$request.header.Authorization"], { issuer: e.edge.authorizer.issuer, audience: [e.edge.authorizer.audience].flat() }]);
    const routes = Object.fromEntries(byType(json, "aws_apigatewayv2_route").map((r) => [r.route_key, [r.authorization_type, r.authorization_scopes ?? null, r.authorizer_id ? "jwt" : null]]));
    expect(routes).toEqual({
      "GET /{receiptId}": ["JWT", ["receipts:read"], "jwt"],
      "POST /": ["JWT", ["receipts:write"], "jwt"],
      "ANY /files/{proxy+}": ["JWT", null, "jwt"],
      "GET /health": ["NONE", null, null],
    });
  });

  it("the $default stage auto-deploys with access logs, the stage throttle and the route override; the mapping uses the base path", () => {
    const e = env();
    const json = appJson(e);
    const [stage] = byType(json, "aws_apigatewayv2_stage");
    expect([stage.name, stage.auto_deploy]).toEqual(["$default", true]);
    expect(stage.default_route_settings).toMatchObject({ throttling_rate_limit: e.edge.throttling.rateLimit, throttling_burst_limit: e.edge.throttling.burstLimit });
    expect(stage.route_settings).toEqual([expect.objectContaining({ route_key: "ANY /files/{proxy+}", throttling_rate_limit: 5, throttling_burst_limit: 10 })]);
    expect(JSON.parse(stage.access_log_settings.format).requestId).toBe("$context.requestId");
    const [mapping] = byType(json, "aws_apigatewayv2_api_mapping");
    expect(mapping.api_mapping_key).toBe("billing/receipts");
  });

  it("a Lambda backend: proxy integration with payload 2.0; the invoke permission is scoped to this API from the shared-services account", () => {
    const json = appJson(env());
    expect(byType(json, "aws_apigatewayv2_integration").map((i) => [i.integration_type, i.payload_format_version, i.integration_uri])).toEqual([["AWS_PROXY", "2.0", `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:receipts-api:live`]]);
    const [perm] = byType(json, "aws_lambda_permission");
    expect([perm.provider, perm.qualifier, perm.source_account, perm.source_arn]).toEqual(["aws.workload", "live", "111111111111", expect.stringMatching(/aws_apigatewayv2_api\..*\.execution_arn\}\/\*\/\*$/)]);
  });

  it("an ALB backend: the private path as for REST apps, and a VPC link v2 to the app's listener on the platform NLB (HTTPS, path prefix, identity headers)", () => {
    const e = env(undefined, {
      ingressPort: 10009,
      backend: {
        albArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/receipts-internal/0123456789abcdef`,
        listenerPort: 443,
        pathPrefix: "/receipts",
        hostname: "receipts.internal.example.com",
        vpcId: "vpc-0d1b2c3d4e5f60004",
        subnets: [
          { id: "subnet-0d1b2c3d4e5f60041", az: "eu-west-1a" },
          { id: "subnet-0d1b2c3d4e5f60042", az: "eu-west-1b" },
        ],
      },
    });
    const json = appJson(e);
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(["aws_vpc_endpoint_service", "aws_vpc_endpoint", "aws_lb_listener", "aws_apigatewayv2_vpc_link"]));
    // the app's own listener on the platform NLB (shared services), not the workload NLB's
    const listener = Object.keys(json.resource.aws_lb_listener).find((k) => k.startsWith("ingress_"));
    const integrations = byType(json, "aws_apigatewayv2_integration");
    expect(integrations).toHaveLength(2); // protected and public (identity headers differ)
    for (const i of integrations) {
      expect([i.integration_type, i.connection_type, i.integration_uri, i.tls_config]).toEqual(["HTTP_PROXY", "VPC_LINK", `\${aws_lb_listener.${listener}.arn}`, { server_name_to_verify: "receipts.internal.example.com" }]);
      expect(i.request_parameters["overwrite:path"]).toBe("/receipts$request.path");
    }
    expect(integrations.map((i) => i.request_parameters["overwrite:header.X-Aoa-Subject"]).sort()).toEqual(["$context.authorizer.claims.sub", "-"]);
    expect(byType(json, "aws_lambda_permission")).toEqual([]);
  });
});

describe("routing rules on the custom domain (seam: the pinned provider lacks them)", () => {
  const withRules = (rules: Json[]) => (_a: Json, e: Json) => {
    e.domain.routingRules = rules;
  };
  const v2 = { priority: 10, headers: [{ name: "X-Api-Version", value: "2" }], basePaths: ["orders"], app: "orders" };

  it("a well-formed rule (X-Api-Version: 2 → orders) is refused only for the provider version, naming the version it needs", () => {
    expect(problems(withRules([v2]))).toEqual([{ path: "domain.routingRules", message: expect.stringMatching(/need hashicorp\/aws >= 6\.29\.0 .*pins 5\.100\.0/) }]);
  });

  it("no rules: nothing to refuse", () => {
    expect(problems(withRules([]))).toEqual([]);
  });

  it.each<[string, Json[], string, RegExp]>([
    ["three header conditions", [{ ...v2, headers: [{ name: "a", value: "1" }, { name: "b", value: "2" }, { name: "c", value: "3" }] }], "domain.routingRules[0].headers", /at most two header conditions/],
    ["a priority out of range", [{ ...v2, priority: 0 }], "domain.routingRules[0].priority", /.+/],
    ["duplicate priorities", [v2, { ...v2, app: "payments" }], "domain.routingRules[1].priority", /duplicate priority/],
    ["an unknown app", [{ ...v2, app: "nope" }], "domain.routingRules[0].app", /no app 'nope'/],
    ["an HTTP API app as target", [{ ...v2, app: "receipts" }], "domain.routingRules[0].app", /only invoke REST API stages/],
  ])("also reports %s with the field path", (_n, rules, path, message) => {
    const got = problems(withRules(rules));
    expect(got.filter((p) => p.path === path).map((p) => p.message)).toContainEqual(expect.stringMatching(message));
  });
});

describe("plan summary of an HTTP API app (ops/plan-routes.ts → plan-routes-http.ts)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { routeChanges } = require("../../ops/plan-routes") as typeof import("../../ops/plan-routes");
  const route = (key: string, auth = "JWT", scopes?: string[]) => ({ route_key: key, authorization_type: auth, authorization_scopes: scopes });
  const rc = (type: string, actions: string[], before: Json, after: Json) => ({ type, change: { actions, before, after } });
  const stage = (rate: number, routes: Json[] = []) => ({ default_route_settings: [{ throttling_rate_limit: rate, throttling_burst_limit: rate * 2 }], route_settings: routes });

  it("says which routes come, go and change scopes or throttle, per route key", () => {
    const plan = {
      resource_changes: [
        rc("aws_apigatewayv2_route", ["create"], null, route("GET /{receiptId}", "JWT", ["receipts:read"])),
        rc("aws_apigatewayv2_route", ["delete"], route("GET /legacy", "NONE"), null),
        rc("aws_apigatewayv2_route", ["update"], route("POST /", "JWT", ["receipts:write"]), route("POST /", "JWT", ["receipts:admin"])),
        rc("aws_apigatewayv2_route", ["update"], route("GET /health", "NONE"), route("GET /health", "NONE")),
        rc("aws_apigatewayv2_stage", ["update"], stage(100, [{ route_key: "ANY /files/{proxy+}", throttling_rate_limit: 5, throttling_burst_limit: 10 }]), stage(100, [{ route_key: "ANY /files/{proxy+}", throttling_rate_limit: 8, throttling_burst_limit: 10 }])),
      ],
    };
    expect(routeChanges(plan)).toEqual(["+ GET /{receiptId} scopes receipts:read", "- GET /legacy", "~ POST / scopes receipts:write → scopes receipts:admin", "~ ANY /files/{proxy+} throttle 5→8 rps"]);
  });

  it("no change, no line (the same route replaced in place is not a change)", () => {
    expect(routeChanges({ resource_changes: [rc("aws_apigatewayv2_route", ["delete", "create"], route("GET /", "JWT", []), route("GET /", "JWT", []))] })).toEqual([]);
  });
});

describe("route map, topology and cost of an HTTP API app", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildRouteMap, routeMapMarkdown } = require("../../governance/routes") as typeof import("../../governance/routes");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { topologyMermaid } = require("../../governance/topology") as typeof import("../../governance/topology");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { estimateCost } = require("../../governance/cost") as typeof import("../../governance/cost");

  it("the route map names the API kind and the WAF exemption; REST apps say WAF", () => {
    const md = routeMapMarkdown(buildRouteMap(env()));
    expect(md).toContain("- API: HTTP API (apigatewayv2), no WAF: internal back-office callers only; stage throttle applies");
    expect(md).toContain("- API: REST API, WAF on the stage");
  });

  it("the topology draws an HTTP API node without WAF or Lambda authorizer edges", () => {
    const m = topologyMermaid(env());
    expect(m).toContain("HTTP API acme-dev-receipts");
    expect(m).not.toMatch(/waf -.-\|"stage live"\| api_receipts/);
    expect(m).not.toMatch(/authz -.->\|"authorizes"\| api_receipts/);
    expect(m).toMatch(/waf -.-\|"stage live"\| api_orders/);
  });

  it("the cost estimate prices HTTP API requests only when an HTTP API app exists", () => {
    const withHttp = estimateCost(env()).perMillionRequests.map((l) => l.component);
    expect(withHttp).toContain("API Gateway HTTP API requests");
    const rest = estimateCost(env(undefined, { api: "rest", wafExemptReason: undefined })).perMillionRequests.map((l) => l.component);
    expect(rest).not.toContain("API Gateway HTTP API requests");
  });
});

describe("quotas of HTTP API apps (config/quotas.ts)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { configQuotaUsage } = require("../../config/quotas") as typeof import("../../config/quotas");
  const used = (e: Environment, id: string) => configQuotaUsage(e).find((u) => u.id === id)!;

  it("routes per HTTP API count the HTTP app's routes; REST resources count only REST apps", () => {
    const e = env();
    expect(used(e, "httpRoutesPerApi")).toMatchObject({ used: 4, field: "apps[2].routes", limit: 300 });
    expect(used(e, "resourcesPerApi").where).not.toMatch(/receipts/);
    expect(used(env(undefined, { api: "rest", wafExemptReason: undefined }), "httpRoutesPerApi").used).toBe(0);
  });

  it("an HTTP API app with an ALB backend uses one VPC link v2 (10 per account and Region by default); a Lambda one none", () => {
    expect(used(env(), "httpVpcLinksPerRegion").used).toBe(0);
    const alb = env(undefined, {
      ingressPort: 10009,
      backend: { albArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/r/0123456789abcdef`, listenerPort: 443, hostname: "r.internal.example.com", vpcId: "vpc-0d1b2c3d4e5f60004", subnets: [{ id: "subnet-0d1b2c3d4e5f60041", az: "eu-west-1a" }, { id: "subnet-0d1b2c3d4e5f60042", az: "eu-west-1b" }] },
    });
    expect(used(alb, "httpVpcLinksPerRegion")).toMatchObject({ used: 1, limit: 10 });
  });
});

describe("HTTP API apps and private endpoints (merge of issue 22 items 2 and 3)", () => {
  it("an HTTP API app cannot be private, explicitly or by the environment's default; a public one beside private REST apps is fine", () => {
    const { validateEnvironment } = require("../../config/load") as typeof import("../../config/load"); // eslint-disable-line @typescript-eslint/no-require-imports
    const { devFixture } = require("../fixtures/env") as typeof import("../fixtures/env"); // eslint-disable-line @typescript-eslint/no-require-imports
    const withHttp = (edit: (e: any) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const e: any = devFixture(); // eslint-disable-line @typescript-eslint/no-explicit-any
      const app = e.apps.find((a: any) => a.backend?.kind === "lambda") ?? e.apps[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
      app.api = "http";
      app.wafExemptReason = "internal callers only, behind the stage throttle";
      delete app.usagePlans;
      delete app.apiKeyRequired;
      edit(e);
      const r = validateEnvironment(e);
      return r.ok ? [] : r.problems.filter((p) => /cannot be private/.test(p.message)).map((p) => `${p.path}: ${JSON.stringify(p.value)}`);
    };
    expect(withHttp((e) => (e.apps.find((a: any) => a.api === "http").endpoint = "private"))).toEqual([expect.stringMatching(/^apps\[\d\]\.endpoint: "private"$/)]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(withHttp(() => undefined)).toEqual([]);
    const canary = (() => {
      const e: any = devFixture(); // eslint-disable-line @typescript-eslint/no-explicit-any
      Object.assign(e.apps[0], { api: "http", wafExemptReason: "internal callers only, behind the stage throttle", canary: { version: "9.9.9", percentTraffic: 10 } });
      const r = validateEnvironment(e);
      return r.ok ? [] : r.problems.filter((p) => p.path === "apps[0].canary").map((p) => p.message);
    })();
    expect(canary).toEqual([expect.stringMatching(/HTTP API apps have no canary/)]);
  });
});
