/**
 * Canary releases of an app's next version on its stage.
 *
 *   deployApp(orders, { version: "1.4.0", canary: { version: "1.5.0", percentTraffic: 10 }, ... })
 *
 * The stage keeps serving the pin (1.4.0) from its main deployment; `percentTraffic` % of its
 * requests go to a second deployment built from the routes of `canary.version` (1.5.0). What the
 * canary serves is therefore "the environment as if the pin were 1.5.0": it is validated exactly
 * like that (the whole environment, re-resolved at the canary's version), and its problems are
 * reported under `apps[i].canary.version`. `npm run canary -- promote|rollback` ends it
 * (ops/canary.ts).
 *
 * AWS rules encoded here (API Gateway Developer Guide, "Set up an API Gateway canary release
 * deployment"; API Reference, "CanarySettings"): percentTraffic is a double 0.0-100.0 (schema);
 * a stage has at most one canary (one `canary` per app, one stage per app: by shape);
 * `useStageCache` needs a stage cache. Rules of this project: the shared TOKEN authorizer sees
 * the same stage for canary and main requests (a TOKEN authorizer gets no stage variables), so a
 * route may not change its scopes or public-ness between the two versions; with `useStageCache`
 * the two deployments share cache entries, so a cached route may not differ between them.
 */
import type { App, CanaryConfig, Environment, Route } from "./schema";
import type { ConfigProblem } from "./rules";
import { compareVersions, declaredVersions, diffRoutes, routeKey } from "./versions";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const isObj = (v: unknown): v is Record<string, Raw> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A validated canary with the app as of its version (what the canary deployment is built from). */
export interface ResolvedCanary extends CanaryConfig {
  /** The app resolved at `version`: routes, OpenAPI document, everything the canary body is built from. */
  readonly app: App;
}

const CANARY_APP = Symbol("canary-app");

/** The app's canary with the app as of the canary's version; undefined when the app has none. */
export function canaryOf(app: App): ResolvedCanary | undefined {
  if (!app.canary) return undefined;
  const resolved = (app.canary as Raw)[CANARY_APP] as App | undefined;
  if (!resolved) throw new Error(`app '${app.name}': canary ${app.canary.version} is not resolved (load the environment through validateEnvironment)`);
  return { ...app.canary, app: resolved };
}

/** Field-level rules on the RAW input (any field may be missing or of the wrong type). */
export function canaryRawProblems(env: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (!isObj(env) || !Array.isArray(env.apps)) return out;
  env.apps.forEach((app: Raw, i: number) => {
    if (!isObj(app) || !isObj(app.canary)) return;
    const at = `apps[${i}].canary`;
    const declared = declaredVersions(app);
    const v = app.canary.version;
    if (declared === undefined) {
      out.push({ path: `${at}.version`, message: "a canary serves another release of the app: the app declares no releases (add `releases: [...]` to its definition)", value: v });
    } else if (typeof v === "string" && declared.includes(v) && typeof app.version === "string" && declared.includes(app.version) && compareVersions(v, app.version) <= 0) {
      out.push({ path: `${at}.version`, message: `must be a later release than the pinned version (${app.version}): a canary tries the next version`, value: v });
    } else if (typeof v === "string" && !declared.includes(v)) {
      out.push({ path: `${at}.version`, message: `must name a release of app '${app.name}' (declared: ${declared.join(", ") || "none"})`, value: v });
    }
    if (app.canary.useStageCache === true && app.cache === undefined) {
      out.push({ path: `${at}.useStageCache`, message: "the stage has no cache to share (set apps[].cache, or leave useStageCache off)", value: true });
    }
  });
  return out;
}

/** The raw input as if every canary had been promoted... only for app `i` (the others lose their canary). */
export function shadowInput(raw: Raw, i: number): Raw {
  return {
    ...raw,
    apps: raw.apps.map((a: Raw, k: number) => {
      if (!isObj(a)) return a;
      const { canary, ...rest } = a;
      return k === i ? { ...rest, version: canary.version } : rest;
    }),
  };
}

/** Rules that need both resolved route sets: the main pin's and the canary version's. */
export function canaryRouteProblems(main: App, canary: App, i: number): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const at = `apps[${i}].canary`;
  const before = new Map(main.routes.map((r) => [routeKey(r), r]));
  for (const r of canary.routes) {
    const old = before.get(routeKey(r));
    if (!old) continue;
    const auth = (x: Route) => JSON.stringify({ public: x.public !== undefined, scopes: [...(x.scopes ?? [])].sort() });
    if (auth(old) !== auth(r)) {
      out.push({
        path: `${at}.version`,
        message: `${routeKey(r)} changes its scopes or public-ness between ${main.version} and ${canary.version}: the shared authorizer cannot tell canary requests from main ones (same API, same stage) — release the scope change without a canary, or in a version of its own`,
        value: canary.version,
      });
    }
  }
  if (main.canary?.useStageCache) {
    // a cached route the two versions answer differently would serve one version's responses to the other's callers
    const d = diffRoutes(main.routes.filter((r) => r.cache), canary.routes.filter((r) => r.cache));
    const differing = [...d.added, ...d.removed, ...d.changed].map((r) => routeKey(r));
    if (differing.length) out.push({ path: `${at}.useStageCache`, message: `the canary and the stage would share cache entries of routes that differ between ${main.version} and ${canary.version} (${differing.join(", ")}): leave useStageCache off`, value: true });
  }
  return out;
}

/**
 * Validates what every canary serves (the environment re-resolved at the canary's version) and
 * returns the problems (as `apps[i].canary.version: at 1.5.0: <path>: <message>`) and, when there
 * are none, the environment with each canary's resolved app attached.
 */
export function resolveCanaries(
  raw: Raw,
  env: Environment | undefined,
  validate: (input: unknown) => { ok: true; env: Environment } | { ok: false; problems: ConfigProblem[] },
): { problems: ConfigProblem[]; env?: Environment } {
  const problems: ConfigProblem[] = [];
  if (!isObj(raw) || !Array.isArray(raw.apps)) return { problems, env };
  const resolved = new Map<number, App>();
  raw.apps.forEach((app: Raw, i: number) => {
    if (!isObj(app) || !isObj(app.canary) || typeof app.canary.version !== "string") return;
    const shadow = validate(shadowInput(raw, i));
    if (!shadow.ok) {
      for (const p of shadow.problems) problems.push({ path: `apps[${i}].canary.version`, message: `at ${app.canary.version}: ${p.path || "(root)"}: ${p.message}`, value: p.value });
      return;
    }
    resolved.set(i, shadow.env.apps[i]);
  });
  if (!env || problems.length) return { problems, env: undefined };
  for (const [i, c] of resolved) problems.push(...canaryRouteProblems(env.apps[i], c, i));
  if (problems.length) return { problems };
  const apps = env.apps.map((a, i) => {
    const c = resolved.get(i);
    if (!c || !a.canary) return a;
    const canary = { ...a.canary };
    // not enumerable: JSON dumps of the environment (route map, reports) stay the config as written
    Object.defineProperty(canary, CANARY_APP, { value: c, enumerable: false });
    return { ...a, canary };
  });
  return { problems, env: { ...env, apps } };
}

/** `canary 10 % → version 1.5.0` (plan summary, route map, status). */
export function canaryLine(c: Pick<CanaryConfig, "percentTraffic" | "version">): string {
  return `canary ${c.percentTraffic} % → version ${c.version}`;
}
