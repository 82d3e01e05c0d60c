/**
 * The route-level plan summary of an HTTP API app (`api: "http"`): HTTP APIs have no OpenAPI
 * body or authorizer route table, so routes come from the `aws_apigatewayv2_route` changes
 * (route key, JWT scopes or public) and throttles from the `$default` stage's
 * `default_route_settings` / `route_settings`. Same line format as ops/plan-routes.ts:
 *
 *     + GET /{receiptId} scopes receipts:read
 *     - GET /legacy
 *     ~ POST / scopes receipts:write → receipts:admin
 *     ~ ANY /files/{proxy+} throttle 5→8 rps
 */

/* eslint-disable @typescript-eslint/no-explicit-any */

interface HttpRoute {
  readonly auth: string;
  readonly scopes: readonly string[];
}

const text = (r: HttpRoute) => (r.auth === "NONE" ? " public" : r.scopes.length ? ` scopes ${r.scopes.join(", ")}` : " any valid token");

/** Route-level lines for the HTTP API resources of one app stack's plan JSON (empty when none change). */
export function httpRouteChanges(plan: any): string[] {
  const before = new Map<string, HttpRoute>();
  const after = new Map<string, HttpRoute>();
  const throttle: string[] = [];
  for (const rc of plan?.resource_changes ?? []) {
    const c = rc.change ?? {};
    const actions = (c.actions ?? []).join();
    if (actions === "no-op" || actions === "read") continue;
    if (rc.type === "aws_apigatewayv2_route") {
      for (const [side, into] of [[c.before, before], [c.after, after]] as const) {
        if (side?.route_key) into.set(side.route_key, { auth: side.authorization_type ?? "NONE", scopes: [...(side.authorization_scopes ?? [])].sort() });
      }
    } else if (rc.type === "aws_apigatewayv2_stage") {
      const rate = (side: any, key?: string) => (key ? (side?.route_settings ?? []).find((s: any) => s.route_key === key) : side?.default_route_settings?.[0]);
      const keys = new Set<string | undefined>([undefined, ...[...(c.before?.route_settings ?? []), ...(c.after?.route_settings ?? [])].map((s: any) => s.route_key)]);
      for (const key of keys) {
        const b = rate(c.before, key);
        const a = rate(c.after, key);
        const what = key ?? "all routes";
        if (b?.throttling_rate_limit === a?.throttling_rate_limit && b?.throttling_burst_limit === a?.throttling_burst_limit) continue;
        if (!b) throttle.push(`+ ${what} throttle ${a.throttling_rate_limit} rps (burst ${a.throttling_burst_limit})`);
        else if (!a) throttle.push(`- ${what} throttle ${b.throttling_rate_limit} rps${key ? " (back to the stage default)" : ""}`);
        else throttle.push(`~ ${what} throttle ${b.throttling_rate_limit}→${a.throttling_rate_limit} rps${b.throttling_burst_limit !== a.throttling_burst_limit ? ` (burst ${b.throttling_burst_limit}→${a.throttling_burst_limit})` : ""}`);
      }
    }
  }
  const order = (a: string, b: string) => a.split(" ")[1].localeCompare(b.split(" ")[1]) || a.localeCompare(b);
  const lines: string[] = [];
  for (const k of [...after.keys()].filter((k) => !before.has(k)).sort(order)) lines.push(`+ ${k}${text(after.get(k)!)}`);
  for (const k of [...before.keys()].filter((k) => !after.has(k)).sort(order)) lines.push(`- ${k}`);
  for (const k of [...after.keys()].filter((k) => before.has(k)).sort(order)) {
    const b = before.get(k)!;
    const a = after.get(k)!;
    if (b.auth !== a.auth || b.scopes.join() !== a.scopes.join()) lines.push(`~ ${k}${text(b)} →${text(a)}`);
  }
  return [...lines, ...throttle.sort()];
}
