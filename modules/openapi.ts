/**
 * Generates an app's REST API definition (OpenAPI 3 with API Gateway extensions) from its route
 * config. Pure: the same app and references give the same document, byte for byte.
 */
import type { App, Route } from "../config/schema";
import { routeIntegration } from "./backends";
import { isKeyed } from "../config/gateway-rules";
import { describedOperation, documentOperation, documentSchemas, forImport } from "../config/openapi-merge";
import { API_KEY_SCHEME, API_KEY_SECURITY_SCHEME, AUTHORIZER_NAME, cacheParts, identityRequestParameters, securityOf, type IdentityClaim } from "./openapi-gateway";

export interface OpenApiRefs {
  /** VPC link id of the platform (contract value); needed when a route's backend is an ALB. */
  readonly vpcLinkId?: string;
  /** Invoke ARN of the shared authorizer function (contract value). */
  readonly authorizerInvokeArn: string;
  /**
   * Role API Gateway assumes to invoke the authorizer (contract value). With it, no per-API
   * `aws_lambda_permission` is needed on the shared function. @default none (a permission is needed)
   */
  readonly authorizerCredentials?: string;
  /** Authorizer result cache TTL in seconds (0 disables caching). */
  readonly authorizerResultTtlSeconds: number;
  /** Title prefix, e.g. `acme-dev`. */
  readonly title: string;
  /** Verified claims passed to backends as `X-Aoa-<header>` (environment `edge.authorizer.identityClaims`). @default [] */
  readonly identityClaims?: readonly IdentityClaim[];
}

export { AUTHORIZER_NAME };
/** The authorizer's route table is a pure rule of the model (config/authorizer-routes.ts); re-exported for the stacks. */
export { authorizerRouteTable } from "../config/authorizer-routes";
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
  const cache = cacheParts(route);
  // the app's own description of the operation, without what API Gateway cannot import
  const docOp = documentOperation(app.openApi, route.method, route.path);
  const described = describedOperation(docOp ? forImport(docOp) : undefined, [
    ...params.map((p) => ({ name: p.name, in: "path", required: true, schema: { type: "string" } })),
    ...(cache?.parameters ?? []),
  ]);
  // a real body schema is validated by default
  const validate = route.validate ?? (described.requestBody ? "all" : "params");
  // Built by the route's backend (modules/backends/: alb, lambda or mock).
  const integration = routeIntegration(app, route, { vpcLinkId: refs.vpcLinkId });
  const x = { ...integration.integration };
  if (x.type === "http_proxy") {
    // an HTTP backend gets the cache key mappings and the verified identity as headers (set last:
    // they overwrite any client-sent header of the same name); a Lambda proxy receives the
    // authorizer context in its event instead
    x.requestParameters = {
      ...(x.requestParameters as Record<string, string> | undefined),
      ...cache?.requestParameters,
      ...identityRequestParameters(!route.public, refs.identityClaims ?? []),
    };
  }
  if (cache && x.type !== "mock") x.cacheKeyParameters = cache.cacheKeyParameters;
  const op: Record<string, unknown> = {
    operationId: operationIdOf(route.method, route.path),
    summary: `${route.method} ${route.path}`,
    parameters: [...params.map((p) => ({ name: p.name, in: "path", required: true, schema: { type: "string" } })), ...(cache?.parameters ?? [])],
    responses: integration.responses ?? { default: { description: "Proxied from the backend" } },
    ...described,
    "x-amazon-apigateway-integration": x,
    ...integration.extensions,
  };
  if (validate !== "none") op["x-amazon-apigateway-request-validator"] = validate;
  if (validate === "body" || validate === "all") {
    if (["POST", "PUT", "PATCH"].includes(route.method) && !op.requestBody) op.requestBody = { required: true, content: { "application/json": { schema: { type: "object" } } } };
  }
  op.security = securityOf(route, isKeyed(app, route));
  if (route.public) op["x-aoa-public"] = { reason: route.public.reason };
  else op["x-aoa-scopes"] = route.scopes ?? [];
  if (route.cache) op["x-aoa-cache"] = { ttlSeconds: route.cache.ttlSeconds ?? app.cache?.ttlSeconds };
  if (route.throttling) op["x-aoa-throttling"] = route.throttling;
  return op;
}

/** `get` + `/orders/{id}` -> `getOrdersId` (unique per method and path). */
function operationIdOf(method: string, path: string): string {
  return `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}` || "root";
}

function corsPreflight(app: App, methods: string[], path: string): Record<string, unknown> {
  const cors = app.cors!;
  const origin = cors.allowOrigins.length === 1 ? cors.allowOrigins[0] : cors.allowOrigins[0];
  return {
    operationId: operationIdOf("OPTIONS", path),
    summary: "CORS preflight",
    // the path's parameters are part of the operation too (OpenAPI: every templated path parameter is declared)
    parameters: pathParams(path).map((p) => ({ name: p.name, in: "path", required: true, schema: { type: "string" } })),
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

/**
 * CORS headers of the gateway's own error responses, for the same origins as the preflight.
 * A gateway response can only set static values or request parameters (no condition: see
 * "x-amazon-apigateway-gateway-responses.responseParameters object"), so with several origins it
 * echoes the caller's Origin, varying by it. That is safe for these bodies: they hold only the
 * error message and request id, there is no Access-Control-Allow-Credentials, and a browser on
 * an origin outside the list never gets past the preflight (static single origin otherwise).
 */
function gatewayCorsHeaders(app: App): Record<string, string> {
  if (!app.cors) return {};
  const origins = app.cors.allowOrigins;
  if (origins.length === 1) return { "gatewayresponse.header.Access-Control-Allow-Origin": `'${origins[0]}'` };
  return { "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.Origin", "gatewayresponse.header.Vary": "'Origin'" };
}

/** Standard JSON error bodies with the request id, for every 4XX/5XX the gateway itself returns. */
function gatewayResponses(app: App): Record<string, unknown> {
  const body = '{"message":$context.error.messageString,"requestId":"$context.requestId"}';
  const headers: Record<string, string> = { "gatewayresponse.header.x-request-id": "context.requestId" };
  Object.assign(headers, gatewayCorsHeaders(app));
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
    if (app.cors && !routes.some((r) => r.method === "ANY")) item.options = corsPreflight(app, routes.map((r) => r.method), path);
    paths[path] = item;
  }
  const usesAuthorizer = app.routes.some((r) => !r.public);
  const usesApiKey = app.routes.some((r) => isKeyed(app, r));
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
    ...(Array.isArray(app.openApi?.tags) ? { tags: forImport(app.openApi.tags) } : {}),
    paths,
    "x-amazon-apigateway-request-validators": VALIDATORS,
    "x-amazon-apigateway-gateway-responses": gatewayResponses(app),
    "x-amazon-apigateway-api-key-source": "HEADER",
    components: {
      ...(Object.keys(documentSchemas(app.openApi)).length ? { schemas: forImport(documentSchemas(app.openApi)) } : {}),
      securitySchemes: {
        ...(usesAuthorizer
          ? {
              [AUTHORIZER_NAME]: {
                type: "apiKey",
                name: "Authorization",
                in: "header",
                "x-amazon-apigateway-authtype": "custom",
                "x-amazon-apigateway-authorizer": {
                  type: "token",
                  authorizerUri: refs.authorizerInvokeArn,
                  authorizerCredentials: refs.authorizerCredentials,
                  identitySource: "method.request.header.Authorization",
                  identityValidationExpression: BEARER,
                  authorizerResultTtlInSeconds: refs.authorizerResultTtlSeconds,
                },
              },
            }
          : {}),
        ...(usesApiKey ? { [API_KEY_SCHEME]: { ...API_KEY_SECURITY_SCHEME } } : {}),
      },
    },
  };
  return JSON.parse(JSON.stringify(doc)); // drop undefined fields: stable output
}
