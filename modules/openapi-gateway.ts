/**
 * The parts of an operation that make gateway features take effect (used by buildOpenApi):
 *  - API keys: the `api_key` security scheme (`x-api-key` header) joined to the JWT scheme in
 *    ONE security requirement (both required), or alone on a public route. API Gateway applies a
 *    usage plan's throttle and quota only to methods that require a key ("Usage plans and API
 *    keys", API Gateway developer guide).
 *  - Cache keys: `cacheKeyParameters` always hold every path parameter (API Gateway keys only by
 *    resource + declared parameters: "Use method or integration parameters as cache keys"), plus
 *    the declared query/header keys; those are declared as method request parameters, as the
 *    import requires ("The method request parameters must be defined before being referenced",
 *    x-amazon-apigateway-integration.requestParameters object).
 *  - Identity headers: `integration.request.header.X-Aoa-*` mapped from `context.authorizer.*`.
 *    An integration request parameter replaces a client-sent header of the same name, so a
 *    backend can trust these headers when it is reachable only through the gateway.
 */
import type { Route } from "../config/schema";

export const AUTHORIZER_NAME = "jwt";
export const API_KEY_SCHEME = "api_key";
/** The header API Gateway reads the key from (`x-amazon-apigateway-api-key-source: HEADER`). */
export const API_KEY_HEADER = "x-api-key";

/** A verified claim passed to backends (environment `edge.authorizer.identityClaims`). */
export interface IdentityClaim {
  readonly claim: string;
  /** Header suffix: `Tenant` -> `X-Aoa-Tenant`. */
  readonly header: string;
}

/** The authorizer's context key for an identity claim (`Tenant` -> `claim_tenant`). */
export function contextKeyOf(c: Pick<IdentityClaim, "header">): string {
  return `claim_${c.header.toLowerCase().replace(/-/g, "_")}`;
}

/** `claim=contextKey,...` — the authorizer's IDENTITY_CLAIMS environment variable. */
export function identityClaimsEnv(claims: readonly IdentityClaim[]): string {
  return claims.map((c) => `${c.claim}=${contextKeyOf(c)}`).join(",");
}

/** Header name -> authorizer context key, for every protected route. */
export function identityHeaders(claims: readonly IdentityClaim[]): Record<string, string> {
  return {
    "X-Aoa-Subject": "sub",
    "X-Aoa-Scopes": "scope",
    "X-Aoa-Client-Id": "client_id",
    ...Object.fromEntries(claims.map((c) => [`X-Aoa-${c.header}`, contextKeyOf(c)])),
  };
}

/** The static value identity headers get on public routes: no caller was verified. */
export const NO_IDENTITY = "'-'";

/** Integration request parameters that set (overwrite) the identity headers. */
export function identityRequestParameters(protectedRoute: boolean, claims: readonly IdentityClaim[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(identityHeaders(claims)).map(([h, key]) => [`integration.request.header.${h}`, protectedRoute ? `context.authorizer.${key}` : NO_IDENTITY]),
  );
}

/** The `security` of an operation: JWT and/or API key, in one requirement (AND). */
export function securityOf(route: Pick<Route, "public">, keyed: boolean): Record<string, string[]>[] {
  const req: Record<string, string[]> = {};
  if (!route.public) req[AUTHORIZER_NAME] = [];
  if (keyed) req[API_KEY_SCHEME] = [];
  return Object.keys(req).length ? [req] : [];
}

export const API_KEY_SECURITY_SCHEME = { type: "apiKey", name: API_KEY_HEADER, in: "header" } as const;

/** `{a}`/`{p+}` names in a path. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\+?\}/g)].map((m) => m[1]);
}

export interface CacheParts {
  /** Method request parameters the cache key needs beyond the path (OpenAPI `parameters`). */
  readonly parameters: Record<string, unknown>[];
  readonly cacheKeyParameters: string[];
  /** integration.request.* -> method.request.* for the query/header keys. */
  readonly requestParameters: Record<string, string>;
}

/** The cache key of a cached route: every path parameter, then the declared query and header keys. */
export function cacheParts(route: Route): CacheParts | undefined {
  if (!route.cache) return undefined;
  const query = [...new Set(route.cache.query ?? [])];
  const headers = [...new Set((route.cache.headers ?? []).map((h) => canonicalHeader(h)))];
  return {
    parameters: [
      ...query.map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
      ...headers.map((name) => ({ name, in: "header", required: name === "Authorization", schema: { type: "string" } })),
    ],
    cacheKeyParameters: [
      ...pathParamNames(route.path).map((p) => `method.request.path.${p}`),
      ...query.map((q) => `method.request.querystring.${q}`),
      ...headers.map((h) => `method.request.header.${h}`),
    ],
    requestParameters: Object.fromEntries([
      ...query.map((q) => [`integration.request.querystring.${q}`, `method.request.querystring.${q}`]),
      ...headers.map((h) => [`integration.request.header.${h}`, `method.request.header.${h}`]),
    ]),
  };
}

/** `authorization` -> `Authorization` (one spelling in keys and messages). */
function canonicalHeader(h: string): string {
  return h.toLowerCase() === "authorization" ? "Authorization" : h;
}
