/**
 * The route-level summary of an app stack's plan, computed from what the API is made of before
 * and after (`terraform show -json`):
 *
 * - the REST API's OpenAPI body (`aws_api_gateway_rest_api.body`): which method + path exist,
 *   and their integration (`~` when the backend URI, timeout or validation changes);
 * - the authorizer's route table (`aws_ssm_parameter` `…/authz/<apiId>`): each route's scopes;
 * - per-route throttling (`aws_api_gateway_method_settings`, `method_path` = `path/METHOD`).
 *
 *     + DELETE /{orderId} scopes orders:write
 *     - GET /legacy
 *     ~ GET /{orderId} scopes orders:read → orders:read, orders:admin
 *     ~ POST / throttle 50→80 rps
 *
 * CORS preflight (generated mock OPTIONS methods) is left out: it follows the routes.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */

import { httpRouteChanges } from "./plan-routes-http";

interface RouteInfo {
  integration?: string;
  scopes?: readonly string[];
  public?: boolean;
}

type Routes = Map<string, RouteInfo>;

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "x-amazon-apigateway-any-method"]);

function parseJson(s: unknown): any {
  if (typeof s !== "string") return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function methodName(m: string): string {
  return m === "x-amazon-apigateway-any-method" ? "ANY" : m.toUpperCase();
}

function bodyRoutes(body: any, into: Routes): void {
  for (const [p, item] of Object.entries<any>(body?.paths ?? {})) {
    for (const [m, op] of Object.entries<any>(item ?? {})) {
      if (!METHODS.has(m)) continue;
      const integ = op?.["x-amazon-apigateway-integration"];
      if (m === "options" && integ?.type === "mock") continue; // generated CORS preflight
      const key = `${methodName(m)} ${p}`;
      const cur = into.get(key) ?? {};
      into.set(key, { ...cur, integration: JSON.stringify({ integ, params: op?.parameters, body: op?.requestBody, validator: op?.["x-amazon-apigateway-request-validator"] }), public: Array.isArray(op?.security) && op.security.length === 0 });
    }
  }
}

function tableRoutes(table: any, into: Routes): void {
  for (const r of table?.routes ?? []) {
    const key = `${r.method} ${r.path}`;
    into.set(key, { ...(into.get(key) ?? {}), scopes: r.scopes ?? [] });
  }
}

/** `orders/{id}/GET` → `GET /orders/{id}`; `~1/POST` → `POST /`; `*\/*` → `all routes`. */
export function routeOfMethodPath(mp: string): string {
  if (mp === "*/*") return "all routes";
  const i = mp.lastIndexOf("/");
  const method = mp.slice(i + 1);
  const p = mp.slice(0, i);
  return `${method === "*" ? "ANY" : method} ${p === "~1" ? "/" : `/${p.replace(/~1/g, "/")}`}`;
}

const scopesText = (r: RouteInfo | undefined) => (!r ? "" : r.scopes?.length ? ` scopes ${r.scopes.join(", ")}` : r.public ? " public" : r.scopes ? " any valid token" : "");

/** Route-level lines for one app stack's plan JSON (empty when no route changes). */
export function routeChanges(plan: any): string[] {
  const before: Routes = new Map();
  const after: Routes = new Map();
  let unknownBody = false;
  const lines: string[] = [];
  const throttle: string[] = [];
  const canary: string[] = [];
  for (const rc of plan?.resource_changes ?? []) {
    const c = rc.change ?? {};
    if ((c.actions ?? []).join() === "no-op" || (c.actions ?? []).join() === "read") continue;
    if (rc.type === "aws_api_gateway_rest_api") {
      bodyRoutes(parseJson(c.before?.body), before);
      if (c.after_unknown?.body) unknownBody = true;
      else bodyRoutes(parseJson(c.after?.body), after);
    } else if (rc.type === "aws_ssm_parameter") {
      const b = parseJson(c.before?.value);
      const a = parseJson(c.after?.value);
      if (b?.routes || a?.routes) {
        tableRoutes(b, before);
        tableRoutes(a, after);
      }
    } else if (rc.type === "aws_api_gateway_stage") {
      canary.push(...canaryChange(c, plan?.output_changes?.canary));
    } else if (rc.type === "aws_api_gateway_method_settings") {
      const mp = c.after?.method_path ?? c.before?.method_path;
      const rb = c.before?.settings?.[0]?.throttling_rate_limit;
      const ra = c.after?.settings?.[0]?.throttling_rate_limit;
      const bb = c.before?.settings?.[0]?.throttling_burst_limit;
      const ba = c.after?.settings?.[0]?.throttling_burst_limit;
      if (!mp || (rb === ra && bb === ba)) continue;
      const what = routeOfMethodPath(mp);
      if (rb === undefined) throttle.push(`+ ${what} throttle ${ra} rps (burst ${ba})`);
      else if (ra === undefined) throttle.push(`- ${what} throttle ${rb} rps (back to the stage default)`);
      else throttle.push(`~ ${what} throttle ${rb}→${ra} rps${bb !== ba ? ` (burst ${bb}→${ba})` : ""}`);
    }
  }
  // routes that only appear in one of the two sources (e.g. the route table is unchanged) keep their other half
  for (const [k, v] of before) if (after.has(k) && !after.get(k)!.scopes && v.scopes) after.set(k, { ...after.get(k), scopes: v.scopes });
  for (const [k, v] of after) if (before.has(k) && !before.get(k)!.scopes && v.scopes) before.set(k, { ...before.get(k), scopes: v.scopes });
  const order = (a: string, b: string) => a.split(" ")[1].localeCompare(b.split(" ")[1]) || a.localeCompare(b);
  if (!unknownBody || after.size) {
    for (const k of [...after.keys()].filter((k) => !before.has(k)).sort(order)) if (after.get(k)!.integration || !before.size) lines.push(`+ ${k}${scopesText(after.get(k))}`);
    for (const k of [...before.keys()].filter((k) => !after.has(k)).sort(order)) if (before.get(k)!.integration || !after.size) lines.push(`- ${k}`);
    for (const k of [...after.keys()].filter((k) => before.has(k)).sort(order)) {
      const b = before.get(k)!;
      const a = after.get(k)!;
      const parts: string[] = [];
      if (JSON.stringify(b.scopes ?? []) !== JSON.stringify(a.scopes ?? [])) parts.push(`scopes ${(b.scopes ?? []).join(", ") || "(none)"} → ${(a.scopes ?? []).join(", ") || "(none)"}`);
      if (b.integration && a.integration && b.integration !== a.integration) parts.push("integration changed");
      if (parts.length) lines.push(`~ ${k} ${parts.join("; ")}`);
    }
  }
  if (unknownBody) lines.push("~ the API definition is known only after apply (it depends on values not yet created)");
  // HTTP API apps (api: "http"): routes and throttles from the apigatewayv2 resources
  return [...canary, ...lines, ...throttle.sort(), ...httpRouteChanges(plan)];
}

/** `canary 10 % → version 1.5.0` when a stage's canary_settings appear or change; `canary removed` when they go. */
export function canaryChange(c: any, output: any): string[] {
  const b = c.before?.canary_settings?.[0];
  const a = c.after?.canary_settings?.[0];
  const version = output?.after?.version ?? "(known after apply)";
  if (a && (!b || b.percent_traffic !== a.percent_traffic || output?.before?.version !== output?.after?.version)) return [`canary ${a.percent_traffic} % → version ${version}`];
  if (b && !a) return [`canary removed (version ${output?.before?.version ?? "?"}: promoted or rolled back)`];
  return [];
}
