import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";

/** Methods a REST API `ANY` method stands for (expanded so `*` never spans the method segment). */
export const HTTP_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;
export type RouteMethod = (typeof HTTP_METHODS)[number] | "ANY";

export interface RouteRule {
  readonly method: RouteMethod;
  /** API Gateway resource path, e.g. `/orders/{id}` or `/orders/{proxy+}`. */
  readonly path: string;
  /** All of these scopes are required; empty = any valid token. */
  readonly scopes: readonly string[];
}

export interface RouteTable {
  readonly version: 1;
  readonly app: string;
  readonly routes: readonly RouteRule[];
}

/** Supplies the route table for one REST API id. Throw (or reject) when it cannot be read. */
export type RouteLoader = (apiId: string) => Promise<RouteTable>;

export class RouteTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RouteTableError";
  }
}

const LITERAL_SEGMENT = /^[A-Za-z0-9._~!$&'()+,;=:@-]+$/;
const PARAM_SEGMENT = /^\{[A-Za-z0-9._-]+\}$/;
const GREEDY_SEGMENT = /^\{[A-Za-z0-9._-]+\+\}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // RFC 6749 scope-token

export function validateRoutePath(path: string): void {
  if (path === "/") return;
  if (!path.startsWith("/") || path.endsWith("/")) {
    throw new RouteTableError(`route path must start with "/" and not end with "/": ${JSON.stringify(path)}`);
  }
  const segs = path.slice(1).split("/");
  segs.forEach((seg, i) => {
    const ok =
      LITERAL_SEGMENT.test(seg) || PARAM_SEGMENT.test(seg) || (GREEDY_SEGMENT.test(seg) && i === segs.length - 1);
    if (!ok) throw new RouteTableError(`invalid segment ${JSON.stringify(seg)} in route path ${JSON.stringify(path)}`);
  });
}

/** Strict parse of the SSM JSON document. Any defect rejects the whole table (fail closed). */
export function parseRouteTable(json: string): RouteTable {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new RouteTableError("route table is not valid JSON");
  }
  const d = doc as { version?: unknown; app?: unknown; routes?: unknown } | null;
  if (d === null || typeof d !== "object") throw new RouteTableError("route table must be an object");
  if (d.version !== 1) throw new RouteTableError("route table version must be 1");
  if (typeof d.app !== "string" || d.app === "") throw new RouteTableError("route table app must be a string");
  if (!Array.isArray(d.routes)) throw new RouteTableError("route table routes must be an array");
  const routes = d.routes.map((r: unknown, i: number): RouteRule => {
    const rr = r as { method?: unknown; path?: unknown; scopes?: unknown } | null;
    if (rr === null || typeof rr !== "object") throw new RouteTableError(`routes[${i}] must be an object`);
    const method = typeof rr.method === "string" ? rr.method.toUpperCase() : "";
    if (method !== "ANY" && !(HTTP_METHODS as readonly string[]).includes(method)) {
      throw new RouteTableError(`routes[${i}].method is invalid`);
    }
    if (typeof rr.path !== "string") throw new RouteTableError(`routes[${i}].path must be a string`);
    validateRoutePath(rr.path);
    if (!Array.isArray(rr.scopes) || !rr.scopes.every((s) => typeof s === "string" && SCOPE.test(s))) {
      throw new RouteTableError(`routes[${i}].scopes must be an array of scope tokens`);
    }
    return { method: method as RouteMethod, path: rr.path, scopes: [...(rr.scopes as string[])] };
  });
  return { version: 1, app: d.app, routes };
}

/** Minimal surface of SSMClient we use (lets tests pass a fake without AWS). */
export interface SsmLike {
  send(command: GetParameterCommand, options?: { abortSignal?: AbortSignal }): Promise<{ Parameter?: { Value?: string } }>;
}

/**
 * Settles within `ms` whatever `run` does: the signal aborts the underlying request (the pinned
 * SDK's `requestTimeout` only logs a warning and keeps waiting), and the race guarantees the
 * caller is released even if something ignores the signal.
 */
export async function withDeadline<T>(ms: number, what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${what} exceeded its ${ms} ms deadline`);
      err.name = "DeadlineExceeded";
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export const API_ID = /^[a-z0-9]{1,32}$/;

/** Default loader: SSM String parameter `${prefix}${apiId}` holding the route table JSON, read within `timeoutMs`. */
export function ssmRouteLoader(prefix: string, client?: SsmLike, timeoutMs = 1500): RouteLoader {
  let ssm = client;
  return async (apiId) => {
    if (!API_ID.test(apiId)) throw new RouteTableError("invalid api id");
    ssm ??= new SSMClient({
      maxAttempts: 2,
      requestHandler: { connectionTimeout: Math.min(1000, timeoutMs), requestTimeout: timeoutMs },
    }) as unknown as SsmLike;
    const reader = ssm;
    const out = await withDeadline(timeoutMs, "SSM GetParameter", (abortSignal) =>
      reader.send(new GetParameterCommand({ Name: `${prefix}${apiId}` }), { abortSignal }),
    );
    const value = out.Parameter?.Value;
    if (typeof value !== "string") throw new RouteTableError("route parameter has no value");
    return parseRouteTable(value);
  };
}

/** Loader wrapped from an in-memory map (tests, benchmarks, local runs). */
export function staticRouteLoader(tables: Readonly<Record<string, RouteTable | string>>): RouteLoader {
  return async (apiId) => {
    const t = Object.prototype.hasOwnProperty.call(tables, apiId) ? tables[apiId] : undefined;
    if (t === undefined) throw new RouteTableError(`no route table for ${apiId}`);
    return typeof t === "string" ? parseRouteTable(t) : parseRouteTable(JSON.stringify(t));
  };
}

const FAILURE_CACHE_MS = 5_000;

/**
 * Per-apiId cache in front of a loader: successes are kept `ttlSeconds`, concurrent
 * misses share one load, and failures are remembered for a few seconds so a broken
 * or throttled SSM parameter is not re-read on every request. Stale tables are never
 * served after a failed refresh (fail closed).
 */
export class CachedRoutes {
  private readonly entries = new Map<
    string,
    { at: number; table?: RouteTable; error?: unknown; pending?: Promise<RouteTable> }
  >();

  constructor(
    private readonly loader: RouteLoader,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(apiId: string): Promise<RouteTable> {
    const now = this.now();
    const e = this.entries.get(apiId);
    if (e?.pending) return e.pending;
    if (e?.table && now - e.at < this.ttlSeconds * 1000) return Promise.resolve(e.table);
    if (e?.error !== undefined && now - e.at < Math.min(FAILURE_CACHE_MS, this.ttlSeconds * 1000)) {
      return Promise.reject(e.error);
    }
    const pending = Promise.resolve()
      .then(() => this.loader(apiId))
      .then(
        (table) => {
          this.entries.set(apiId, { at: this.now(), table });
          return table;
        },
        (error: unknown) => {
          this.entries.set(apiId, { at: this.now(), error });
          throw error;
        },
      );
    this.entries.set(apiId, { at: now, pending });
    return pending;
  }
}
