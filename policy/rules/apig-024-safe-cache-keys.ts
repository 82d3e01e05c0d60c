import type { Rule, RuleFinding } from "../types";
import { integrationOf, readOpenApi } from "../lib/openapi";
import { settingsOf } from "../lib/relations";
import { bool, literal } from "../lib/values";

/** `orders/{id}/GET` -> { path: "/orders/{id}", method: "GET" }; `~1/GET` -> "/". */
function parseMethodPath(mp: string): { path: string; method: string } | undefined {
  const i = mp.lastIndexOf("/");
  if (i < 0) return undefined;
  const res = mp.slice(0, i);
  return { path: res === "~1" ? "/" : `/${res.replace(/~1/g, "/")}`, method: mp.slice(i + 1) };
}

/** Is the operation protected by a Lambda authorizer (a scheme with `x-amazon-apigateway-authorizer`)? */
function protectedByAuthorizer(op: Record<string, any>, doc: Record<string, any>): boolean {
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, any>;
  const security = op.security ?? doc.security;
  if (!Array.isArray(security)) return false;
  return security.some((req) => req && typeof req === "object" && Object.keys(req).some((n) => schemes[n]?.["x-amazon-apigateway-authorizer"] !== undefined));
}

export const rule: Rule = {
  id: "AOA-APIG-024",
  title: "Cached methods are keyed by every path parameter and, when protected, by the caller",
  severity: "error",
  mirrors: ["ref:terraform-provider-aws#856", "ref:apigw-cache-key-parameters"],
  resourceTypes: ["aws_api_gateway_method_settings", "aws_api_gateway_rest_api"],
  description:
    "API Gateway keys cached responses by resource and declared `cacheKeyParameters` only (API Gateway guide, \"Use method or integration parameters as cache keys\"). Method settings with `caching_enabled = true` must name one GET/HEAD method (never `*/*` or `<path>/*`, which caches POST too), and that operation's integration `cacheKeyParameters` must hold `method.request.path.<p>` for every path parameter and, when a Lambda authorizer protects it, `method.request.header.Authorization` (else one caller's response is served to another).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const ms of view.resources("aws_api_gateway_method_settings")) {
      if (bool(settingsOf(ms).caching_enabled) !== true) continue;
      const mp = literal(ms.config.method_path);
      if (typeof mp !== "string") continue;
      const parsed = parseMethodPath(mp);
      if (!parsed || parsed.method === "*" || mp === "*/*") {
        out.push(view.at(ms, `caching_enabled on ${JSON.stringify(mp)} caches every method of it (POST included), keyed by resource only; enable caching per GET/HEAD method path`));
        continue;
      }
      if (parsed.method !== "GET" && parsed.method !== "HEAD") {
        out.push(view.at(ms, `caching_enabled on ${parsed.method} ${parsed.path}: only GET and HEAD responses may be cached`));
        continue;
      }
      const api = view.resources("aws_api_gateway_rest_api").find((a) => view.refersTo(ms.config.rest_api_id, a));
      if (!api) continue;
      const read = readOpenApi(api.config.body);
      if (read.kind !== "doc") continue;
      const op = read.doc.paths?.[parsed.path]?.[parsed.method.toLowerCase()];
      if (!op || typeof op !== "object") {
        out.push(view.at(ms, `caching_enabled on ${parsed.method} ${parsed.path}, which the API's OpenAPI body does not define`));
        continue;
      }
      const keys: string[] = Array.isArray(integrationOf(op)?.cacheKeyParameters) ? integrationOf(op)!.cacheKeyParameters : [];
      const lower = new Set(keys.map((k) => String(k).toLowerCase()));
      for (const m of parsed.path.matchAll(/\{([^}+]+)\+?\}/g)) {
        if (!keys.includes(`method.request.path.${m[1]}`)) out.push(view.at(ms, `${parsed.method} ${parsed.path} is cached without method.request.path.${m[1]} in cacheKeyParameters (every ${m[1]} would get the same response)`));
      }
      if (protectedByAuthorizer(op, read.doc) && !lower.has("method.request.header.authorization")) {
        out.push(view.at(ms, `${parsed.method} ${parsed.path} is protected and cached without method.request.header.Authorization in cacheKeyParameters (one caller's response would be served to another)`));
      }
    }
    return out;
  },
};
