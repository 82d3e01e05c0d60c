/**
 * Cross-field rules for the gateway features that must take effect once deployed: API keys that
 * a usage plan can meter, response caching that cannot mix callers or resources, identity
 * headers for backends. Like rules.ts they run on the RAW input (any field may be missing or of
 * the wrong type), so every problem is reported in the same run.
 */
import type { ConfigProblem } from "./problem";
import { appDocumentProblems, documentSecurity } from "./openapi-merge";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v : []);

/** Only these methods are cached by API Gateway in a way that is safe to share ("Enable API caching", API Gateway guide). */
export const CACHEABLE_METHODS = ["GET", "HEAD"] as const;
/** Header names the platform sets itself from the authorizer's context (never from an app's config). */
export const RESERVED_IDENTITY_HEADERS = ["Subject", "Scopes", "Client-Id"] as const;

/** Is a route protected by the shared authorizer? (Routes without `public` are.) */
export function isProtected(route: Raw): boolean {
  return route?.public === undefined;
}

/** Does a route require a partner API key? Its own `apiKey` wins over the app's `apiKeyRequired`. */
export function isKeyed(app: Raw, route: Raw): boolean {
  return typeof route?.apiKey === "boolean" ? route.apiKey : app?.apiKeyRequired === true;
}

export function gatewayFeatureProblems(env: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add = (path: string, message: string, value: unknown) => out.push({ path, message, value });
  if (env === null || typeof env !== "object") return out;

  // identity claims: header names must not collide with the platform's own or each other
  const seenHeaders = new Map<string, number>();
  arr(env.edge?.authorizer?.identityClaims).forEach((c: Raw, i: number) => {
    const h = typeof c?.header === "string" ? c.header : undefined;
    if (!h) return;
    const at = `edge.authorizer.identityClaims[${i}].header`;
    if ((RESERVED_IDENTITY_HEADERS as readonly string[]).some((r) => r.toLowerCase() === h.toLowerCase())) {
      add(at, `X-Aoa-${h} is set by the platform itself (${RESERVED_IDENTITY_HEADERS.map((r) => `X-Aoa-${r}`).join(", ")})`, h);
    } else if (seenHeaders.has(h.toLowerCase())) add(at, `duplicate header (also identityClaims[${seenHeaders.get(h.toLowerCase())}])`, h);
    else seenHeaders.set(h.toLowerCase(), i);
  });

  arr(env.apps).forEach((app: Raw, i: number) => {
    if (!app || typeof app !== "object") return;
    const at = (p: string) => `apps[${i}].${p}`;
    const routes = arr(app.routes);

    // --- the app's own OpenAPI document
    if (app.openApi !== undefined) {
      out.push(...appDocumentProblems(app.openApi, routes, at("openApi")));
      routes.forEach((r: Raw, j: number) => {
        if (!r || typeof r !== "object") return;
        const d = documentSecurity(app.openApi, r.method, r.path);
        const where = `openApi.paths.${r.path}.${String(r.method).toLowerCase()}`;
        if (d.scopes !== undefined && r.scopes !== undefined) add(at(`routes[${j}].scopes`), `declared in the app's OpenAPI too (${where}.x-aoa-scopes): keep one`, r.scopes);
        if (d.public !== undefined && r.public !== undefined) add(at(`routes[${j}].public`), `declared in the app's OpenAPI too (${where}.x-aoa-public): keep one`, r.public);
        if ((d.scopes !== undefined && r.public !== undefined) || (d.public !== undefined && r.scopes !== undefined)) add(at(`routes[${j}]`), `is public in one place and scoped in the other (config and ${where})`, `${r.method} ${r.path}`);
      });
    }

    // --- API keys: a usage plan meters only methods that require a key ("Usage plans and API keys", API Gateway guide)
    const keyed = routes.filter((r) => r && typeof r === "object" && isKeyed(app, r));
    const plans = arr(app.usagePlans);
    if (plans.length > 0 && keyed.length === 0) {
      add(at("usagePlans"), "no route of this app requires an API key, so the usage plans would meter nothing; set apiKeyRequired: true on the app or apiKey: true on the partner routes", plans.map((p) => p?.name));
    }
    if (keyed.length > 0 && plans.length === 0) {
      add(at("usagePlans"), "keyed routes need at least one usage plan with an API key (a key outside every plan is refused)", keyed.map((r) => `${r.method} ${r.path}`));
    }

    // --- caching
    let cachedRoutes = 0;
    routes.forEach((r: Raw, j: number) => {
      if (!r || typeof r !== "object" || r.cache === undefined) return;
      cachedRoutes++;
      const rp = `routes[${j}].cache`;
      if (!(CACHEABLE_METHODS as readonly string[]).includes(r.method)) {
        add(at(rp), `only ${CACHEABLE_METHODS.join(" and ")} routes can be cached (a cached ${r.method} would answer writes from the cache)`, `${r.method} ${r.path}`);
      }
      if (!app.cache) add(at(rp), "a cached route needs the app's stage cache (apps[].cache.sizeGb)", r.cache);
      const headers = arr(r.cache?.headers).filter((h) => typeof h === "string");
      if (isProtected(r) && !headers.some((h) => h.toLowerCase() === "authorization")) {
        add(at(`${rp}.headers`), "a protected route must have the caller in its cache key: add 'Authorization' (otherwise one caller's response is served to another)", headers);
      }
      const dup = headers.find((h, k) => headers.findIndex((x) => x.toLowerCase() === h.toLowerCase()) !== k);
      if (dup) add(at(`${rp}.headers`), "duplicate header", dup);
    });
    if (app.cache && cachedRoutes === 0) {
      add(at("cache"), "a stage cache caches nothing until a route declares `cache` (and is billed per hour); remove it or cache a GET route", app.cache);
    }
  });
  return out;
}
