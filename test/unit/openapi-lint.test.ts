/**
 * Every generated OpenAPI document — the body API Gateway imports and the consumer export —
 * passes two real validators: @redocly/openapi-core's `recommended` rules (in a child node
 * process: the package is ESM-only, jest runs CJS) and @apidevtools/swagger-parser (schema +
 * path-parameter validation). Errors AND warnings fail, except the rules turned off below, each
 * with its reason. Each check is also shown failing on a bad document.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { Testing } from "cdktf";
import { AppStack } from "../../stacks/app-stack";
import { consumerOpenApi } from "../../modules/openapi-export";
import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { devFixture, localFixture } from "../fixtures/env";
import { ordersOpenApi } from "../fixtures/orders-openapi";
import { devEnv } from "./helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Problem {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly location?: string;
}

/** Rules turned off, per kind of document, and why. */
const OFF: Record<"body" | "consumer", Record<string, { reason: string }>> = {
  body: {
    "info-license": { reason: "a license is the owning team's legal decision, not something the platform can generate" },
    "operation-4xx-response": {
      reason:
        "the gateway's own 4XX answers are gateway responses (x-amazon-apigateway-gateway-responses), not method responses; the consumer export lists them (401/403/429)",
    },
  },
  consumer: {
    "info-license": { reason: "a license is the owning team's legal decision, not something the platform can generate" },
  },
};

function validate(docs: Record<string, unknown>, kind: "body" | "consumer"): Record<string, { redocly: Problem[]; swaggerParser: string | null }> {
  const rules = Object.fromEntries(Object.keys(OFF[kind]).map((r) => [r, "off"]));
  const out = execFileSync(process.execPath, [path.join(__dirname, "..", "support", "redocly-lint.mjs")], { input: JSON.stringify({ docs, rules }), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString("utf8"));
}

function bodies(env: Environment): Record<string, Raw> {
  const out: Record<string, Raw> = {};
  for (const a of env.apps) {
    const json = JSON.parse(Testing.synth(new AppStack(Testing.app(), { environment: env, app: a })));
    out[`${env.name}-${a.name}`] = JSON.parse((Object.values(json.resource.aws_api_gateway_rest_api)[0] as Raw).body);
  }
  return out;
}

function envOf(input: unknown): Environment {
  const r = validateEnvironment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
}

// every feature on at least once: CORS with several origins, a cached route, keys, identity claims
const rich = devEnv((e) => {
  e.edge.authorizer.identityClaims = [{ claim: "tid", header: "Tenant" }];
  const orders = e.apps.find((a: Raw) => a.name === "orders");
  orders.cache = { sizeGb: "0.5" };
  orders.routes.find((r: Raw) => r.path === "/{orderId}").cache = { headers: ["Authorization"], query: ["expand"] };
  orders.routes.push({ method: "ANY", path: "/legacy/{proxy+}", scopes: ["orders:admin"] });
  // the app brings its own document (parameters, bodies, responses, schemas)
  orders.openApi = ordersOpenApi();
});
const envs = [envOf(devFixture()), envOf(localFixture()), rich];
const gatewayBodies: Record<string, Raw> = Object.assign({}, ...envs.map((e) => Object.fromEntries(Object.entries(bodies(e)).map(([k, v]) => [`${k}${e === rich ? "-rich" : ""}`, v]))));
const consumers: Record<string, Raw> = Object.fromEntries(
  envs.flatMap((e) => e.apps.map((a) => [`${e.name}-${a.name}${e === rich ? "-rich" : ""}`, consumerOpenApi(gatewayBodies[`${e.name}-${a.name}${e === rich ? "-rich" : ""}`], { domainName: e.domain.name, basePath: a.basePath, appDocument: a.openApi })])),
);

describe("real validators", () => {
  const clean = (docs: Record<string, unknown>) => Object.fromEntries(Object.keys(docs).map((k) => [k, { redocly: [], swaggerParser: null }]));
  it("every imported body passes redocly (no problem at all) and swagger-parser", () => {
    const found = validate(gatewayBodies, "body");
    expect(Object.keys(found).length).toBe(Object.keys(gatewayBodies).length);
    expect(found).toEqual(clean(gatewayBodies));
  });
  it("every consumer export passes both", () => {
    expect(validate(consumers, "consumer")).toEqual(clean(consumers));
  });
  it("both fail a CORS preflight that does not declare the path's parameter (the bug this fixed)", () => {
    const bad = JSON.parse(JSON.stringify(gatewayBodies["dev-orders"]));
    delete bad.paths["/{orderId}"].options.parameters;
    const found = validate({ bad }, "body").bad;
    expect(found.redocly).toContainEqual(expect.objectContaining({ ruleId: "path-parameters-defined", severity: "error" }));
  });
  it("swagger-parser fails a document that breaks the OpenAPI schema", () => {
    const bad = JSON.parse(JSON.stringify(consumers["dev-orders"]));
    delete bad.info.title;
    expect(validate({ bad }, "consumer").bad.swaggerParser).toMatch(/title/);
  });
  it("a warning fails too (operationId missing)", () => {
    const bad = JSON.parse(JSON.stringify(consumers["dev-orders"]));
    delete bad.paths["/"].get.operationId;
    expect(validate({ bad }, "consumer").bad.redocly).toContainEqual(expect.objectContaining({ ruleId: "operation-operationId" }));
  });
});

describe("consumer export", () => {
  const pay = consumers["dev-payments"];
  it("has the real server URL and no Terraform placeholder or integration internal", () => {
    expect(pay.servers).toEqual([{ url: "https://api.dev.acme-example.com/payments/v1" }]);
    const text = JSON.stringify(consumers);
    expect(text).not.toContain("${");
    expect(text).not.toContain("x-amazon-apigateway");
    expect(text).not.toMatch(/internal\.dev\.acme-example\.com|VPC_LINK|X-Aoa-/);
  });
  it("describes the JWT as bearer and the partner key as x-api-key, with the gateway's error responses", () => {
    expect(pay.components.securitySchemes).toEqual({
      jwt: expect.objectContaining({ type: "http", scheme: "bearer" }),
      api_key: expect.objectContaining({ type: "apiKey", in: "header", name: "x-api-key" }),
    });
    expect(pay.paths["/{paymentId}"].get.security).toEqual([{ jwt: [], api_key: [] }]);
    expect(Object.keys(pay.paths["/{paymentId}"].get.responses).sort()).toEqual(["401", "403", "429", "default"]);
  });
  it("drops the CORS preflight operations and the Authorization cache-key header, expands ANY", () => {
    const o = consumers["dev-orders-rich"];
    expect(o.paths["/"].options).toBeUndefined();
    expect(o.paths["/{orderId}"].get.parameters.map((p: Raw) => p.name)).toEqual(["orderId", "expand"]);
    // OpenAPI has no greedy parameter: `{proxy+}` becomes `{proxy}` (described as spanning segments)
    expect(Object.keys(o.paths["/legacy/{proxy}"]).sort()).toEqual(["delete", "get", "patch", "post", "put"]);
  });
  it("refuses a document that still holds a Terraform placeholder", () => {
    const body = JSON.parse(JSON.stringify(gatewayBodies["dev-orders"]));
    body.info.description = "${var.leak}";
    expect(() => consumerOpenApi(body, { domainName: "api.example.com", basePath: "orders" })).toThrow(/placeholders left at #\/info\/description/);
  });
});
