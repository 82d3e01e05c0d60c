/**
 * The route ownership map: domain -> base path -> app -> owner -> workload account -> version ->
 * routes (public URL, auth, effective throttle). Built from the same validated `Environment` the
 * stacks use; base-path conflicts are checked again here because tools may feed it unvalidated JSON.
 */
import { appAccess } from "../modules/private-access";
import { allowedEndpointsOf } from "../config/private-apis";
import type { BackendKind, Environment, Route, Throttling } from "../config/schema";
import { BACKENDS, routeBackend } from "../modules/backends";
import { code, generatedBanner, mdTable } from "./markdown";
import { compareVersions, diffRoutes, formatRouteDiff } from "../config/versions";

/** What base-path checks need of an app (works on unvalidated input). */
export interface BasePathOwner {
  readonly name: string;
  readonly basePath: string;
  readonly allowNestedBasePath?: boolean;
}

export interface BasePathConflict {
  /** `equal`: same base path; `nested`: `apps[1]`'s base path is under `apps[0]`'s without opt-in. */
  readonly kind: "equal" | "nested";
  /** The two apps, outer (or first) first. */
  readonly apps: readonly [string, string];
  readonly basePaths: readonly [string, string];
  readonly message: string;
}

const segments = (basePath: string) => basePath.split("/").filter((s) => s !== "");

/**
 * Base paths that cannot share one custom domain: equal paths, or one a prefix of another by
 * whole segments (`orders` vs `orders/admin`, not `orders` vs `ordersx`) unless the nested app
 * sets `allowNestedBasePath: true`.
 */
export function findBasePathConflicts(apps: readonly BasePathOwner[]): BasePathConflict[] {
  const out: BasePathConflict[] = [];
  const list = apps.map((a) => ({ ...a, segs: segments(String(a.basePath ?? "")) }));
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      if (i === j) continue;
      const A = list[i];
      const B = list[j];
      if (A.segs.length === 0 || B.segs.length === 0) continue;
      const prefix = A.segs.length <= B.segs.length && A.segs.every((s, k) => s === B.segs[k]);
      if (!prefix) continue;
      if (A.segs.length === B.segs.length) {
        if (i < j) out.push({ kind: "equal", apps: [A.name, B.name], basePaths: [A.basePath, B.basePath], message: `apps '${A.name}' and '${B.name}' both use base path '${A.segs.join("/")}'` });
      } else if (B.allowNestedBasePath !== true) {
        out.push({
          kind: "nested",
          apps: [A.name, B.name],
          basePaths: [A.basePath, B.basePath],
          message: `app '${B.name}' base path '${B.segs.join("/")}' is nested under app '${A.name}' base path '${A.segs.join("/")}'; set allowNestedBasePath: true on '${B.name}' if intended`,
        });
      }
    }
  }
  return out;
}

export class RouteMapError extends Error {
  constructor(
    readonly environment: string,
    readonly conflicts: readonly BasePathConflict[],
  ) {
    super(`route map of '${environment}': ${conflicts.length} base-path conflict${conflicts.length === 1 ? "" : "s"}\n${conflicts.map((c) => `  - ${c.message}`).join("\n")}`);
    this.name = "RouteMapError";
  }
}

export type ThrottleSource = "route" | "app" | "environment";
export interface EffectiveThrottle extends Throttling {
  /** Which setting won: route override > app > environment default. */
  readonly source: ThrottleSource;
}

export type RouteAuth = { readonly type: "public"; readonly reason: string } | { readonly type: "scopes"; readonly scopes: readonly string[] };

export interface RouteMapRoute {
  readonly method: Route["method"];
  /** Path inside the app's API. */
  readonly path: string;
  /** `https://<domain>/<basePath><path>` */
  readonly url: string;
  readonly auth: RouteAuth;
  readonly throttle: EffectiveThrottle;
  /** Backend kind answering the route (`mock` for mocked routes; absent on generated routes). */
  readonly backend?: BackendKind;
  /** Set on routes the gateway adds itself (CORS preflight). */
  readonly generated?: "cors-preflight";
}

export interface RouteMapApp {
  readonly name: string;
  readonly description?: string;
  readonly basePath: string;
  readonly allowNestedBasePath: boolean;
  readonly baseUrl: string;
  /** Private apps only: reached through these interface endpoints (config/private-apis.ts). */
  readonly private?: { readonly endpoints: readonly { readonly name: string; readonly id: string; readonly account: string }[] };
  readonly owner: { readonly team: string; readonly contact: string };
  readonly account: string;
  readonly version: string;
  /** The app's declared releases (config/versions.ts); absent for an unversioned app. */
  readonly releases?: readonly string[];
  /** The app's listener port on the platform NLB (alb backends only). */
  readonly ingressPort?: number;
  /** What the routes integrate with (modules/backends/). */
  readonly backend: { readonly kind: BackendKind; readonly description: string };
  /** `rest` (REST API) or `http` (HTTP API: native JWT authorizer, no WAF — `wafExemptReason` says why). */
  readonly api: { readonly kind: "rest" | "http"; readonly wafExemptReason?: string };
  /** The stage-wide throttle (app > environment). */
  readonly throttle: EffectiveThrottle;
  readonly usesAuthorizer: boolean;
  readonly usagePlans: readonly { readonly name: string; readonly throttle: Throttling; readonly quota: string; readonly apiKeys: readonly string[] }[];
  readonly routes: readonly RouteMapRoute[];
}

export interface RouteMap {
  readonly environment: string;
  readonly tier: string;
  readonly region: string;
  readonly domain: string;
  readonly sharedServicesAccount: string;
  readonly defaultThrottle: Throttling;
  /** Sorted by base path. */
  readonly apps: readonly RouteMapApp[];
  /** What promoting from `promotesFrom` would bring, by its configured pins (set when that environment is known). */
  readonly nextPromotion?: NextPromotion;
}

/** Per app: the version here, the one the upstream environment pins, and the route-level difference. */
export interface NextPromotion {
  readonly from: string;
  readonly apps: readonly { readonly app: string; readonly version: string; readonly upstream: string; readonly status: "same" | "ahead" | "behind"; readonly routes: readonly string[] }[];
}

/** What promoting each app from `upstream` (at its configured pin) would change here. */
export function nextPromotion(env: Environment, upstream: Environment): NextPromotion {
  const apps = env.apps
    .filter((a) => upstream.apps.some((u) => u.name === a.name))
    .map((a) => {
      const u = upstream.apps.find((x) => x.name === a.name)!;
      const cmp = compareVersions(u.version, a.version);
      return { app: a.name, version: a.version, upstream: u.version, status: cmp === 0 ? ("same" as const) : cmp > 0 ? ("ahead" as const) : ("behind" as const), routes: cmp > 0 ? formatRouteDiff(diffRoutes(a.routes, u.routes)) : [] };
    })
    .sort((x, y) => x.app.localeCompare(y.app));
  return { from: upstream.name, apps };
}

/** Rows of the synth summary: environment, app, version here, what the next promotion from promotesFrom would bring. */
export function appVersionRows(envs: readonly Environment[]): (readonly [string, string, string, string])[] {
  return envs.flatMap((env) => {
    const upstream = envs.find((u) => u.name === env.promotesFrom);
    const next = upstream ? nextPromotion(env, upstream) : undefined;
    return env.apps.map((a) => {
      const n = next?.apps.find((x) => x.app === a.name);
      const bring = !n ? "-" : n.status !== "ahead" ? "up to date" : `${n.upstream} from ${next!.from}: ${n.routes.length ? n.routes.join("; ") : "no route changes"}`;
      return [env.name, a.name, a.version, bring] as const;
    });
  });
}

/** `## Next promotion` section lines (empty when the environment promotes from nothing known). */
export function nextPromotionMarkdown(map: RouteMap, heading = "##"): string[] {
  const n = map.nextPromotion;
  if (!n) return [];
  const rows = n.apps.map((a) => [
    a.app,
    a.version,
    a.upstream,
    a.status === "same" ? "nothing (same version)" : a.status === "behind" ? `nothing (${n.from} pins an older version)` : a.routes.length ? a.routes.map((l) => code(l)).join("<br>") : "a new release, no route changes",
  ]);
  return [
    `${heading} Next promotion (from ${n.from})`,
    "",
    `By the pins in the environment files; \`npm run promote -- --from ${n.from} --to ${map.environment} --dry-run\` reads what is actually live in ${n.from}.`,
    "",
    rows.length ? mdTable(["App", `Version here`, `${n.from} pins`, "Promotion would bring"], rows) : `_No app of ${map.environment} is in ${n.from}._`,
    "",
  ];
}

const CORS_REASON = "CORS preflight carries no credentials";

/** Effective throttle of one route: route override > app > environment default. */
export function effectiveThrottle(env: Pick<Environment, "edge">, app: { throttling?: Throttling }, route?: { throttling?: Throttling }): EffectiveThrottle {
  if (route?.throttling) return { ...route.throttling, source: "route" };
  if (app.throttling) return { ...app.throttling, source: "app" };
  return { ...env.edge.throttling, source: "environment" };
}

const byPathThenMethod = (a: { path: string; method: string }, b: { path: string; method: string }) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method);

/** Builds the map; throws RouteMapError when base paths conflict. `upstream`: the environment it promotes from, if known. */
export function buildRouteMap(env: Environment, upstream?: Environment | number): RouteMap {
  const conflicts = findBasePathConflicts(env.apps);
  if (conflicts.length) throw new RouteMapError(env.name, conflicts);
  const apps = env.apps.map((app): RouteMapApp => {
    const basePath = segments(app.basePath).join("/");
    const access = appAccess(env, app);
    const baseUrl = access.url("<api-id>");
    const stage = effectiveThrottle(env, app);
    const routes: RouteMapRoute[] = app.routes.map((r) => ({
      method: r.method,
      path: r.path,
      url: `${baseUrl}${r.path}`,
      auth: r.public ? { type: "public", reason: r.public.reason } : { type: "scopes", scopes: [...(r.scopes ?? [])] },
      throttle: effectiveThrottle(env, app, r),
      backend: routeBackend(app, r).kind,
    }));
    if (app.cors) {
      // modules/openapi.ts: a mock OPTIONS on every path without an ANY route.
      const paths = [...new Set(app.routes.map((r) => r.path))].filter((p) => !app.routes.some((r) => r.path === p && r.method === "ANY"));
      for (const p of paths) routes.push({ method: "OPTIONS", path: p, url: `${baseUrl}${p}`, auth: { type: "public", reason: CORS_REASON }, throttle: stage, generated: "cors-preflight" });
    }
    routes.sort(byPathThenMethod);
    return {
      name: app.name,
      ...(app.description ? { description: app.description } : {}),
      basePath,
      allowNestedBasePath: app.allowNestedBasePath === true,
      baseUrl,
      ...(access.private ? { private: { endpoints: allowedEndpointsOf(env, app).map((e) => ({ name: e.name, id: e.id, account: e.account })) } } : {}),
      owner: { team: app.owner.team, contact: app.owner.contact },
      account: app.account,
      version: app.version,
      ...(app.releases ? { releases: app.releases.map((r) => r.version) } : {}),
      ...(app.ingressPort !== undefined ? { ingressPort: app.ingressPort } : {}),
      backend: { kind: app.backend.kind, description: app.api === "http" ? httpBackendDescription(app) : BACKENDS[app.backend.kind].describe(app) },
      api: app.api === "http" ? { kind: "http", wafExemptReason: app.wafExemptReason } : { kind: "rest" },
      throttle: stage,
      usesAuthorizer: app.routes.some((r) => !r.public),
      usagePlans: (app.usagePlans ?? []).map((p) => ({ name: p.name, throttle: p.throttling, quota: `${p.quota.limit} per ${p.quota.period.toLowerCase()}`, apiKeys: [...p.apiKeys] })),
      routes,
    };
  });
  apps.sort((a, b) => a.basePath.localeCompare(b.basePath) || a.name.localeCompare(b.name));
  return {
    environment: env.name,
    tier: env.tier,
    region: env.region,
    domain: env.domain.name,
    sharedServicesAccount: env.accounts.sharedServices,
    defaultThrottle: { ...env.edge.throttling },
    apps,
    // (a number: called as `envs.map(buildRouteMap)`)
    ...(upstream && typeof upstream === "object" && upstream.name === env.promotesFrom ? { nextPromotion: nextPromotion(env, upstream) } : {}),
  };
}

// ---------------------------------------------------------------- rendering

export function formatThrottle(t: Throttling & { source?: ThrottleSource }): string {
  return `${t.rateLimit} rps, burst ${t.burstLimit}${t.source ? ` (${t.source})` : ""}`;
}

export function formatAuth(auth: RouteAuth): string {
  if (auth.type === "public") return `public: ${auth.reason}`;
  return auth.scopes.length ? `scopes: ${auth.scopes.map(code).join(", ")}` : "any valid token";
}

/** The map as JSON (stable key order, trailing newline). */
export function routeMapJson(map: RouteMap): string {
  return `${JSON.stringify({ generatedBy: "npm run routes", ...map }, null, 2)}\n`;
}

/** One flat table of every route (used in docs/<env>.md). */
export function routeTableMarkdown(map: RouteMap): string {
  if (map.apps.length === 0) return "_No apps are deployed in this environment._";
  const rows = map.apps.flatMap((a) =>
    a.routes.map((r) => [code(`/${a.basePath}`), a.name, `${a.owner.team} (${a.owner.contact})`, a.account, a.version, r.method, code(r.url), formatAuth(r.auth), formatThrottle(r.throttle)]),
  );
  return mdTable(["Base path", "App", "Owner", "Workload account", "Version", "Method", "Public URL", "Auth", "Throttle"], rows);
}

/** The full ownership map document (`docs/routes/<env>.md`). */
export function routeMapMarkdown(map: RouteMap): string {
  const out: string[] = [
    generatedBanner("npm run routes"),
    "",
    `# Route ownership map: ${map.environment}`,
    "",
    mdTable(
      ["Setting", "Value"],
      [
        ["Domain", code(map.domain)],
        ["Region / tier", `${map.region} / ${map.tier}`],
        ["Shared-services account", map.sharedServicesAccount],
        ["Default throttle", `${formatThrottle(map.defaultThrottle)} (edge.throttling)`],
      ],
    ),
    "",
    "Throttle precedence: route override > app > environment default. Usage-plan limits apply per API key on top.",
    "",
    "## Base paths",
    "",
  ];
  if (map.apps.length === 0) {
    out.push("_No apps are deployed in this environment._", "");
  } else {
    out.push(
      mdTable(
        ["Base path", "App", "Team", "Contact", "Workload account", "Version", "Routes"],
        map.apps.map((a) => [code(`/${a.basePath}`), a.name, a.owner.team, a.owner.contact, a.account, a.version, a.routes.length]),
      ),
      "",
    );
  }
  out.push(...nextPromotionMarkdown(map));
  for (const a of map.apps) {
    out.push(`## ${code(`/${a.basePath}`)}: ${a.name}`, "");
    if (a.description) out.push(a.description, "");
    out.push(
      `- Owner: ${a.owner.team} (${a.owner.contact})`,
      `- Workload account: ${a.account}`,
      `- Version: ${a.version}${a.releases ? ` (releases: ${a.releases.join(", ")})` : ""}`,
      `- Base URL: ${code(a.baseUrl)}`,
      ...(a.private ? [`- Private API: only through the interface endpoints ${a.private.endpoints.map((e) => `${e.name} (${code(e.id)}, account ${e.account})`).join(", ")}`] : []),
      `- Stage throttle: ${formatThrottle(a.throttle)}`,
      `- API: ${a.api.kind === "http" ? `HTTP API (apigatewayv2), no WAF: ${a.api.wafExemptReason ?? "(no reason)"}` : "REST API, WAF on the stage"}`,
      `- Authorizer: ${a.usesAuthorizer ? (a.api.kind === "http" ? "JWT authorizer of the HTTP API (platform issuer and audience; a token needs the route's scope)" : "shared JWT authorizer") : "none (every route is public)"}`,
      `- Backend: ${a.backend.description}`,
    );
    if (a.ingressPort !== undefined) out.push(`- Platform NLB port: ${a.ingressPort}`);
    if (a.allowNestedBasePath) out.push("- Nested base path: allowed (allowNestedBasePath)");
    for (const p of a.usagePlans) out.push(`- Usage plan ${code(p.name)}: ${formatThrottle(p.throttle)}, quota ${p.quota}, API keys ${p.apiKeys.map(code).join(", ")}`);
    out.push(
      "",
      mdTable(
        ["Method", "Public URL", "Auth", "Throttle", "Backend"],
        a.routes.map((r) => [r.method, code(r.url), `${formatAuth(r.auth)}${r.generated ? " (generated)" : ""}`, formatThrottle(r.throttle), r.backend ?? "mock (gateway)"]),
      ),
      "",
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** The backend line of an HTTP API app: the same backend, integrated the HTTP API way (modules/http-api.ts). */
function httpBackendDescription(app: Environment["apps"][number]): string {
  const base = BACKENDS[app.backend.kind].describe(app);
  return app.backend.kind === "lambda" ? base.replace(/AWS_PROXY$/, "Lambda proxy, payload 2.0") : `${base}, from the HTTP API through a VPC link v2 to its platform NLB listener`;
}
