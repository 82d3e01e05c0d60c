/**
 * Generates an app's REST API definition (OpenAPI 3 with API Gateway extensions) from its route
 * config. Pure: the same app and references give the same document, byte for byte.
 */
import type { App, Route } from "../config/schema";
import { routeIntegration } from "./backends";

export interface OpenApiRefs {
  /** VPC link id of the platform (contract value); needed when a route's backend is an ALB. */
  readonly vpcLinkId?: string;
  /** Invoke ARN of the shared authorizer function (contract value). */
  readonly authorizerInvokeArn: string;
  /** Authorizer result cache TTL in seconds (0 disables caching). */
  readonly authorizerResultTtlSeconds: number;
  /** Title prefix, e.g. `acme-dev`. */
  readonly title: string;
}

export const AUTHORIZER_NAME = "jwt";
const BEARER = "^Bearer [-0-9A-Za-z._~+/]+=*$";

/** `{a}`/`{p+}` names in a path. */
function pathParams(path: string): { name: string; greedy: boolean }[] {
  return [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}/g)].map((m) => ({ name: m[1], greedy: m[2] === "+" }));
}

const VALIDATORS = {
  all: { validateRequestBody: true, validateRequestParameters: true },
  params: { validateRequestBody: false, validateRequestParameters: true },
  body: { validateRequestBody: true, validateRequestParameters: false },
} as const;

function operation(app: App, route: Route, refs: OpenApiRefs): Record<string, unknown> {
  const params = pathParams(route.path);
  const validate = route.validate ?? "params";
  const integration = routeIntegration(app, route, { vpcLinkId: refs.vpcLinkId });
  const op: Record<string, unknown> = {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}` || "root",
    parameters: params.map((p) => ({ name: p.name, in: "path", required: true, schema: { type: "string" } })),
    responses: integration.responses ?? { default: { description: "Proxied from the backend" } },
    // Built by the route's backend (modules/backends/: alb, lambda or mock).
    "x-amazon-apigateway-integration": integration.integration,
    ...integration.extensions,
  };
  if (validate !== "none") op["x-amazon-apigateway-request-validator"] = validate;
  if (validate === "body" || validate === "all") {
    if (["POST", "PUT", "PATCH"].includes(route.method)) op.requestBody = { required: true, content: { "application/json": { schema: { type: "object" } } } };
  }
  if (route.public) {
    op.security = [];
    op["x-aoa-public"] = { reason: route.public.reason };
  } else {
    op.security = [{ [AUTHORIZER_NAME]: [] }];
    op["x-aoa-scopes"] = route.scopes ?? [];
  }
  if (route.throttling) op["x-aoa-throttling"] = route.throttling;
  return op;
}

function corsPreflight(app: App, methods: string[]): Record<string, unknown> {
  const cors = app.cors!;
  const origin = cors.allowOrigins.length === 1 ? cors.allowOrigins[0] : cors.allowOrigins[0];
  return {
    operationId: undefined,
    summary: "CORS preflight",
    security: [],
    "x-aoa-public": { reason: "CORS preflight carries no credentials" },
    responses: {
      "204": {
        description: "CORS preflight",
        headers: {
          "Access-Control-Allow-Origin": { schema: { type: "string" } },
          "Access-Control-Allow-Methods": { schema: { type: "string" } },
          "Access-Control-Allow-Headers": { schema: { type: "string" } },
          "Access-Control-Max-Age": { schema: { type: "string" } },
          Vary: { schema: { type: "string" } },
        },
      },
    },
    "x-amazon-apigateway-integration": {
      type: "mock",
      requestTemplates: { "application/json": '{"statusCode": 204}' },
      passthroughBehavior: "when_no_match",
      responses: {
        default: {
          statusCode: "204",
          responseParameters: {
            "method.response.header.Access-Control-Allow-Origin": `'${origin}'`,
            "method.response.header.Access-Control-Allow-Methods": `'${[...methods, "OPTIONS"].join(",")}'`,
            "method.response.header.Access-Control-Allow-Headers": `'${cors.allowHeaders.join(",")}'`,
            "method.response.header.Access-Control-Max-Age": `'${cors.maxAgeSeconds}'`,
            "method.response.header.Vary": "'Origin'",
          },
          // More than one allowed origin: echo the caller's origin only when it is on the list.
          ...(cors.allowOrigins.length > 1
            ? {
                responseTemplates: {
                  "application/json": [
                    "#set($origin = $input.params().header.get('Origin'))",
                    `#if(${cors.allowOrigins.map((o) => `$origin == '${o}'`).join(" || ")})`,
                    "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
                    "#end",
                  ].join("\n"),
                },
              }
            : {}),
        },
      },
    },
  };
}

/** Standard JSON error bodies with the request id, for every 4XX/5XX the gateway itself returns. */
function gatewayResponses(app: App): Record<string, unknown> {
  const body = '{"message":$context.error.messageString,"requestId":"$context.requestId"}';
  const headers: Record<string, string> = { "gatewayresponse.header.x-request-id": "context.requestId" };
  if (app.cors) headers["gatewayresponse.header.Access-Control-Allow-Origin"] = `'${app.cors.allowOrigins[0]}'`;
  const response = { responseParameters: headers, responseTemplates: { "application/json": body } };
  return {
    DEFAULT_4XX: response,
    DEFAULT_5XX: response,
    UNAUTHORIZED: { ...response, statusCode: 401, responseParameters: { ...headers, "gatewayresponse.header.WWW-Authenticate": "'Bearer'" } },
    ACCESS_DENIED: { ...response, statusCode: 403 },
    THROTTLED: { ...response, statusCode: 429 },
  };
}

/** The OpenAPI document (as an object) for one app in one environment. */
export function buildOpenApi(app: App, refs: OpenApiRefs): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const byPath = new Map<string, Route[]>();
  for (const r of app.routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, routes] of [...byPath.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const item: Record<string, unknown> = {};
    for (const r of [...routes].sort((a, b) => a.method.localeCompare(b.method))) {
      item[r.method === "ANY" ? "x-amazon-apigateway-any-method" : r.method.toLowerCase()] = operation(app, r, refs);
    }
    if (app.cors && !routes.some((r) => r.method === "ANY")) item.options = corsPreflight(app, routes.map((r) => r.method));
    paths[path] = item;
  }
  const usesAuthorizer = app.routes.some((r) => !r.public);
  const doc: Record<string, unknown> = {
    openapi: "3.0.1",
    info: {
      title: `${refs.title}-${app.name}`,
      version: app.version,
      description: app.description ?? `${app.name} API`,
      contact: { name: app.owner.team, ...(app.owner.contact.includes("@") ? { email: app.owner.contact } : {}) },
      "x-aoa-owner": app.owner,
    },
    servers: [{ url: "/" }],
    paths,
    "x-amazon-apigateway-request-validators": VALIDATORS,
    "x-amazon-apigateway-gateway-responses": gatewayResponses(app),
    "x-amazon-apigateway-api-key-source": "HEADER",
    components: {
      securitySchemes: usesAuthorizer
        ? {
            [AUTHORIZER_NAME]: {
              type: "apiKey",
              name: "Authorization",
              in: "header",
              "x-amazon-apigateway-authtype": "custom",
              "x-amazon-apigateway-authorizer": {
                type: "token",
                authorizerUri: refs.authorizerInvokeArn,
                identitySource: "method.request.header.Authorization",
                identityValidationExpression: BEARER,
                authorizerResultTtlInSeconds: refs.authorizerResultTtlSeconds,
              },
            },
          }
        : {},
    },
  };
  return JSON.parse(JSON.stringify(doc)); // drop undefined fields: stable output
}

/** The route table the authorizer reads (SSM `/<org>/<env>/authz/<apiId>`): only routes that use it. */
export function authorizerRouteTable(app: App): { version: 1; app: string; routes: { method: string; path: string; scopes: string[] }[] } {
  return {
    version: 1,
    app: app.name,
    routes: app.routes.filter((r) => !r.public).map((r) => ({ method: r.method, path: r.path, scopes: [...(r.scopes ?? [])] })),
  };
}
