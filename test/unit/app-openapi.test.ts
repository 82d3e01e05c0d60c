/**
 * An app brings its own OpenAPI 3.0 document: the platform merges in what it owns and refuses
 * what API Gateway cannot import, each problem with its field path.
 */
import { validateEnvironment } from "../../config/load";
import { authorizerRouteTable, buildOpenApi } from "../../modules/openapi";
import { consumerOpenApi } from "../../modules/openapi-export";
import { ordersOpenApi } from "../fixtures/orders-openapi";
import { devEnv, devInput } from "./helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const refs = { vpcLinkId: "vl-123", authorizerInvokeArn: "arn:invoke", authorizerResultTtlSeconds: 300, title: "acme-dev" };
const withDoc = (edit?: (doc: Raw, e: Raw) => void) => (e: Raw) => {
  e.apps[0].openApi = ordersOpenApi();
  edit?.(e.apps[0].openApi, e);
};
function problems(edit: (doc: Raw, e: Raw) => void): { path: string; message: string }[] {
  const r = validateEnvironment(devInput(withDoc(edit)));
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path, message: p.message }));
}

describe("merge", () => {
  const env = devEnv(withDoc());
  const orders = env.apps[0];
  const doc: Raw = buildOpenApi(orders, refs);

  it("keeps the app's parameters, bodies, responses and schemas", () => {
    expect(doc.paths["/"].get.parameters.map((p: Raw) => `${p.in}.${p.name}`)).toEqual(["query.status", "query.limit"]);
    expect(doc.paths["/"].get.summary).toBe("List the caller's orders");
    expect(doc.paths["/"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/NewOrder" });
    expect(Object.keys(doc.components.schemas).sort()).toEqual(["NewOrder", "Order", "OrderLine", "OrderPage"]);
    expect(doc.paths["/{orderId}"].get.parameters).toEqual([expect.objectContaining({ name: "orderId", in: "path", required: true, schema: { type: "string", pattern: "^ord_[0-9A-Za-z]{10}$" } })]);
  });
  it("validates requests against the real schemas and required parameters", () => {
    expect(doc["x-amazon-apigateway-request-validators"].all).toEqual({ validateRequestBody: true, validateRequestParameters: true });
    expect(doc.paths["/"].post["x-amazon-apigateway-request-validator"]).toBe("all");
    expect(doc.paths["/"].post.requestBody.required).toBe(true);
  });
  it("adds what the platform owns: integration, security, CORS", () => {
    expect(doc.paths["/"].get["x-amazon-apigateway-integration"]).toMatchObject({ type: "http_proxy", connectionType: "VPC_LINK" });
    expect(doc.paths["/"].get.security).toEqual([{ jwt: [] }]);
    expect(doc.paths["/"].options["x-amazon-apigateway-integration"].type).toBe("mock");
  });
  it("drops the documentation-only keywords API Gateway does not import, and the export brings them back", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"example"|"readOnly"/);
    const exp: Raw = consumerOpenApi(doc, { domainName: env.domain.name, basePath: orders.basePath, appDocument: orders.openApi });
    expect(exp.components.schemas.Order.properties.id).toMatchObject({ readOnly: true, example: "ord_0123456789" });
    expect(exp.paths["/"].get.summary).toBe("List the caller's orders");
    expect(exp.paths["/"].get["x-aoa-scopes"]).toEqual(["orders:read"]);
  });
  it("scopes may come from the document instead of the config (one source for the authorizer too)", () => {
    const e = devEnv(
      withDoc((d, x) => {
        d.paths["/{orderId}"].get["x-aoa-scopes"] = ["orders:read", "orders:track"];
        delete x.apps[0].routes[1].scopes;
      }),
    );
    expect(authorizerRouteTable(e.apps[0]).routes).toContainEqual({ method: "GET", path: "/{orderId}", scopes: ["orders:read", "orders:track"] });
    expect((buildOpenApi(e.apps[0], refs) as Raw).paths["/{orderId}"].get["x-aoa-scopes"]).toEqual(["orders:read", "orders:track"]);
  });
});

describe("refused, with the field path", () => {
  const op = (d: Raw) => d.paths["/"].post;
  const schema = (d: Raw) => d.components.schemas.NewOrder;
  const cases: [string, (d: Raw, e: Raw) => void, string, RegExp][] = [
    ["an API Gateway extension", (d) => (op(d)["x-amazon-apigateway-integration"] = { type: "mock" }), "apps[0].openApi.paths./.post.x-amazon-apigateway-integration", /platform's/],
    ["a document-level API Gateway extension", (d) => (d["x-amazon-apigateway-binary-media-types"] = ["*/*"]), "apps[0].openApi.x-amazon-apigateway-binary-media-types", /platform's/],
    ["discriminator", (d) => (schema(d).discriminator = { propertyName: "kind" }), "apps[0].openApi.components.schemas.NewOrder.discriminator", /discriminator/],
    ["oneOf", (d) => (schema(d).properties.note = { oneOf: [{ type: "string" }, { type: "integer" }] }), "apps[0].openApi.components.schemas.NewOrder.properties.note.oneOf", /oneOf/],
    ["anyOf in a request body", (d) => (op(d).requestBody.content["application/json"].schema = { anyOf: [{ type: "object" }] }), "apps[0].openApi.paths./.post.requestBody.content.application/json.schema.anyOf", /anyOf/],
    ["additionalProperties", (d) => (schema(d).additionalProperties = false), "apps[0].openApi.components.schemas.NewOrder.additionalProperties", /additionalProperties/],
    ["exclusiveMinimum", (d) => (d.components.schemas.OrderLine.properties.quantity.exclusiveMinimum = true), "apps[0].openApi.components.schemas.OrderLine.properties.quantity.exclusiveMinimum", /exclusiveMinimum/],
    ["a cookie parameter", (d) => d.paths["/"].get.parameters.push({ name: "session", in: "cookie", schema: { type: "string" } }), "apps[0].openApi.paths./.get.parameters[2].in", /no cookie/],
    ["a platform header parameter", (d) => d.paths["/"].get.parameters.push({ name: "X-Aoa-Subject", in: "header", schema: { type: "string" } }), "apps[0].openApi.paths./.get.parameters[2].name", /platform's/],
    ["an undeclared path parameter", (d) => d.paths["/"].get.parameters.push({ name: "orderId", in: "path", required: true }), "apps[0].openApi.paths./.get.parameters[2].name", /not a parameter/],
    ["an external $ref", (d) => (op(d).requestBody.content["application/json"].schema = { $ref: "https://example.com/order.json" }), "apps[0].openApi.paths./.post.requestBody.content.application/json.schema.$ref", /local references/],
    ["a non-alphanumeric model name", (d) => (d.components.schemas["New-Order"] = { type: "object" }), "apps[0].openApi.components.schemas.New-Order", /alphanumeric/],
    ["other components", (d) => (d.components.parameters = { Limit: { name: "limit", in: "query" } }), "apps[0].openApi.components.parameters", /only components.schemas/],
    ["security schemes", (d) => (d.components.securitySchemes = { oauth: { type: "oauth2" } }), "apps[0].openApi.components.securitySchemes", /platform's/],
    ["servers", (d) => (d.servers = [{ url: "https://backend.internal" }]), "apps[0].openApi.servers", /set by the platform/],
    ["top-level security", (d) => (d.security = [{ oauth: [] }]), "apps[0].openApi.security", /set by the platform/],
    ["OpenAPI 3.1", (d) => (d.openapi = "3.1.0"), "apps[0].openApi.openapi", /3\.0\.x/],
    ["an operation without a route", (d) => (d.paths["/{orderId}"].delete = { responses: { "204": { description: "gone" } } }), "apps[0].openApi.paths./{orderId}.delete", /no route/],
    ["an OPTIONS operation", (d) => (d.paths["/"].options = { responses: { "204": { description: "cors" } } }), "apps[0].openApi.paths./.options", /CORS preflight/],
    ["scopes in both places", (d) => (d.paths["/"].get["x-aoa-scopes"] = ["orders:read"]), "apps[0].routes[0].scopes", /keep one/],
    ["public in the document, scoped in config", (d) => (d.paths["/"].get["x-aoa-public"] = { reason: "a long enough public reason" }), "apps[0].routes[0]", /public in one place and scoped/],
    ["a public reason that is too short", (d, e) => {
      d.paths["/health"].get["x-aoa-public"] = { reason: "probe" };
      delete e.apps[0].routes[3].public;
    }, "apps[0].openApi.paths./health.get.x-aoa-public", /10\+ characters/],
  ];
  it.each(cases)("%s", (_what, edit, path, message) => {
    expect(problems(edit)).toContainEqual({ path, message: expect.stringMatching(message) });
  });
  it("the fixture document itself is accepted (the refusals above are the edits)", () => {
    expect(problems(() => undefined)).toEqual([]);
  });
  it("reports every problem of a document at once", () => {
    const p = problems((d) => {
      d.openapi = "3.1.0";
      d.servers = [];
      schema(d).oneOf = [];
    });
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining(["apps[0].openApi.openapi", "apps[0].openApi.servers", "apps[0].openApi.components.schemas.NewOrder.oneOf"]));
  });
});
