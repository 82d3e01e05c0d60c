/**
 * Gateway features that must take effect once deployed (issue 13): keyed methods a usage plan can
 * meter, cache keys that cannot mix resources or callers, verified identity headers for backends.
 * Asserted on the synthesized OpenAPI body and method settings (what API Gateway imports).
 */
import { Testing } from "cdktf";
import { validateEnvironment } from "../../config/load";
import { AppStack } from "../../stacks/app-stack";
import { buildOpenApi } from "../../modules/openapi";
import type { Environment } from "../../config/schema";
import { runPolicyPack } from "../../policy";
import { PlatformStack } from "../../stacks/platform-stack";
import { loadConfig } from "../../authorizer/src/config";
import { devEnv, devInput, fakeBundle } from "./helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const refs = { vpcLinkId: "vl-123", authorizerInvokeArn: "arn:invoke", authorizerResultTtlSeconds: 300, title: "acme-dev" };

function problems(edit: (e: Raw) => void): { path: string; message: string }[] {
  const r = validateEnvironment(devInput(edit));
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path, message: p.message }));
}
function appJson(e: Environment, name: string): Raw {
  return JSON.parse(Testing.synth(new AppStack(Testing.app(), { environment: e, app: e.apps.find((a) => a.name === name)! })));
}
function bodyOf(json: Raw): Raw {
  return JSON.parse((Object.values(json.resource.aws_api_gateway_rest_api)[0] as Raw).body);
}
const app = (e: Raw, name: string) => e.apps.find((a: Raw) => a.name === name);
const route = (e: Raw, name: string, method: string, path: string) => app(e, name).routes.find((r: Raw) => r.method === method && r.path === path);

describe("API keys", () => {
  const env = devEnv();
  const doc: Raw = bodyOf(appJson(env, "payments"));

  it("payments (usage plan, apiKeyRequired): protected methods require the JWT AND the key, in one security requirement", () => {
    expect(doc.paths["/"].post.security).toEqual([{ jwt: [], api_key: [] }]);
    expect(doc.paths["/{paymentId}"].get.security).toEqual([{ jwt: [], api_key: [] }]);
    expect(doc.components.securitySchemes.api_key).toEqual({ type: "apiKey", name: "x-api-key", in: "header" });
    expect(doc["x-amazon-apigateway-api-key-source"]).toBe("HEADER");
  });
  it("a route can opt out (the provider webhook stays public without a key)", () => {
    expect(doc.paths["/webhooks/{provider}"].post.security).toEqual([]);
  });
  it("a public route can be keyed alone (no JWT)", () => {
    const e = devEnv((x) => (route(x, "payments", "POST", "/webhooks/{provider}").apiKey = true));
    expect(bodyOf(appJson(e, "payments")).paths["/webhooks/{provider}"].post.security).toEqual([{ api_key: [] }]);
  });
  it("an app without keyed routes has no api_key scheme", () => {
    const orders: Raw = bodyOf(appJson(env, "orders"));
    expect(orders.components.securitySchemes.api_key).toBeUndefined();
    expect(orders.paths["/{orderId}"].get.security).toEqual([{ jwt: [] }]);
  });
  it("a usage plan on an app without keyed routes is refused with its field path", () => {
    const p = problems((e) => delete app(e, "payments").apiKeyRequired);
    expect(p).toContainEqual({ path: "apps[1].usagePlans", message: expect.stringMatching(/meter nothing/) });
  });
  it("keyed routes without any usage plan are refused (every key would be refused)", () => {
    const p = problems((e) => (app(e, "payments").usagePlans = []));
    expect(p).toContainEqual({ path: "apps[1].usagePlans", message: expect.stringMatching(/at least one usage plan/) });
  });
  it("the policy pack's usage-plan rule passes the synthesized stack, and fails it once no method is keyed", () => {
    const json = appJson(env, "payments");
    const planFindings = (j: Raw) => runPolicyPack([{ name: "dev-app-payments", json: j }], { environment: "dev", isProd: false }).findings.filter((f) => f.ruleId === "AOA-APIG-025");
    expect(planFindings(json)).toEqual([]);
    const api: Raw = Object.values(json.resource.aws_api_gateway_rest_api)[0];
    api.body = api.body.replace(/,"api_key":\[\]/g, "");
    expect(planFindings(json).length).toBe(1);
  });
  it("outputs the key ids (never the values)", () => {
    const json = appJson(env, "payments");
    expect(json.output.api_key_ids.value).toEqual({ "partner-basic/partner-a": expect.stringMatching(/^\$\{aws_api_gateway_api_key\..+\.id\}$/) });
    expect(JSON.stringify(json)).not.toMatch(/aws_api_gateway_api_key\.[^.}]+\.value/);
  });
});

describe("per-route caching", () => {
  const cached = (e: Raw) => {
    app(e, "orders").cache = { sizeGb: "0.5", ttlSeconds: 120 };
    route(e, "orders", "GET", "/{orderId}").cache = { headers: ["Authorization"], query: ["expand"] };
  };
  const env = devEnv(cached);
  const json = appJson(env, "orders");
  const doc = bodyOf(json);
  const settings = Object.values(json.resource.aws_api_gateway_method_settings) as Raw[];

  it("the cache key holds every path parameter, the caller and the declared query keys, declared as method parameters", () => {
    const op = doc.paths["/{orderId}"].get;
    const i = op["x-amazon-apigateway-integration"];
    expect(i.cacheKeyParameters).toEqual(["method.request.path.orderId", "method.request.querystring.expand", "method.request.header.Authorization"]);
    expect(i.requestParameters).toMatchObject({
      "integration.request.path.orderId": "method.request.path.orderId",
      "integration.request.querystring.expand": "method.request.querystring.expand",
      "integration.request.header.Authorization": "method.request.header.Authorization",
    });
    const declared = op.parameters.map((p: Raw) => `${p.in}.${p.name}`);
    expect(declared).toEqual(["path.orderId", "query.expand", "header.Authorization"]);
  });
  it("uncached routes have no cache keys", () => {
    expect(doc.paths["/"].get["x-amazon-apigateway-integration"].cacheKeyParameters).toBeUndefined();
  });
  it("caching is on only for the cached method path, never */*", () => {
    const star = settings.find((s) => s.method_path === "*/*");
    expect(star.settings.caching_enabled).toBe(false);
    const on = settings.filter((s) => s.settings.caching_enabled === true).map((s) => s.method_path);
    expect(on).toEqual(["{orderId}/GET"]);
    expect(settings.find((s) => s.method_path === "{orderId}/GET").settings).toMatchObject({ cache_ttl_in_seconds: 120, cache_data_encrypted: true, require_authorization_for_cache_control: true });
  });
  it("the policy pack's cache rule passes the synthesized stack, and fails it once the caller leaves the key", () => {
    const cacheFindings = (j: Raw) => runPolicyPack([{ name: "dev-app-orders", json: j }], { environment: "dev", isProd: false }).findings.filter((f) => f.ruleId === "AOA-APIG-024");
    expect(cacheFindings(json)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(json));
    const api: Raw = Object.values(broken.resource.aws_api_gateway_rest_api)[0];
    const d = JSON.parse(api.body);
    d.paths["/{orderId}"].get["x-amazon-apigateway-integration"].cacheKeyParameters = ["method.request.path.orderId"];
    api.body = JSON.stringify(d);
    expect(cacheFindings(broken).map((f) => f.message)).toEqual([expect.stringMatching(/Authorization/)]);
  });
  it("a route throttle override never turns caching on", () => {
    expect(settings.find((s) => s.method_path === "~1/POST").settings.caching_enabled).toBe(false);
  });
  it("a protected route without Authorization in its key is refused", () => {
    const p = problems((e) => {
      cached(e);
      route(e, "orders", "GET", "/{orderId}").cache = { query: ["expand"] };
    });
    expect(p).toContainEqual({ path: "apps[0].routes[1].cache.headers", message: expect.stringMatching(/Authorization/) });
  });
  it("a public route may be cached by path alone", () => {
    const e = devEnv((x) => {
      app(x, "orders").cache = { sizeGb: "0.5" };
      route(x, "orders", "GET", "/health").cache = {};
    });
    expect(bodyOf(appJson(e, "orders")).paths["/health"].get["x-amazon-apigateway-integration"].cacheKeyParameters).toEqual([]);
  });
  it("POST/ANY routes, cached routes without a stage cache, and a stage cache without cached routes are refused", () => {
    expect(problems((e) => {
      cached(e);
      route(e, "orders", "POST", "/").cache = { headers: ["Authorization"] };
    })).toContainEqual({ path: "apps[0].routes[2].cache", message: expect.stringMatching(/only GET and HEAD/) });
    expect(problems((e) => (route(e, "orders", "GET", "/").cache = { headers: ["Authorization"] }))).toContainEqual({ path: "apps[0].routes[0].cache", message: expect.stringMatching(/stage cache/) });
    expect(problems((e) => (app(e, "orders").cache = { sizeGb: "0.5" }))).toContainEqual({ path: "apps[0].cache", message: expect.stringMatching(/caches nothing/) });
  });
});

describe("verified identity to the backend", () => {
  const env = devEnv((e) => (e.edge.authorizer.identityClaims = [{ claim: "tid", header: "Tenant" }]));
  const doc = buildOpenApi(app(env, "orders"), { ...refs, identityClaims: env.edge.authorizer.identityClaims }) as Raw;

  it("protected routes set X-Aoa-* from the authorizer's context (overwriting client-sent headers of the same name)", () => {
    const rp = doc.paths["/{orderId}"].get["x-amazon-apigateway-integration"].requestParameters;
    expect(rp).toMatchObject({
      "integration.request.header.X-Aoa-Subject": "context.authorizer.sub",
      "integration.request.header.X-Aoa-Scopes": "context.authorizer.scope",
      "integration.request.header.X-Aoa-Client-Id": "context.authorizer.client_id",
      "integration.request.header.X-Aoa-Tenant": "context.authorizer.claim_tenant",
    });
    // nothing maps a client's X-Aoa-* header through: every identity header's source is the authorizer
    for (const [k, v] of Object.entries<string>(rp)) if (/X-Aoa-/i.test(k)) expect(v).toMatch(/^context\.authorizer\./);
  });
  it("public routes overwrite the identity headers with '-' so a forged one never reaches the backend", () => {
    const rp = doc.paths["/health"].get["x-amazon-apigateway-integration"].requestParameters;
    expect(rp["integration.request.header.X-Aoa-Subject"]).toBe("'-'");
    expect(rp["integration.request.header.X-Aoa-Tenant"]).toBe("'-'");
  });
  it("the shared authorizer is told which claims to pass and the maximum token age, in a form it parses", () => {
    const e = devEnv((x) => {
      x.edge.authorizer.identityClaims = [{ claim: "tid", header: "Tenant" }];
      x.edge.authorizer.maxTokenAgeSeconds = 3600;
    });
    const json = JSON.parse(Testing.synth(new PlatformStack(Testing.app(), { environment: e, authorizerBundle: fakeBundle() })));
    const fn: Raw = Object.values(json.resource.aws_lambda_function)[0];
    const vars = fn.environment.variables;
    expect(vars).toMatchObject({ IDENTITY_CLAIMS: "tid=claim_tenant", MAX_TOKEN_AGE_SECONDS: "3600" });
    // the context key the authorizer will fill is the one the integration maps
    expect(loadConfig(vars).identityClaims).toEqual([{ claim: "tid", key: "claim_tenant" }]);
    expect(loadConfig(vars).maxTokenAgeSeconds).toBe(3600);
  });
  it("the platform's own header names cannot be claimed by config", () => {
    expect(problems((e) => (e.edge.authorizer.identityClaims = [{ claim: "sub", header: "Subject" }]))).toContainEqual({ path: "edge.authorizer.identityClaims[0].header", message: expect.stringMatching(/set by the platform/) });
  });
});

describe("import strictness and CORS", () => {
  const env = devEnv();
  const json = appJson(env, "orders");
  const doc = bodyOf(json);
  it("every REST API fails its import on warnings (nothing silently dropped)", () => {
    for (const api of Object.values<Raw>(json.resource.aws_api_gateway_rest_api)) expect(api.fail_on_warnings).toBe(true);
  });
  it("CORS preflight operations declare the path's parameters", () => {
    expect(doc.paths["/{orderId}"].options.parameters).toEqual([{ name: "orderId", in: "path", required: true, schema: { type: "string" } }]);
  });
  it("gateway error responses use the preflight's origins: several -> the caller's Origin, varying by it; one -> static", () => {
    expect(app(env, "orders").cors.allowOrigins.length).toBeGreaterThan(1);
    const r = doc["x-amazon-apigateway-gateway-responses"];
    for (const k of ["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED", "THROTTLED"]) {
      expect(r[k].responseParameters).toMatchObject({ "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.Origin", "gatewayresponse.header.Vary": "'Origin'" });
      expect(r[k].responseParameters["gatewayresponse.header.Access-Control-Allow-Credentials"]).toBeUndefined();
    }
    const one = devEnv((e) => (app(e, "orders").cors.allowOrigins = ["https://shop.dev.acme-example.com"]));
    expect(bodyOf(appJson(one, "orders"))["x-amazon-apigateway-gateway-responses"].DEFAULT_4XX.responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"]).toBe("'https://shop.dev.acme-example.com'");
  });
});
