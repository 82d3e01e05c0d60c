/**
 * Rules of `api: "http"` apps (HTTP APIs, apigatewayv2). An HTTP API lacks several REST API
 * features the platform offers; a config that asks for one of them on an HTTP API app is refused
 * with the field path, instead of being silently dropped. Like rules.ts they run on the RAW input.
 *
 * Sources (docs/http-apis.md has the full list):
 * - API Gateway guide, "Choose between REST APIs and HTTP APIs": HTTP APIs have no usage plans,
 *   API keys, resource policies, caching, request validation, mock integrations, WAF or X-Ray.
 * - "Control access to HTTP APIs with JWT authorizers": "If you configure scopes for a route, the
 *   token must include at least one of the route's scopes" — the platform's `scopes` mean all of
 *   them, so a route with several scopes cannot be expressed.
 * - "Quotas for configuring and running an HTTP API": scopes per route 10, audiences per
 *   authorizer 50 (neither adjustable).
 */
import type { ConfigProblem } from "./problem";
import { isPrivateApp } from "./private-apis";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v : []);

/** Audiences one JWT authorizer may list (HTTP API quotas, not adjustable). */
export const JWT_AUDIENCES_MAX = 50;

/** Is this (raw) app an HTTP API app? */
export const isHttpApp = (app: Raw): boolean => app?.api === "http";

export function httpApiProblems(env: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add = (path: string, message: string, value: unknown) => out.push({ path, message, value });
  if (env === null || typeof env !== "object") return out;
  const audiences = env.edge?.authorizer?.audience;
  arr(env.apps).forEach((app: Raw, i: number) => {
    if (!app || typeof app !== "object") return;
    const at = (p: string) => `apps[${i}].${p}`;
    if (!isHttpApp(app)) {
      if (app.wafExemptReason !== undefined) add(at("wafExemptReason"), 'only HTTP API apps (api: "http") go without WAF; every REST API stage is associated with the web ACL', app.wafExemptReason);
      return;
    }
    const lacks = (field: string, what: string, value: unknown) => add(at(field), `HTTP APIs have no ${what} (got ${describe(value)})`, value);
    // "WAF on every stage that supports it": an HTTP API stage does not, so the exemption is explicit.
    if (typeof app.wafExemptReason !== "string") add(at("wafExemptReason"), "an HTTP API stage cannot be associated with a WAF web ACL: say why this app may go without WAF (or use api: \"rest\")", app.wafExemptReason);
    // HTTP APIs have no PRIVATE endpoint type (API Gateway guide, "Choose between REST APIs and HTTP APIs": private endpoints are REST-only)
    if (isPrivateApp(env, app)) add(at("endpoint"), `HTTP APIs cannot be private (PRIVATE endpoints are REST-only)${app.endpoint === undefined ? ': privateApis.defaultEndpoint is "private"; set endpoint: "public" or api: "rest"' : ': use api: "rest"'}`, app.endpoint ?? env.privateApis?.defaultEndpoint);
    if (app.canary !== undefined) add(at("canary"), "HTTP API apps have no canary here: their $default stage auto-deploys every change (use api: \"rest\" for a canary)", app.canary);
    if (arr(app.usagePlans).length > 0) lacks("usagePlans", "usage plans", app.usagePlans);
    if (app.apiKeyRequired === true) lacks("apiKeyRequired", "API keys or usage plans", app.apiKeyRequired);
    if (app.cache !== undefined) lacks("cache", "stage cache", app.cache);
    if (arr(app.denyCidrs).length > 0) lacks("denyCidrs", "resource policies (deny source ranges in the WAF of a REST app instead)", app.denyCidrs);
    if (app.openApi !== undefined) add(at("openApi"), "an HTTP API app's routes are built from the route config; its OpenAPI document (request bodies, schemas) is not imported — HTTP APIs have no request validation", "<document>");
    const kind = app.backend?.kind ?? "alb";
    if (kind === "mock") add(at("backend.kind"), "HTTP APIs have no mock integrations: use a Lambda or ALB backend, or api: \"rest\"", kind);
    if (env.edge?.authorizer?.maxTokenAgeSeconds !== undefined) {
      add(at("api"), `the HTTP API's JWT authorizer cannot enforce edge.authorizer.maxTokenAgeSeconds (${env.edge.authorizer.maxTokenAgeSeconds}); use api: "rest" or drop the limit`, app.api);
    }
    if (Array.isArray(audiences) && audiences.length > JWT_AUDIENCES_MAX) add(at("api"), `a JWT authorizer takes at most ${JWT_AUDIENCES_MAX} audiences (edge.authorizer.audience has ${audiences.length}; not adjustable)`, app.api);
    arr(app.routes).forEach((r: Raw, j: number) => {
      if (!r || typeof r !== "object") return;
      const rp = (p: string) => `routes[${j}].${p}`;
      if (r.apiKey === true) lacks(rp("apiKey"), "API keys", r.apiKey);
      if (r.cache !== undefined) lacks(rp("cache"), "response cache", r.cache);
      if (r.mock !== undefined) lacks(rp("mock"), "mock integrations", r.mock);
      if (r.validate !== undefined && r.validate !== "none") lacks(rp("validate"), 'request validation (set "none" or leave it out)', r.validate);
      if (Array.isArray(r.scopes) && r.scopes.length > 1) {
        add(at(rp("scopes")), `an HTTP API's JWT authorizer accepts a token with ANY one of a route's scopes, while the platform's scopes mean ALL of them: give one scope, or use api: "rest" (got ${describe(r.scopes)})`, r.scopes);
      }
    });
  });
  return out;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? "" : "s"}: ${JSON.stringify(v).slice(0, 80)}`;
  return JSON.stringify(v)?.slice(0, 80) ?? String(v);
}
