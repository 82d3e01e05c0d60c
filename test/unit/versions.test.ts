/**
 * Versioned app definitions (config/versions.ts): one app file, each environment builds the
 * routes of the version it pins — the OpenAPI body, the authorizer's route table and the
 * validation all see the resolved routes; undeclared pins and bad versioning are config errors
 * with the app file's field paths.
 */
import { validateEnvironment } from "../../config/load";
import { compareVersions, diffRoutes, formatRouteDiff, resolveAppRoutes } from "../../config/versions";
import type { Environment } from "../../config/schema";
import { authorizerRouteTable, buildOpenApi } from "../../modules/openapi";
import { buildRouteMap, routeMapMarkdown } from "../../governance/routes";
import { versionedFixture, versionedOrdersApp, devFixture } from "../fixtures/env";

const refs = { vpcLinkId: "vl-123", authorizerInvokeArn: "arn:invoke", authorizerResultTtlSeconds: 300, title: "acme-dev" };

function envAt(version: string, edit?: (e: any) => void): Environment { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = validateEnvironment(versionedFixture(version, edit));
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.env;
}
function problemsAt(version: string, edit?: (e: any) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = validateEnvironment(versionedFixture(version, edit));
  if (r.ok) throw new Error("expected the environment to be refused");
  return r.problems;
}
const orders = (e: Environment) => e.apps.find((a) => a.name === "orders")!;
const ops = (doc: any) => Object.entries(doc.paths).flatMap(([p, m]: [string, any]) => Object.keys(m).filter((k) => k !== "options").map((k) => `${k.toUpperCase()} ${p}`)).sort(); // eslint-disable-line @typescript-eslint/no-explicit-any

describe("one app file, two pins, two APIs", () => {
  const v1 = orders(envAt("1.0.0"));
  const v2 = orders(envAt("2.0.0"));
  const d1: any = buildOpenApi(v1, refs); // eslint-disable-line @typescript-eslint/no-explicit-any
  const d2: any = buildOpenApi(v2, refs); // eslint-disable-line @typescript-eslint/no-explicit-any

  it("synthesizes different OpenAPI bodies: routes added at their version, retired ones gone at theirs", () => {
    expect(ops(d1)).toEqual(["GET /", "GET /health", "GET /legacy", "GET /{orderId}"]);
    expect(ops(d2)).toEqual(["GET /", "GET /health", "GET /{orderId}", "POST /"]);
    expect(JSON.stringify(d1)).not.toBe(JSON.stringify(d2));
  });

  it("a release in between has what was added before it and not yet retired", () => {
    expect(ops(buildOpenApi(orders(envAt("1.1.0")), refs))).toEqual(["GET /", "GET /health", "GET /legacy", "GET /{orderId}", "POST /"]);
  });

  it("property changes apply from their release on: scopes in the authorizer's table, the route's throttle", () => {
    expect(authorizerRouteTable(v1).routes.find((r: any) => r.path === "/{orderId}")).toMatchObject({ scopes: ["orders:read"] }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(authorizerRouteTable(v2).routes.find((r: any) => r.path === "/{orderId}")).toMatchObject({ scopes: ["orders:read", "orders:detail"] }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(v1.routes.find((r) => r.path === "/{orderId}")!.throttling).toBeUndefined();
    expect(v2.routes.find((r) => r.path === "/{orderId}")!.throttling).toEqual({ rateLimit: 20, burstLimit: 40 });
  });

  it("resolved routes carry no versioning fields, and the input is not mutated", () => {
    const input = versionedFixture("2.0.0");
    const before = JSON.stringify(input);
    const r = validateEnvironment(input);
    expect(r.ok).toBe(true);
    expect(JSON.stringify(input)).toBe(before);
    for (const route of orders((r as { env: Environment }).env).routes) for (const f of ["since", "until", "changes"]) expect(route).not.toHaveProperty(f);
    expect(orders((r as { env: Environment }).env).releases?.map((x) => x.version)).toEqual(["1.0.0", "1.1.0", "2.0.0"]);
  });

  it("an app without releases is unversioned: every pin builds the same routes", () => {
    const a = validateEnvironment(devFixture((e) => (e.apps[0].version = "9.9.9")));
    const b = validateEnvironment(devFixture((e) => (e.apps[0].version = "0.0.1")));
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.env.apps[0].routes).toEqual(b.env.apps[0].routes);
  });
});

describe("versioning problems are config errors with the app file's field paths", () => {
  it("an unknown pin is refused at apps[i].version, listing the declared releases", () => {
    expect(problemsAt("1.5.0")).toEqual([{ path: "apps[0].version", message: "must name a release of app 'orders' (declared: 1.0.0, 1.1.0, 2.0.0)", value: "1.5.0" }]);
  });

  it("the other problems of the file are reported in the same run", () => {
    const paths = problemsAt("1.5.0", (e) => (e.apps[1].basePath = "/payments/")).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["apps[0].version", "apps[1].basePath"]));
  });

  it("since/until/changes must name declared releases, in order; a change cannot move a route", () => {
    const problems = problemsAt("2.0.0", (e) => {
      const r = e.apps[0].routes;
      r[2].since = "1.2.0";
      r[3].until = "1.0.0"; // not after since (the first release)
      r[3].since = "1.1.0";
      r[1].changes = [{ since: "2.0.0", set: { path: "/x", throttling: { rateLimit: -1, burstLimit: 1 } } }, { since: "1.1.0", unset: ["method"] }];
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "apps[0].routes[2].since", value: "1.2.0", message: expect.stringMatching(/declared: 1\.0\.0, 1\.1\.0, 2\.0\.0/) }),
        expect.objectContaining({ path: "apps[0].routes[3].until", value: "1.0.0", message: "must be a later release than since (1.1.0)" }),
        expect.objectContaining({ path: "apps[0].routes[1].changes[0].set.path", message: expect.stringMatching(/retire it \(until\) and add the new one/) }),
        expect.objectContaining({ path: "apps[0].routes[1].changes[0].set.throttling.rateLimit", value: -1 }),
        expect.objectContaining({ path: "apps[0].routes[1].changes[1].since", message: expect.stringMatching(/oldest first/) }),
        expect.objectContaining({ path: "apps[0].routes[1].changes[1].unset[0]", value: "method" }),
      ]),
    );
  });

  it("the release log: semantic versions, oldest first, no duplicates", () => {
    const problems = problemsAt("2.0.0", (e) => (e.apps[0].releases = [{ version: "1.0.0" }, { version: "2.0.0" }, { version: "1.1.0" }, { version: "2.0.0" }, { version: "v3" }]));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "apps[0].releases[2].version", message: "releases must be listed oldest first (comes after 2.0.0)" }),
        expect.objectContaining({ path: "apps[0].releases[3].version", message: "duplicate release" }),
        expect.objectContaining({ path: "apps[0].releases[4].version", value: "v3" }),
      ]),
    );
  });

  it("versioning fields on an app without releases are refused", () => {
    const r = validateEnvironment(devFixture((e) => (e.apps[0].routes[0].since = "1.0.0")));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.objectContaining({ path: "apps[0].routes[0].since", message: expect.stringMatching(/declares no releases/) })]);
  });

  it("a later problem in a resolved route names its index in the app file, not in the resolved list", () => {
    // at 2.0.0 the retired GET /legacy (file index 3) is gone, so GET /health (file index 4) is resolved index 3
    const problems = problemsAt("2.0.0", (e) => (e.apps[0].routes[4].public.reason = "short"));
    expect(problems.map((p) => p.path)).toEqual(["apps[0].routes[4].public.reason"]);
  });

  it("a pin whose resolved app has no route left is refused like an empty app", () => {
    const problems = problemsAt("2.0.0", (e) => {
      for (const r of e.apps[0].routes) r.until = "2.0.0";
    });
    expect(problems.map((p) => p.path)).toContain("apps[0].routes");
  });
});

describe("semver and route differences", () => {
  it.each([
    ["1.10.0", "1.9.0", 1],
    ["2.0.0-rc.1", "2.0.0", -1],
    ["1.0.0", "1.0.0", 0],
  ])("compareVersions(%s, %s)", (a, b, want) => expect(Math.sign(compareVersions(a, b))).toBe(want));

  it("diffRoutes names added, removed and changed routes with each changed property", () => {
    const at = (v: string) => resolveAppRoutes(versionedOrdersApp, v).routes!;
    const d = diffRoutes(at("1.1.0"), at("2.0.0"));
    expect(formatRouteDiff(d)).toEqual([
      "- GET /legacy (scopes [orders:read])",
      "~ GET /{orderId} scopes: [orders:read] → [orders:read, orders:detail]",
      "~ GET /{orderId} throttling: (unset) → { burstLimit: 40, rateLimit: 20 }",
    ]);
    expect(formatRouteDiff(diffRoutes(at("1.0.0"), at("1.1.0")))).toEqual(["+ POST / (scopes [orders:write]; validate all)"]);
    expect(formatRouteDiff(diffRoutes(at("2.0.0"), at("2.0.0")))).toEqual([]);
  });
});

describe("the route map shows the version live here and what the next promotion would bring", () => {
  const upstream = envAt("1.1.0");
  const here = envAt("1.0.0", (e) => Object.assign(e, { name: "qa", promotesFrom: "dev" }));

  it("per app: version here, the upstream pin, the routes it would add", () => {
    const map = buildRouteMap(here, upstream);
    expect(map.apps.find((a) => a.name === "orders")).toMatchObject({ version: "1.0.0", releases: ["1.0.0", "1.1.0", "2.0.0"] });
    expect(map.nextPromotion).toEqual({
      from: "dev",
      apps: [
        { app: "orders", version: "1.0.0", upstream: "1.1.0", status: "ahead", routes: ["+ POST / (scopes [orders:write]; validate all)"] },
        { app: "payments", version: "2.0.1", upstream: "2.0.1", status: "same", routes: [] },
      ],
    });
    const md = routeMapMarkdown(map);
    expect(md).toContain("## Next promotion (from dev)");
    expect(md).toContain("| orders | 1.0.0 | 1.1.0 | `+ POST / (scopes [orders:write]; validate all)` |");
    expect(md).toContain("| payments | 2.0.1 | 2.0.1 | nothing (same version) |");
  });

  it("nothing to bring when the upstream pins the same version; no section without a known upstream", () => {
    const same = buildRouteMap(envAt("1.1.0", (e) => Object.assign(e, { name: "qa", promotesFrom: "dev" })), upstream);
    expect(same.nextPromotion!.apps.every((a) => a.status === "same" && a.routes.length === 0)).toBe(true);
    expect(buildRouteMap(here).nextPromotion).toBeUndefined();
    expect(routeMapMarkdown(buildRouteMap(here))).not.toContain("Next promotion");
  });
});
