import { HTTP_METHODS, API_ID, type RouteRule, type RouteTable } from "./routes";

export interface MethodArn {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly method: string;
  /** Request path without the leading "/" ("" for the root resource). */
  readonly path: string;
  /** `arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/` */
  readonly stagePrefix: string;
}

/** `arn:aws:execute-api:<region>:<acct>:<apiId>/<stage>/<METHOD>/<path...>`; undefined if malformed. */
export function parseMethodArn(arn: unknown): MethodArn | undefined {
  if (typeof arn !== "string" || arn.length > 2048) return undefined;
  const m = /^arn:(aws[a-z-]*):execute-api:([a-z0-9-]+):(\d{12}):([^/]+)\/([^/]+)\/([A-Z]+)\/(.*)$/.exec(arn);
  if (!m) return undefined;
  const [, partition, region, accountId, apiId, stage, method, path] = m;
  if (!API_ID.test(apiId) || !/^[A-Za-z0-9_-]+$/.test(stage)) return undefined;
  return {
    partition,
    region,
    accountId,
    apiId,
    stage,
    method,
    path,
    stagePrefix: `arn:${partition}:execute-api:${region}:${accountId}:${apiId}/${stage}/`,
  };
}

/** `/orders/{id}` -> `orders/*`, `/orders/{proxy+}` -> `orders/*`, `/` -> `` */
export function pathPattern(routePath: string): string {
  if (routePath === "/") return "";
  return routePath
    .slice(1)
    .split("/")
    .map((seg) => (seg.startsWith("{") ? "*" : seg))
    .join("/");
}

/** Resource patterns (relative to the stage prefix) for one route: `GET/orders/*`, ... */
export function routePatterns(route: RouteRule): string[] {
  const p = pathPattern(route.path);
  const methods = route.method === "ANY" ? HTTP_METHODS : [route.method];
  return methods.map((m) => `${m}/${p}`);
}

/**
 * Is there any string matched by both glob patterns (only `*` is special, matching
 * any sequence including "/", which is how API Gateway evaluates policy resources)?
 * Product-automaton reachability over (i, j) positions.
 */
export function globsIntersect(a: string, b: string): boolean {
  const seen = new Set<number>();
  const stack: Array<[number, number]> = [[0, 0]];
  const W = b.length + 1;
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = i * W + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const ai = i < a.length ? a[i] : undefined;
    const bj = j < b.length ? b[j] : undefined;
    if (ai === "*") stack.push([i + 1, j]); // '*' matches empty
    if (bj === "*") stack.push([i, j + 1]);
    if (ai === undefined || bj === undefined) continue;
    // consume one common character
    if (ai === "*" && bj !== "*") stack.push([i, j + 1]);
    else if (bj === "*" && ai !== "*") stack.push([i + 1, j]);
    else if (ai !== "*" && ai === bj) stack.push([i + 1, j + 1]);
  }
  return false;
}

export function holdsAll(granted: ReadonlySet<string>, required: readonly string[]): boolean {
  return required.every((s) => granted.has(s));
}

export interface PolicyStatement {
  Action: "execute-api:Invoke";
  Effect: "Allow" | "Deny";
  Resource: string[];
}
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export interface RoutePolicy {
  readonly policy: PolicyDocument;
  /** Allowed route patterns (relative), for logging. */
  readonly allowed: string[];
  /** True when the token holds no route at all (policy is a blanket Deny). */
  readonly denyAll: boolean;
}

/**
 * Policy for a token, valid for EVERY method/path of this API+stage, because API Gateway
 * caches it per token and reuses it for other requests:
 *  - Allow each route whose scopes the token holds (`{param}` / `{proxy+}` -> `*`, `ANY` expanded);
 *  - `*` in a policy also matches "/", so `GET/orders/*` would cover `GET/orders/1/audit`.
 *    Every route the token does NOT hold whose pattern overlaps an allowed pattern gets an
 *    explicit Deny (Deny wins in IAM evaluation). The result never grants more than the table
 *    says; in nested-overlap tables the stricter route wins (fail closed);
 *  - holding nothing -> Deny `<apiId>/<stage>/*\/*`.
 */
export function buildPolicy(arn: MethodArn, table: RouteTable, scopes: ReadonlySet<string>): RoutePolicy {
  const allowed = new Set<string>();
  const notHeld = new Set<string>();
  for (const route of table.routes) {
    const target = holdsAll(scopes, route.scopes) ? allowed : notHeld;
    for (const p of routePatterns(route)) target.add(p);
  }
  // The same pattern may be listed both ways (e.g. two routes collapsing to `GET/a/*`): deny wins.
  for (const p of notHeld) allowed.delete(p);
  const allow = [...allowed].sort();
  if (allow.length === 0) {
    return {
      policy: {
        Version: "2012-10-17",
        Statement: [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: [`${arn.stagePrefix}*/*`] }],
      },
      allowed: [],
      denyAll: true,
    };
  }
  // A request path may carry a trailing slash (`GET/orders/1/audit/`), which an Allow ending in
  // `*` matches but a Deny ending in a literal or a path variable's `*`-free form would not:
  // every Deny also lists its trailing-slash form.
  const deny = [...new Set([...notHeld].flatMap((d) => (d.endsWith("/") || d.endsWith("*") ? [d] : [d, `${d}/`])))]
    .filter((d) => allow.some((a) => globsIntersect(a, d)))
    .sort();
  const Statement: PolicyStatement[] = [
    { Action: "execute-api:Invoke", Effect: "Allow", Resource: allow.map((p) => arn.stagePrefix + p) },
  ];
  if (deny.length > 0) {
    Statement.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: deny.map((p) => arn.stagePrefix + p) });
  }
  return { policy: { Version: "2012-10-17", Statement }, allowed: allow, denyAll: false };
}
