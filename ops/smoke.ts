/**
 * npm run smoke -- --env X: a post-apply check of what every route of every app promises
 * callers, over HTTPS through the custom domain (what a client meets):
 *
 *   no token           protected route → 401            public route → not 401/403
 *   wrong-scope token  route with scopes → 403          route with `scopes: []` → not 401/403
 *   right token        → not 401/403 (the authorizer let it through; the backend answers)
 *   burst past a tiny throttle (burstLimit ≤ 10) → at least one 429
 *
 * Tokens are the user's (never in code, never printed): `--token T` or `--token-env VAR` holds
 * every scope; `--scope-token SCOPE=VAR` a token for one scope (used for the routes needing only
 * that scope); `--wrong-token-env VAR` a valid token holding none of the routes' scopes. A check
 * whose token is missing is `skipped` (and says which flag would run it). Right-token requests
 * on POST/PUT/PATCH/DELETE reach the backend, so they are sent only with `--include-unsafe`
 * (401/403 checks are always safe: the gateway answers them before any backend).
 *
 * On an emulator environment (moto) nothing can be sent: moto_server does not serve REST APIs
 * over HTTP (it mocks HTTP integrations only in-process) and runs no Lambda authorizer, so every
 * check is printed as "not checkable in moto" — never as passed.
 *
 * Exit 0 every check that ran passed, 1 a failure, 64 usage (cli/).
 */
import type { Environment, Route } from "../config/schema";
import { isKeyed } from "../config/gateway-rules";
import * as path from "node:path";
import { EXIT, UsageError, list, parseCommandFlags } from "../cli";
import { listEnvironmentFiles, loadEnvironmentFile } from "../config/load";

export type Expectation = { readonly status: 401 | 403 | 429 } | { readonly not: readonly number[] };
export type TokenKind = "none" | "wrong" | "right";

export interface SmokeCheck {
  readonly app: string;
  readonly method: Route["method"];
  /** The route as configured (`/{orderId}`). */
  readonly route: string;
  /** What is requested: base path + route with sample path values. */
  readonly url: string;
  readonly token: TokenKind;
  /** Scopes the right token must hold. */
  readonly scopes: readonly string[];
  readonly expect: Expectation;
  /** For throttle checks: requests sent at once. */
  readonly burst?: number;
  /** Why it cannot run (missing token, unsafe method, emulator). */
  readonly skip?: string;
  readonly label: string;
}

/** A throttle this small can be crossed by a smoke test without load. */
export const TINY_BURST = 10;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE", "ANY"]);

/** Sample values for path variables (`{orderId}` → `smoke-orderId`, `{proxy+}` → `smoke/proxy`). */
export function samplePath(route: string): string {
  return route.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\+\}/g, "smoke/$1").replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, "smoke-$1");
}

export interface TokenSet {
  /** A token with every scope. */
  readonly all?: string;
  /** Tokens with exactly one scope. */
  readonly byScope?: Readonly<Record<string, string>>;
  /** A valid token with none of the routes' scopes. */
  readonly wrong?: string;
}

export interface DeriveOptions {
  readonly baseUrl?: string;
  readonly tokens: TokenSet;
  readonly includeUnsafe?: boolean;
  /** Only these apps. @default all */
  readonly apps?: readonly string[];
}

/** The token a right-token check uses for `scopes`, or undefined. */
export function tokenFor(scopes: readonly string[], tokens: TokenSet): string | undefined {
  if (scopes.length === 1 && tokens.byScope?.[scopes[0]]) return tokens.byScope[scopes[0]];
  return tokens.all;
}

/** Every check of every route of every app, with its expected outcome. */
export function deriveChecks(env: Environment, opts: DeriveOptions): SmokeCheck[] {
  const base = (opts.baseUrl ?? `https://${env.domain.name}`).replace(/\/$/, "");
  const out: SmokeCheck[] = [];
  const emulator = env.emulator ? "not checkable in moto: moto_server does not serve REST APIs over HTTP and runs no Lambda authorizer" : undefined;
  for (const app of env.apps) {
    if (opts.apps?.length && !opts.apps.includes(app.name)) continue;
    for (const r of app.routes) {
      const method = r.method;
      const url = `${base}/${app.basePath}${samplePath(r.path) === "/" ? "/" : samplePath(r.path)}`;
      const scopes = r.scopes ?? [];
      const keyed = isKeyed(app, r);
      const at = `${app.name} ${method} ${r.path}`;
      const add = (c: Omit<SmokeCheck, "app" | "method" | "route" | "url" | "scopes" | "label">, what: string) =>
        out.push({ app: app.name, method, route: r.path, url, scopes, ...c, skip: emulator ?? c.skip, label: `${at}: ${what}` });
      const keySkip = keyed ? "needs a partner API key (x-api-key): not sent by the smoke test" : undefined;
      if (r.public) {
        add({ token: "none", expect: { not: [401, 403] }, skip: keySkip }, "public, no token → not 401/403");
        continue;
      }
      add({ token: "none", expect: { status: 401 } }, "no token → 401");
      if (scopes.length) add({ token: "wrong", expect: { status: 403 }, skip: opts.tokens.wrong ? undefined : "needs --wrong-token-env (a valid token without the route's scopes)" }, `wrong scope → 403`);
      else add({ token: "wrong", expect: { not: [401, 403] }, skip: opts.tokens.wrong ? undefined : "needs --wrong-token-env" }, "any valid token → not 401/403");
      const right = tokenFor(scopes, opts.tokens);
      const rightSkip = keySkip ?? (!right ? `needs --token/--token-env${scopes.length === 1 ? ` or --scope-token ${scopes[0]}=VAR` : ""}` : UNSAFE.has(method) && !opts.includeUnsafe ? `${method} reaches the backend: run with --include-unsafe` : undefined);
      add({ token: "right", expect: { not: [401, 403] }, skip: rightSkip }, `token with ${scopes.join(" ") || "any scope"} → not 401/403`);
      const t = r.throttling ?? app.throttling;
      if (t && t.burstLimit <= TINY_BURST) {
        add({ token: "right", expect: { status: 429 }, burst: t.burstLimit + Math.ceil(t.rateLimit) + 5, skip: rightSkip }, `burst past ${t.burstLimit} (${t.rateLimit} rps) → a 429`);
      }
    }
  }
  return out;
}

export type Outcome = "pass" | "fail" | "skipped" | "not checkable";
export interface SmokeResult {
  readonly check: SmokeCheck;
  readonly outcome: Outcome;
  readonly detail: string;
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string> }) => Promise<{ status: number }>;

const defaultFetch: Fetch = async (url, init) => {
  const res = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(15000) });
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status };
};

/** Sends each check's request(s) and compares the status with the expectation. */
export async function runChecks(checks: readonly SmokeCheck[], tokens: TokenSet, send: Fetch = defaultFetch): Promise<SmokeResult[]> {
  const results: SmokeResult[] = [];
  for (const c of checks) {
    if (c.skip) {
      results.push({ check: c, outcome: c.skip.startsWith("not checkable") ? "not checkable" : "skipped", detail: c.skip });
      continue;
    }
    const token = c.token === "none" ? undefined : c.token === "wrong" ? tokens.wrong : tokenFor(c.scopes, tokens);
    const headers: Record<string, string> = { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    const method = c.method === "ANY" ? "GET" : c.method;
    try {
      const statuses = await Promise.all(Array.from({ length: c.burst ?? 1 }, () => send(c.url, { method, headers }).then((r) => r.status)));
      const e = c.expect;
      const pass = "status" in e ? (e.status === 429 ? statuses.includes(429) : statuses[0] === e.status) : !e.not.includes(statuses[0]);
      const got = c.burst ? `statuses ${[...new Set(statuses)].sort().join(", ")} over ${c.burst} requests` : `status ${statuses[0]}`;
      results.push({ check: c, outcome: pass ? "pass" : "fail", detail: got });
    } catch (err) {
      results.push({ check: c, outcome: "fail", detail: `request failed: ${(err as Error).message}` });
    }
  }
  return results;
}

/** Report lines; tokens never appear (only the check's kind of token). */
export function formatResults(results: readonly SmokeResult[]): string[] {
  const mark: Record<Outcome, string> = { pass: "ok  ", fail: "FAIL", skipped: "skip", "not checkable": "n/a " };
  const lines = results.map((r) => `${mark[r.outcome]} ${r.check.label} — ${r.detail}`);
  const n = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  lines.push(`${n("pass")} passed, ${n("fail")} failed, ${n("skipped")} skipped, ${n("not checkable")} not checkable in moto`);
  return lines;
}

/* ------------------------------------------------------------------ command */

export const SMOKE_USAGE = [
  "usage: npm run smoke -- --env X [--config FILE] [--app NAME]... [--token T | --token-env VAR] [--scope-token SCOPE=VAR]... [--wrong-token-env VAR] [--include-unsafe] [--base-url URL] [--list]",
  "  --token / --token-env   a token holding every scope the routes need (prefer --token-env: a flag value shows in the process list)",
  "  --scope-token SCOPE=VAR a token with that one scope, from environment variable VAR (used for routes needing only that scope)",
  "  --wrong-token-env VAR   a valid token without the routes' scopes (runs the 403 checks)",
  "  --include-unsafe        also send right-token POST/PUT/PATCH/DELETE requests (they reach the backend)",
  "  --base-url URL          send to URL instead of https://<domain> (a test gateway)",
  "  --list                  print the checks and their expected outcomes, send nothing",
  "exit: 0 every check that ran passed, 1 a check failed, 64 usage",
].join("\n");

export interface SmokeIo {
  readonly out: (s: string) => void;
  readonly vars: NodeJS.ProcessEnv;
  readonly fetch?: Fetch;
  readonly environmentsDir?: string;
}

export async function smokeMain(argv: string[], io: SmokeIo = { out: (s) => console.log(s), vars: process.env }): Promise<number> {
  const values = parseCommandFlags(
    argv,
    {
      env: { type: "string" },
      config: { type: "string" },
      app: { type: "string", multiple: true },
      token: { type: "string" },
      "token-env": { type: "string" },
      "scope-token": { type: "string", multiple: true },
      "wrong-token-env": { type: "string" },
      "include-unsafe": { type: "boolean" },
      "base-url": { type: "string" },
      list: { type: "boolean" },
    },
    SMOKE_USAGE,
    io.out,
  );
  if (!values) return EXIT.ok;
  if (!values.env && !values.config) throw new UsageError(`--env is required\n\n${SMOKE_USAGE}`);
  if (values.token !== undefined && values["token-env"] !== undefined) throw new UsageError(`--token and --token-env are exclusive\n\n${SMOKE_USAGE}`);
  if (values["base-url"] !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(values["base-url"])) throw new UsageError(`--base-url must be an http(s) URL (got '${values["base-url"]}')\n\n${SMOKE_USAGE}`);
  const fromVar = (flag: string, name: string) => {
    const v = io.vars[name];
    if (!v) throw new UsageError(`${flag} ${name}: the environment variable ${name} is not set or empty\n\n${SMOKE_USAGE}`);
    return v;
  };
  const byScope: Record<string, string> = {};
  for (const s of values["scope-token"] ?? []) {
    const m = /^([^=\s]+)=([A-Za-z_][A-Za-z0-9_]*)$/.exec(s);
    if (!m) throw new UsageError(`--scope-token must be SCOPE=ENV_VAR (got '${s}')\n\n${SMOKE_USAGE}`);
    byScope[m[1]] = fromVar("--scope-token", m[2]);
  }
  const tokens: TokenSet = {
    all: values.token ?? (values["token-env"] !== undefined ? fromVar("--token-env", values["token-env"]) : undefined),
    byScope,
    wrong: values["wrong-token-env"] !== undefined ? fromVar("--wrong-token-env", values["wrong-token-env"]) : undefined,
  };
  const env = loadSmokeEnvironment(values.env, values.config, io.environmentsDir);
  const apps = list(values.app);
  const unknown = apps.filter((a) => !env.apps.some((x) => x.name === a));
  if (unknown.length) throw new UsageError(`unknown app ${unknown.map((a) => `'${a}'`).join(", ")} in ${env.name} (known: ${env.apps.map((a) => a.name).join(", ")})\n\n${SMOKE_USAGE}`);
  const checks = deriveChecks(env, { baseUrl: values["base-url"], tokens, includeUnsafe: values["include-unsafe"], apps });
  if (values.list) {
    for (const c of checks) io.out(`${c.label}${c.skip ? ` [${c.skip}]` : ""}`);
    return EXIT.ok;
  }
  if (env.emulator) io.out(`${env.name} runs on moto: moto_server does not serve REST APIs over HTTP and runs no Lambda authorizer — no check below can be answered there (they are listed, not passed).`);
  const results = await runChecks(checks, tokens, io.fetch);
  for (const l of formatResults(results)) io.out(l);
  return results.some((r) => r.outcome === "fail") ? EXIT.error : EXIT.ok;
}

function loadSmokeEnvironment(name: string | undefined, config: string | undefined, dir?: string): Environment {
  if (config) return loadEnvironmentFile(config);
  const files = listEnvironmentFiles(dir);
  const known = files.map((f) => path.basename(f).replace(/\.(ts|json)$/, ""));
  const file = files[known.indexOf(name!)];
  if (!file) throw new UsageError(`unknown environment '${name}' (known: ${known.join(", ")})\n\n${SMOKE_USAGE}`);
  return loadEnvironmentFile(file);
}
