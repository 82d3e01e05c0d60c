/**
 * Versioned app definitions: one app file, every version of its API.
 *
 * An app's definition (environments/apps/<app>.ts) may declare a release log and mark its routes
 * with the release that introduced, changed or retired them:
 *
 *   releases: [{ version: "1.4.0" }, { version: "1.5.0", notes: "cancel an order" }],
 *   routes: [
 *     { method: "DELETE", path: "/{orderId}", scopes: ["orders:write"], since: "1.5.0" },
 *     { method: "GET", path: "/legacy", scopes: [], until: "1.5.0" },          // gone in 1.5.0
 *     { method: "POST", path: "/", scopes: ["orders:write"],
 *       changes: [{ since: "1.5.0", set: { throttling: { rateLimit: 50, burstLimit: 100 } } }] },
 *   ]
 *
 * A route's own fields are the route as it was introduced; `changes` apply in order from their
 * version on (`set` replaces fields, `unset` removes optional ones). A route exists for
 * `since <= pin < until`. Resolution runs on the RAW environment input before validation
 * (config/load.ts), so the schema, the cross-field rules and every consumer after them — stacks,
 * OpenAPI, authorizer route table, route map, docs, cost — see only the routes of the pinned
 * version. Apps without `releases` are unversioned: every pin builds the same routes.
 */
import { routeSchema } from "./schema";
import type { ConfigProblem } from "./problem";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Compares semantic versions (x.y.z[-pre]); a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(v.trim());
    if (!m) throw new Error(`not a semantic version: '${v}'`);
    return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] < y.nums[i] ? -1 : 1;
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  const xs = x.pre.split(".");
  const ys = y.pre.split(".");
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    if (xs[i] === undefined) return -1;
    if (ys[i] === undefined) return 1;
    const xn = /^\d+$/.test(xs[i]);
    const yn = /^\d+$/.test(ys[i]);
    if (xn && yn && Number(xs[i]) !== Number(ys[i])) return Number(xs[i]) < Number(ys[i]) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    if (xs[i] !== ys[i]) return xs[i] < ys[i] ? -1 : 1;
  }
  return 0;
}

/** The route fields that versioning owns (never part of a resolved route). */
export const VERSIONING_FIELDS = ["since", "until", "changes"] as const;
/** What a change may not touch: another method or path is another route (retire it, add the new one). */
const IDENTITY_FIELDS = ["method", "path"];
const changeSetSchema = routeSchema.omit({ method: true, path: true }).partial();

export interface ResolvedInput {
  /** The input with every versioned app's routes resolved at its pin (versioning fields removed). */
  readonly input: Raw;
  readonly problems: ConfigProblem[];
  /** Per app index: resolved route index → index in the app file (for field paths). */
  readonly routeOrigin: ReadonlyMap<number, readonly number[]>;
}

const isObj = (v: unknown): v is Record<string, Raw> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The declared versions of an app definition (its `releases`), in file order; undefined = unversioned. */
export function declaredVersions(app: Raw): string[] | undefined {
  if (!isObj(app) || app.releases === undefined) return undefined;
  return Array.isArray(app.releases) ? app.releases.map((r: Raw) => (isObj(r) ? r.version : undefined)).filter((v: unknown): v is string => typeof v === "string") : [];
}

/**
 * Resolves one app's routes at `version`. `at` is the app's field path (`apps[0]`).
 * Returns the routes that exist at that version with their changes applied, and every problem
 * of the app's versioning (checked for all releases, not only the pinned one).
 */
export function resolveAppRoutes(app: Raw, version: unknown, at = "app"): { routes: Raw[] | undefined; origin: number[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string, value: unknown): false => {
    problems.push({ path, message, value });
    return false;
  };
  if (!isObj(app) || !Array.isArray(app.routes)) return { routes: undefined, origin: [], problems };
  const declared = declaredVersions(app);
  const routes: Raw[] = app.routes;

  if (declared === undefined) {
    routes.forEach((r, j) => {
      if (!isObj(r)) return;
      for (const f of VERSIONING_FIELDS) if (r[f] !== undefined) add(`${at}.routes[${j}].${f}`, "the app declares no releases: add `releases: [{ version }, ...]` to its definition to version its routes", r[f]);
    });
    return { routes, origin: routes.map((_r, j) => j), problems };
  }

  // --- the release log
  if (!Array.isArray(app.releases) || app.releases.length === 0) {
    add(`${at}.releases`, "must list at least one release ({ version, notes? })", app.releases);
    return { routes, origin: routes.map((_r, j) => j), problems };
  }
  const known = new Set<string>();
  let previous: string | undefined;
  app.releases.forEach((r: Raw, k: number) => {
    const p = `${at}.releases[${k}]`;
    if (!isObj(r)) return void add(p, "must be an object { version, notes? }", r);
    for (const key of Object.keys(r)) if (key !== "version" && key !== "notes") add(`${p}.${key}`, "unknown field", r[key]);
    if (r.notes !== undefined && typeof r.notes !== "string") add(`${p}.notes`, "must be a string", r.notes);
    if (typeof r.version !== "string" || !SEMVER.test(r.version)) return void add(`${p}.version`, "must be a semantic version like 1.4.0", r.version);
    if (known.has(r.version)) return void add(`${p}.version`, "duplicate release", r.version);
    if (previous && compareVersions(r.version, previous) < 0) add(`${p}.version`, `releases must be listed oldest first (comes after ${previous})`, r.version);
    known.add(r.version);
    previous = r.version;
  });
  const list = [...known].sort(compareVersions).join(", ");
  const isDeclared = (v: unknown, path: string): v is string => {
    if (typeof v === "string" && known.has(v)) return true;
    add(path, `must name a release of app '${app.name}' (declared: ${list || "none"})`, v);
    return false;
  };
  const pin = typeof version === "string" && SEMVER.test(version) ? version : undefined;
  if (pin !== undefined) isDeclared(pin, `${at}.version`);
  const pinKnown = pin !== undefined && known.has(pin);

  // --- each route's since / until / changes (all checked; applied at the pin)
  const out: Raw[] = [];
  const origin: number[] = [];
  routes.forEach((r: Raw, j: number) => {
    const p = `${at}.routes[${j}]`;
    if (!isObj(r)) {
      out.push(r);
      origin.push(j);
      return;
    }
    const since = r.since === undefined || isDeclared(r.since, `${p}.since`) ? r.since : null;
    const until = r.until === undefined || isDeclared(r.until, `${p}.until`) ? r.until : null;
    if (typeof since === "string" && typeof until === "string" && compareVersions(since, until) >= 0) add(`${p}.until`, `must be a later release than since (${since})`, until);
    const changes: Raw[] = [];
    let lastSince: string | undefined;
    if (r.changes !== undefined && !Array.isArray(r.changes)) add(`${p}.changes`, "must be a list of { since, set?, unset? }", r.changes);
    (Array.isArray(r.changes) ? r.changes : []).forEach((c: Raw, k: number) => {
      const cp = `${p}.changes[${k}]`;
      if (!isObj(c)) return void add(cp, "must be an object { since, set?, unset? }", c);
      for (const key of Object.keys(c)) if (!["since", "set", "unset"].includes(key)) add(`${cp}.${key}`, "unknown field", c[key]);
      if (c.set === undefined && c.unset === undefined) add(cp, "a change needs set or unset", c);
      let ok = isDeclared(c.since, `${cp}.since`);
      if (ok && typeof since === "string" && compareVersions(c.since, since) <= 0) ok = add(`${cp}.since`, `must be a later release than the route's since (${since})`, c.since);
      if (ok && typeof until === "string" && compareVersions(c.since, until) >= 0) ok = add(`${cp}.since`, `must be an earlier release than the route's until (${until})`, c.since);
      if (ok && lastSince && compareVersions(c.since, lastSince) <= 0) ok = add(`${cp}.since`, `changes must be listed oldest first, one per release (comes after ${lastSince})`, c.since);
      if (typeof c.since === "string" && known.has(c.since)) lastSince = c.since;
      if (c.set !== undefined) {
        if (!isObj(c.set)) ok = add(`${cp}.set`, "must be an object of route fields", c.set);
        else {
          for (const key of Object.keys(c.set)) if (IDENTITY_FIELDS.includes(key) || (VERSIONING_FIELDS as readonly string[]).includes(key)) ok = add(`${cp}.set.${key}`, key === "method" || key === "path" ? "a change cannot move a route: retire it (until) and add the new one (since)" : "not a route property", c.set[key]);
          const parsed = changeSetSchema.safeParse(Object.fromEntries(Object.entries(c.set).filter(([key]) => !IDENTITY_FIELDS.includes(key) && !(VERSIONING_FIELDS as readonly string[]).includes(key))));
          if (!parsed.success) {
            ok = false;
            for (const issue of parsed.error.issues) {
              const keys = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
              for (const segs of keys) add(`${cp}.set${segs.map((s) => (typeof s === "number" ? `[${s}]` : `.${String(s)}`)).join("")}`, issue.code === "unrecognized_keys" ? "unknown field" : issue.message, valueAt(c.set, segs));
            }
          }
        }
      }
      if (c.unset !== undefined) {
        const optional = Object.keys(changeSetSchema.shape);
        if (!Array.isArray(c.unset)) ok = add(`${cp}.unset`, "must be a list of route property names", c.unset);
        else c.unset.forEach((u: unknown, m: number) => {
          if (typeof u !== "string" || !optional.includes(u)) ok = add(`${cp}.unset[${m}]`, `must name an optional route property (${optional.join(", ")})`, u);
        });
      }
      if (ok) changes.push(c);
    });
    if (!pinKnown || since === null || until === null) {
      // nothing to resolve against: keep the route as written (the problems above stop the run)
      out.push(stripVersioning(r));
      origin.push(j);
      return;
    }
    if (typeof since === "string" && compareVersions(pin!, since) < 0) return;
    if (typeof until === "string" && compareVersions(pin!, until) >= 0) return;
    let route = stripVersioning(r);
    for (const c of changes) {
      if (compareVersions(pin!, c.since) < 0) break;
      route = { ...route, ...(c.set ?? {}) };
      for (const u of c.unset ?? []) delete route[u];
    }
    out.push(route);
    origin.push(j);
  });
  return { routes: out, origin, problems };
}

function stripVersioning(r: Raw): Raw {
  const { since: _s, until: _u, changes: _c, ...rest } = r; // eslint-disable-line @typescript-eslint/no-unused-vars
  return rest;
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let v: Raw = root;
  for (const s of segments) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[s as string];
  }
  return v;
}

/** Resolves every app of a raw environment input at its pin; never mutates the input. */
export function resolveEnvironmentVersions(raw: Raw): ResolvedInput {
  const problems: ConfigProblem[] = [];
  const routeOrigin = new Map<number, number[]>();
  if (!isObj(raw) || !Array.isArray(raw.apps)) return { input: raw, problems, routeOrigin };
  const apps = raw.apps.map((app: Raw, i: number) => {
    const r = resolveAppRoutes(app, isObj(app) ? app.version : undefined, `apps[${i}]`);
    problems.push(...r.problems);
    if (!r.routes) return app;
    routeOrigin.set(i, r.origin);
    return { ...app, routes: r.routes };
  });
  return { input: { ...raw, apps }, problems, routeOrigin };
}

/** Maps `apps[i].routes[j]` of the resolved input back to the route's index in the app file. */
export function originalRoutePath(path: string, routeOrigin: ReadonlyMap<number, readonly number[]>): string {
  return path.replace(/^apps\[(\d+)\]\.routes\[(\d+)\]/, (m, i, j) => {
    const orig = routeOrigin.get(Number(i))?.[Number(j)];
    return orig === undefined ? m : `apps[${i}].routes[${orig}]`;
  });
}

/** Same for `routes[j]` mentioned in a message about app `i` ("duplicate route (also routes[2])"). */
export function originalRouteMessage(path: string, message: string, routeOrigin: ReadonlyMap<number, readonly number[]>): string {
  const m = /^apps\[(\d+)\]/.exec(path);
  if (!m) return message;
  const map = routeOrigin.get(Number(m[1]));
  return map ? message.replace(/\broutes\[(\d+)\]/g, (s, j) => (map[Number(j)] === undefined ? s : `routes[${map[Number(j)]}]`)) : message;
}

/* ------------------------------------------------------------------ route-level difference */

/** What identifies a route: method and path. */
export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

export interface RouteFieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface RouteDiff {
  readonly added: readonly Raw[];
  readonly removed: readonly Raw[];
  readonly changed: readonly { readonly method: string; readonly path: string; readonly fields: readonly RouteFieldChange[] }[];
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x) => (isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));

/** Route-level difference from `before` to `after`: every route property is compared (scopes, public, throttling, validate, …). */
export function diffRoutes(before: readonly Raw[], after: readonly Raw[]): RouteDiff {
  const b = new Map(before.map((r) => [routeKey(r), r]));
  const a = new Map(after.map((r) => [routeKey(r), r]));
  const added = after.filter((r) => !b.has(routeKey(r)));
  const removed = before.filter((r) => !a.has(routeKey(r)));
  const changed: RouteDiff["changed"][number][] = [];
  for (const r of after) {
    const old = b.get(routeKey(r));
    if (!old) continue;
    const fields = [...new Set([...Object.keys(old), ...Object.keys(r)])]
      .filter((f) => !IDENTITY_FIELDS.includes(f) && stable(old[f]) !== stable(r[f]))
      .sort()
      .map((f) => ({ field: f, before: old[f], after: r[f] }));
    if (fields.length) changed.push({ method: r.method, path: r.path, fields });
  }
  return { added, removed, changed };
}

export const isEmptyDiff = (d: RouteDiff) => d.added.length + d.removed.length + d.changed.length === 0;

/** One line per route property that is not its identity: `scopes: orders:write`. */
export function describeRoute(r: Raw): string {
  const parts = Object.keys(r)
    .filter((f) => !IDENTITY_FIELDS.includes(f))
    .sort()
    .map((f) => `${f} ${show(r[f])}`);
  return `${routeKey(r)}${parts.length ? ` (${parts.join("; ")})` : ""}`;
}

export function show(v: unknown): string {
  if (v === undefined) return "(unset)";
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return `[${v.join(", ")}]`;
  if (isObj(v)) return `{ ${Object.keys(v).sort().map((k) => `${k}: ${show(v[k])}`).join(", ")} }`;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Human lines of a route difference: `+ DELETE /{orderId} (scopes [orders:write])`, `~ POST / throttling: … → …`. */
export function formatRouteDiff(d: RouteDiff): string[] {
  return [
    ...d.added.map((r) => `+ ${describeRoute(r)}`),
    ...d.removed.map((r) => `- ${describeRoute(r)}`),
    ...d.changed.flatMap((c) => c.fields.map((f) => `~ ${c.method} ${c.path} ${f.field}: ${show(f.before)} → ${show(f.after)}`)),
  ];
}
