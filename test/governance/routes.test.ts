import { crossFieldProblems } from "../../config/rules";
import type { Environment } from "../../config/schema";
import { buildRouteMap, effectiveThrottle, findBasePathConflicts, routeMapJson, routeMapMarkdown, RouteMapError, type BasePathOwner } from "../../governance/routes";
import { devEnv } from "./helpers";

describe("route map of dev", () => {
  const map = buildRouteMap(devEnv());

  it("lists the domain, both apps by base path with owner, account and version", () => {
    expect(map.domain).toBe("api.dev.acme-example.com");
    expect(map.apps.map((a) => [a.basePath, a.name, a.owner.team, a.owner.contact, a.account, a.version])).toEqual([
      ["orders", "orders", "orders-team", "orders-team@example.com", "222222222222", "1.4.0"],
      ["payments/v1", "payments", "payments-team", "#payments-oncall", "333333333333", "2.0.1"],
    ]);
  });

  it("gives every route its full public URL", () => {
    const payments = map.apps.find((a) => a.name === "payments")!;
    expect(payments.routes.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://api.dev.acme-example.com/payments/v1/",
      "GET https://api.dev.acme-example.com/payments/v1/{paymentId}",
      "POST https://api.dev.acme-example.com/payments/v1/webhooks/{provider}",
    ]);
  });

  it("shows public routes with their reason and the others with their scopes", () => {
    const orders = map.apps.find((a) => a.name === "orders")!;
    const route = (method: string, path: string) => orders.routes.find((r) => r.method === method && r.path === path)!;
    expect(route("GET", "/health").auth).toEqual({ type: "public", reason: "load balancer and uptime probes; returns no data" });
    expect(route("POST", "/").auth).toEqual({ type: "scopes", scopes: ["orders:write"] });
    expect(route("GET", "/{orderId}").auth).toEqual({ type: "scopes", scopes: ["orders:read"] });
    const webhook = map.apps.find((a) => a.name === "payments")!.routes.find((r) => r.path === "/webhooks/{provider}")!;
    expect(webhook.auth).toEqual({ type: "public", reason: "payment provider callbacks, verified by HMAC signature in the app" });
  });

  it("adds the generated CORS preflight of an app with cors (orders), none for payments", () => {
    const preflights = map.apps.flatMap((a) => a.routes.filter((r) => r.generated).map((r) => `${a.name} ${r.method} ${r.path}`));
    expect(preflights).toEqual(["orders OPTIONS /", "orders OPTIONS /{orderId}", "orders OPTIONS /health"]);
  });

  it("resolves throttling: route override > app > environment default", () => {
    const orders = map.apps.find((a) => a.name === "orders")!;
    expect(orders.routes.find((r) => r.method === "POST")!.throttle).toEqual({ rateLimit: 50, burstLimit: 100, source: "route" });
    expect(orders.routes.find((r) => r.method === "GET" && r.path === "/")!.throttle).toEqual({ rateLimit: 200, burstLimit: 400, source: "environment" });

    const withAppThrottle = buildRouteMap(devEnv((e) => (e.apps[0].throttling = { rateLimit: 120, burstLimit: 240 })));
    const o = withAppThrottle.apps.find((a) => a.name === "orders")!;
    expect(o.throttle).toEqual({ rateLimit: 120, burstLimit: 240, source: "app" });
    expect(o.routes.find((r) => r.method === "GET" && r.path === "/")!.throttle.source).toBe("app");
    expect(o.routes.find((r) => r.method === "POST")!.throttle).toEqual({ rateLimit: 50, burstLimit: 100, source: "route" });
    // the other app keeps the environment default
    expect(withAppThrottle.apps.find((a) => a.name === "payments")!.throttle.source).toBe("environment");
  });

  it("effectiveThrottle alone", () => {
    const env = { edge: { throttling: { rateLimit: 1, burstLimit: 2 } } } as Pick<Environment, "edge">;
    expect(effectiveThrottle(env, {})).toEqual({ rateLimit: 1, burstLimit: 2, source: "environment" });
    expect(effectiveThrottle(env, { throttling: { rateLimit: 3, burstLimit: 4 } }, {})).toEqual({ rateLimit: 3, burstLimit: 4, source: "app" });
    expect(effectiveThrottle(env, { throttling: { rateLimit: 3, burstLimit: 4 } }, { throttling: { rateLimit: 5, burstLimit: 6 } })).toEqual({ rateLimit: 5, burstLimit: 6, source: "route" });
  });

  it("renders Markdown and JSON with every route and no timestamp", () => {
    const md = routeMapMarkdown(map);
    expect(md).toContain("| POST | `https://api.dev.acme-example.com/orders/` | scopes: `orders:write` | 50 rps, burst 100 (route) |");
    expect(md).toContain("public: payment provider callbacks, verified by HMAC signature in the app");
    expect(md).toContain("Usage plan `partner-basic`: 20 rps, burst 40, quota 100000 per month");
    const json = JSON.parse(routeMapJson(map));
    expect(json.apps).toHaveLength(2);
    expect(json.apps[1].routes[2]).toMatchObject({ method: "POST", url: "https://api.dev.acme-example.com/payments/v1/webhooks/{provider}", auth: { type: "public" } });
    expect(md + routeMapJson(map)).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });
});

describe("findBasePathConflicts", () => {
  const apps = (...list: [string, string, boolean?][]): BasePathOwner[] => list.map(([name, basePath, allowNestedBasePath]) => ({ name, basePath, allowNestedBasePath }));

  it("reports equal base paths, naming both apps", () => {
    const c = findBasePathConflicts(apps(["orders", "orders"], ["orders2", "orders"]));
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ kind: "equal", apps: ["orders", "orders2"] });
    expect(c[0].message).toMatch(/'orders'.*'orders2'.*base path 'orders'/);
  });

  it("reports a base path nested by whole segments without opt-in, naming both apps", () => {
    const c = findBasePathConflicts(apps(["admin", "orders/admin"], ["orders", "orders"]));
    expect(c).toEqual([expect.objectContaining({ kind: "nested", apps: ["orders", "admin"], basePaths: ["orders", "orders/admin"] })]);
    expect(c[0].message).toMatch(/app 'admin' .* nested under app 'orders'.*allowNestedBasePath/);
    expect(findBasePathConflicts(apps(["p", "payments"], ["p1", "payments/v1/admin"]))).toHaveLength(1);
  });

  it("accepts a nested base path with allowNestedBasePath: true", () => {
    expect(findBasePathConflicts(apps(["orders", "orders"], ["admin", "orders/admin", true]))).toEqual([]);
  });

  it("does not treat a string prefix as a path prefix: 'orders' vs 'ordersx', 'payments/v1' vs 'payments/v10'", () => {
    expect(findBasePathConflicts(apps(["orders", "orders"], ["ordersx", "ordersx"]))).toEqual([]);
    expect(findBasePathConflicts(apps(["v1", "payments/v1"], ["v10", "payments/v10"]))).toEqual([]);
  });

  it("finds nothing in the built-in dev environment", () => {
    expect(findBasePathConflicts(devEnv().apps)).toEqual([]);
  });

  it("agrees with the load-time validation (config/rules.ts) on every case", () => {
    const cases: [string, string, boolean?][][] = [
      [["a", "orders"], ["b", "orders"]],
      [["a", "orders"], ["b", "orders/admin"]],
      [["a", "orders"], ["b", "orders/admin", true]],
      [["a", "orders"], ["b", "ordersx"]],
      [["a", "payments/v1"], ["b", "payments/v10"]],
      [["a", "payments"], ["b", "payments/v1"]],
    ];
    for (const c of cases) {
      const raw = { apps: c.map(([name, basePath, allowNestedBasePath]) => ({ name, basePath, allowNestedBasePath })) };
      const validator = crossFieldProblems(raw).filter((p) => p.path.endsWith(".basePath")).length > 0;
      expect([c, findBasePathConflicts(apps(...c)).length > 0]).toEqual([c, validator]);
    }
  });

  it("buildRouteMap refuses unvalidated input with conflicting base paths, naming both apps", () => {
    const env = devEnv();
    const raw = { ...env, apps: [env.apps[0], { ...env.apps[1], name: "orders-v2", basePath: "orders/v2" }] } as Environment;
    expect(() => buildRouteMap(raw)).toThrow(RouteMapError);
    expect(() => buildRouteMap(raw)).toThrow(/'orders-v2'.*nested under app 'orders'/);
  });
});
