import { jwtVerify, type JWTPayload } from "jose";
import type { AuthorizerConfig } from "./config";
import { AuthError, type RejectReason } from "./errors";
import { RemoteJwks, jwksOptionsFrom, type KeySource } from "./jwks";
import { createLogger, type LogSink } from "./log";
import { buildPolicy, parseMethodArn, type PolicyDocument } from "./policy";
import { CachedRoutes, ssmRouteLoader, withDeadline, type RouteLoader } from "./routes";
import { identityContext, numericClaimsFinite } from "./identity";
import { authorizationValue, preparse, safeForLog, type AuthorizerEvent } from "./token";

export interface AuthorizerContext {
  awsRequestId?: string;
}

export interface AuthorizerResult {
  principalId: string;
  policyDocument: PolicyDocument;
  context: Record<string, string>;
}

export type AuthorizerHandler = (event: AuthorizerEvent, context?: AuthorizerContext) => Promise<AuthorizerResult>;

export interface AuthorizerDeps {
  /** Route table source; default: SSM `${routesParameterPrefix}${apiId}`. Cached per apiId either way. */
  readonly routes?: RouteLoader;
  /** Key source; default: RemoteJwks (JWKS_URL or OIDC discovery). */
  readonly keys?: KeySource;
  /** Log sink; default: one JSON line per record on stdout. */
  readonly log?: LogSink;
  /** Clock in ms (tests); used for token time checks and all caches. */
  readonly now?: () => number;
}

const MAX_CONTEXT_VALUE = 1024;

/** Scopes from `scope` (space-delimited) or `scp` (array or string). */
export function scopesOf(payload: JWTPayload): string[] {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === "string") v.split(" ").forEach((s) => s && out.add(s));
    else if (Array.isArray(v)) v.forEach((s) => typeof s === "string" && s && !s.includes(" ") && out.add(s));
  };
  add(payload.scope);
  add(payload.scp);
  return [...out];
}

function reasonFromJose(err: unknown): RejectReason {
  if (err instanceof AuthError) return err.reason;
  const e = err as { code?: string; claim?: string; reason?: string };
  switch (e.code) {
    case "ERR_JWT_EXPIRED":
      return "expired";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (e.claim === "iss") return "bad_issuer";
      if (e.claim === "aud") return "bad_audience";
      if (e.claim === "nbf") return "not_yet_valid";
      if (e.reason === "missing") return "missing_claim";
      return "invalid_claim";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "bad_signature";
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return "no_matching_key";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "alg_not_allowed";
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
      return "malformed_token";
    default:
      return "internal_error";
  }
}

/**
 * Build the TOKEN authorizer handler. Every failure is fail-closed:
 * bad/expired/unverifiable token, JWKS or route table unavailable -> throw "Unauthorized" (401);
 * valid token holding no route -> Deny policy (403).
 */
export function createAuthorizer(config: AuthorizerConfig, deps: AuthorizerDeps = {}): AuthorizerHandler {
  const now = deps.now ?? Date.now;
  const logger = createLogger(config.logLevel, deps.log);
  const keys = deps.keys ?? new RemoteJwks(jwksOptionsFrom(config, now));
  const routes = new CachedRoutes(
    deps.routes ?? ssmRouteLoader(config.routesParameterPrefix, undefined, config.routesTimeoutMs ?? 1500),
    config.routesCacheSeconds,
    now,
  );

  const deadlineMs = config.deadlineMs ?? 3500;
  return async (event, context) => {
    const started = now();
    const arn = parseMethodArn(event?.methodArn);
    const base = {
      requestId: context?.awsRequestId,
      apiId: arn?.apiId,
      stage: arn?.stage,
      method: arn?.method,
      path: arn ? `/${arn.path}` : undefined,
    };
    let kid: string | undefined;
    let sub: string | undefined;
    try {
      if (!arn) throw new AuthError("bad_method_arn");
      const pre = preparse(authorizationValue(event ?? {}), config.algorithms);
      kid = safeForLog(pre.kid);

      // Route table first (cheap when cached): an API without a readable table is closed
      // before we spend a JWKS fetch on it.
      const tablePromise = routes.get(arn.apiId).catch((err: unknown) => {
        throw new AuthError("routes_unavailable", err instanceof Error ? err.name : undefined);
      });
      tablePromise.catch(() => undefined); // handled below; avoid unhandled rejection while verifying

      // One deadline for the whole decision: a hung JWKS endpoint or SSM gives a fast 401, never a
      // Lambda timeout that holds one of the shared function's few concurrent executions.
      const { payload } = await withDeadline(deadlineMs, "authorization", () =>
        jwtVerify(pre.jwt, (header) => keys.getKey(header), {
          algorithms: [...config.algorithms],
          issuer: config.issuer,
          audience: [...config.audiences],
          clockTolerance: config.clockSkewSeconds,
          requiredClaims: config.maxTokenAgeSeconds !== undefined ? ["exp", "iat"] : ["exp"],
          ...(config.maxTokenAgeSeconds !== undefined ? { maxTokenAge: config.maxTokenAgeSeconds } : {}),
          currentDate: new Date(now()),
        }),
      ).catch((err: unknown) => {
        throw err instanceof Error && err.name === "DeadlineExceeded" ? new AuthError("deadline_exceeded") : err;
      });
      // JSON numbers may overflow to Infinity (`"exp": 1e999`), which passes every time comparison.
      if (!numericClaimsFinite(payload)) throw new AuthError("invalid_claim", "non-finite numeric claim");
      if (typeof payload.sub !== "string" || payload.sub === "" || payload.sub.length > MAX_CONTEXT_VALUE) {
        throw new AuthError("missing_sub");
      }
      sub = payload.sub;
      const remaining = Math.max(1, deadlineMs - (now() - started));
      const table = await withDeadline(remaining, "route table", () => tablePromise).catch((err: unknown) => {
        throw err instanceof Error && err.name === "DeadlineExceeded" ? new AuthError("deadline_exceeded") : err;
      });
      const scopes = scopesOf(payload);
      const { policy, allowed, denyAll } = buildPolicy(arn, table, new Set(scopes));

      const ctx = identityContext(payload, sub, scopes, config.identityClaims ?? []);

      logger.log("info", {
        ...base,
        decision: denyAll ? "Deny" : "Allow",
        reason: denyAll ? "no_route_scopes" : "verified",
        app: table.app,
        sub,
        kid,
        allowedRoutes: allowed.length,
        durationMs: now() - started,
      });
      return { principalId: sub, policyDocument: policy, context: ctx };
    } catch (err) {
      const reason = reasonFromJose(err);
      logger.log(reason === "internal_error" || reason === "routes_unavailable" || reason === "deadline_exceeded" ? "error" : "warn", {
        ...base,
        decision: "Unauthorized",
        reason,
        sub,
        kid,
        errorName: err instanceof Error ? err.name : typeof err,
        durationMs: now() - started,
      });
      throw new Error("Unauthorized");
    }
  };
}
