import { authorizerRouteTable, buildOpenApi } from "../../modules/openapi";
import { devEnv } from "./helpers";

const refs = { vpcLinkId: "vl-123", authorizerInvokeArn: "arn:invoke", authorizerResultTtlSeconds: 300, title: "acme-dev" };
const env = devEnv();
const orders = env.apps.find((a) => a.name === "orders")!;
const payments = env.apps.find((a) => a.name === "payments")!;
const doc: any = buildOpenApi(orders, refs); // eslint-disable-line @typescript-eslint/no-explicit-any

describe("buildOpenApi", () => {
  it("is OpenAPI 3 with the app's version and owner", () => {
    expect(doc.openapi).toBe("3.0.1");
    expect(doc.info.version).toBe(orders.version);
    expect(doc.info["x-aoa-owner"]).toEqual(orders.owner);
  });
  it("integrates every route over the VPC link with https to the backend host on the app's port", () => {
    const get = doc.paths["/{orderId}"].get["x-amazon-apigateway-integration"];
    expect(get).toMatchObject({ type: "http_proxy", connectionType: "VPC_LINK", connectionId: "vl-123", httpMethod: "GET" });
    expect(get.uri).toBe("https://orders.internal.dev.acme-example.com:10001/orders/{orderId}");
    expect(get.requestParameters).toMatchObject({ "integration.request.path.orderId": "method.request.path.orderId" });
    expect(get.timeoutInMillis).toBeLessThanOrEqual(29000);
  });
  it("maps the root route to the backend prefix", () => {
    expect(doc.paths["/"].get["x-amazon-apigateway-integration"].uri).toBe("https://orders.internal.dev.acme-example.com:10001/orders");
  });
  it("protects scoped routes with the shared authorizer and marks public ones with their reason", () => {
    expect(doc.paths["/{orderId}"].get.security).toEqual([{ jwt: [] }]);
    expect(doc.paths["/{orderId}"].get["x-aoa-scopes"]).toEqual(["orders:read"]);
    expect(doc.paths["/health"].get.security).toEqual([]);
    expect(doc.paths["/health"].get["x-aoa-public"].reason).toMatch(/probes/);
  });
  it("declares the authorizer as a cached TOKEN authorizer on the Authorization header", () => {
    const a = doc.components.securitySchemes.jwt["x-amazon-apigateway-authorizer"];
    expect(a).toMatchObject({ type: "token", authorizerUri: "arn:invoke", identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 });
  });
  it("adds CORS preflight with the configured origins, and no preflight without CORS", () => {
    const pre = doc.paths["/"].options;
    expect(pre["x-amazon-apigateway-integration"].type).toBe("mock");
    expect(pre["x-amazon-apigateway-integration"].responses.default.responseParameters["method.response.header.Access-Control-Allow-Methods"]).toBe("'GET,POST,OPTIONS'");
    const pay: any = buildOpenApi(payments, refs); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(pay.paths["/"].options).toBeUndefined();
  });
  it("returns JSON gateway errors with the request id", () => {
    const r = doc["x-amazon-apigateway-gateway-responses"];
    for (const k of ["DEFAULT_4XX", "DEFAULT_5XX"]) expect(r[k].responseTemplates["application/json"]).toContain("$context.requestId");
  });
  it("validates requests as configured", () => {
    expect(doc.paths["/"].post["x-amazon-apigateway-request-validator"]).toBe("all");
    expect(doc.paths["/{orderId}"].get["x-amazon-apigateway-request-validator"]).toBe("params");
  });
  it("is deterministic", () => {
    expect(JSON.stringify(buildOpenApi(orders, refs))).toBe(JSON.stringify(doc));
  });
  it("changes when a route changes (so the deployment trigger fires)", () => {
    const changed = { ...orders, routes: orders.routes.map((r) => (r.path === "/{orderId}" ? { ...r, scopes: ["orders:admin"] } : r)) };
    expect(JSON.stringify(buildOpenApi(changed, refs))).not.toBe(JSON.stringify(doc));
  });
});

describe("authorizerRouteTable", () => {
  it("lists only authorized routes with their scopes", () => {
    const t = authorizerRouteTable(orders);
    expect(t.routes).toEqual([
      { method: "GET", path: "/", scopes: ["orders:read"] },
      { method: "GET", path: "/{orderId}", scopes: ["orders:read"] },
      { method: "POST", path: "/", scopes: ["orders:write"] },
    ]);
  });
});
