/**
 * Environment configuration for the shared JWT authorizer.
 *
 * Everything is validated once (at first invocation). A bad configuration is a
 * deployment bug, not a client error: `loadConfig` throws `ConfigError`, the
 * Lambda invocation fails, and API Gateway answers 500 — still fail-closed,
 * but loud instead of looking like a wave of bad tokens.
 */

/** Asymmetric JWS algorithms we are willing to verify. Never "none", never HS*. */
export const SUPPORTED_ALGS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as const;
export type SupportedAlg = (typeof SUPPORTED_ALGS)[number];

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface AuthorizerConfig {
  readonly issuer: string;
  readonly audiences: readonly string[];
  /** Explicit JWKS URL; when undefined the URL comes from OIDC discovery. */
  readonly jwksUrl?: string;
  readonly algorithms: readonly SupportedAlg[];
  readonly clockSkewSeconds: number;
  readonly jwksTimeoutMs: number;
  readonly jwksCacheSeconds: number;
  /** Minimum gap between JWKS refetches triggered by an unknown `kid`. */
  readonly jwksCooldownSeconds: number;
  readonly routesParameterPrefix: string;
  readonly routesCacheSeconds: number;
  /** Deadline of one route-table read (SSM GetParameter), enforced with an AbortSignal. @default 1500 */
  readonly routesTimeoutMs?: number;
  /** Deadline of a whole authorization (key lookup + route table + checks); past it: 401. @default 3500 */
  readonly deadlineMs?: number;
  /** Refuse tokens whose `iat` is older than this (then `iat` is required). */
  readonly maxTokenAgeSeconds?: number;
  /** Verified claims copied into the context (claim name -> context key), for backend headers. */
  readonly identityClaims?: readonly IdentityClaimMapping[];
  readonly logLevel: LogLevel;
}

export interface IdentityClaimMapping {
  readonly claim: string;
  /** Context key, `claim_<name>`; the gateway maps it to `X-Aoa-<Name>`. */
  readonly key: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`authorizer configuration: ${message}`);
    this.name = "ConfigError";
  }
}

export const LIMITS = {
  maxClockSkewSeconds: 300,
  jwksTimeoutMs: { min: 50, max: 10_000 },
  jwksCacheSeconds: { min: 10, max: 3600 },
  routesCacheSeconds: { min: 0, max: 3600 },
  routesTimeoutMs: { min: 50, max: 4000 },
  /** Under the function's 5 s timeout, so the caller gets a 401, never a Lambda timeout. */
  deadlineMs: { min: 100, max: 4500 },
  maxTokenAgeSeconds: { min: 60, max: 30 * 86400 },
  identityClaims: 5,
} as const;

const CLAIM_NAME = /^[A-Za-z][A-Za-z0-9_:.-]{0,63}$/;
const CONTEXT_KEY = /^claim_[a-z0-9_]{1,63}$/;
const RESERVED_CONTEXT_KEYS = new Set(["sub", "scope", "client_id", "principalId"]);

/** `IDENTITY_CLAIMS=tid=claim_tenant,custom:org=claim_org` */
export function parseIdentityClaims(raw: string | undefined): IdentityClaimMapping[] {
  if (raw === undefined) return [];
  const out: IdentityClaimMapping[] = [];
  for (const part of raw.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const eq = part.lastIndexOf("=");
    const claim = part.slice(0, eq);
    const key = part.slice(eq + 1);
    if (eq <= 0 || !CLAIM_NAME.test(claim) || !CONTEXT_KEY.test(key) || RESERVED_CONTEXT_KEYS.has(key)) {
      throw new ConfigError(`IDENTITY_CLAIMS entry "${part}" must be <claim>=claim_<name>`);
    }
    if (out.some((o) => o.key === key)) throw new ConfigError(`IDENTITY_CLAIMS has context key ${key} twice`);
    out.push({ claim, key });
  }
  if (out.length > LIMITS.identityClaims) throw new ConfigError(`IDENTITY_CLAIMS lists more than ${LIMITS.identityClaims} claims`);
  return out;
}

type Env = Readonly<Record<string, string | undefined>>;

function get(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

function required(env: Env, name: string): string {
  const v = get(env, name);
  if (v === undefined) throw new ConfigError(`${name} is required`);
  return v;
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = get(env, name);
  if (raw === undefined) return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** https everywhere; plain http only for loopback (local tests and benchmarks). */
export function assertSecureUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  const ok = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  if (!ok) throw new ConfigError(`${name} must use https (http is accepted for loopback hosts only)`);
  if (url.username || url.password) throw new ConfigError(`${name} must not embed credentials`);
  return url;
}

/**
 * An Issuer Identifier is an https URL of scheme, host, optional port and path, "and no query or
 * fragment components" (OpenID Connect Core 1.0 §2); tokens are matched on `iss` byte for byte,
 * so a value no IdP can issue would refuse every token. Checked whether or not JWKS_URL is set
 * (the environment file gets the same rules in config/aws/issuer.ts).
 */
export function assertIssuer(value: string): void {
  if (/\s/.test(value)) throw new ConfigError("OIDC_ISSUER must not contain whitespace");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError("OIDC_ISSUER is not a valid URL");
  }
  if (!(url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname)))) throw new ConfigError("OIDC_ISSUER must use https (http is accepted for loopback hosts only)");
  if (url.username || url.password || /^[a-z]+:\/\/[^/?#]*@/i.test(value)) throw new ConfigError("OIDC_ISSUER must not embed credentials");
  if (value.includes("?")) throw new ConfigError("OIDC_ISSUER must not have a query string (an issuer has no query or fragment)");
  if (value.includes("#")) throw new ConfigError("OIDC_ISSUER must not have a fragment (an issuer has no query or fragment)");
  if (/\/\/+$/.test(url.pathname) || /\/\.well-known\//.test(url.pathname)) throw new ConfigError("OIDC_ISSUER must be the issuer itself (no '//' ending, not a /.well-known/ URL)");
}

export function parseAlgorithms(raw: string | undefined): SupportedAlg[] {
  const list = (raw ?? "RS256,ES256")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (list.length === 0) throw new ConfigError("ALLOWED_ALGS must list at least one algorithm");
  for (const alg of list) {
    if (!(SUPPORTED_ALGS as readonly string[]).includes(alg)) {
      throw new ConfigError(
        `ALLOWED_ALGS contains "${alg}"; only asymmetric algorithms are allowed (${SUPPORTED_ALGS.join(", ")})`,
      );
    }
  }
  return [...new Set(list)] as SupportedAlg[];
}

export function loadConfig(env: Env = process.env): AuthorizerConfig {
  const issuer = required(env, "OIDC_ISSUER");
  // Only needs to be a well-formed URL when discovery is used; we check it there too.
  const audiences = required(env, "OIDC_AUDIENCE")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (audiences.length === 0) throw new ConfigError("OIDC_AUDIENCE must list at least one audience");

  assertIssuer(issuer);
  const jwksUrl = get(env, "JWKS_URL");
  if (jwksUrl !== undefined) assertSecureUrl("JWKS_URL", jwksUrl);
  else assertSecureUrl("OIDC_ISSUER (used for discovery because JWKS_URL is unset)", issuer);

  const prefix = required(env, "ROUTES_PARAMETER_PREFIX");
  if (!/^\/[A-Za-z0-9_.\-/]*\/$/.test(prefix)) {
    throw new ConfigError(`ROUTES_PARAMETER_PREFIX must start and end with "/", got "${prefix}"`);
  }

  const logLevel = (get(env, "LOG_LEVEL") ?? "info").toLowerCase();
  if (!["debug", "info", "warn", "error", "silent"].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, silent`);
  }

  const jwksCacheSeconds = int(
    env,
    "JWKS_CACHE_SECONDS",
    600,
    LIMITS.jwksCacheSeconds.min,
    LIMITS.jwksCacheSeconds.max,
  );

  return {
    issuer,
    audiences,
    jwksUrl,
    algorithms: parseAlgorithms(get(env, "ALLOWED_ALGS")),
    clockSkewSeconds: int(env, "CLOCK_SKEW_SECONDS", 60, 0, LIMITS.maxClockSkewSeconds),
    jwksTimeoutMs: int(env, "JWKS_TIMEOUT_MS", 1500, LIMITS.jwksTimeoutMs.min, LIMITS.jwksTimeoutMs.max),
    jwksCacheSeconds,
    jwksCooldownSeconds: Math.min(30, jwksCacheSeconds),
    routesParameterPrefix: prefix,
    routesCacheSeconds: int(
      env,
      "ROUTES_CACHE_SECONDS",
      60,
      LIMITS.routesCacheSeconds.min,
      LIMITS.routesCacheSeconds.max,
    ),
    routesTimeoutMs: int(env, "ROUTES_TIMEOUT_MS", 1500, LIMITS.routesTimeoutMs.min, LIMITS.routesTimeoutMs.max),
    deadlineMs: int(env, "DEADLINE_MS", 3500, LIMITS.deadlineMs.min, LIMITS.deadlineMs.max),
    maxTokenAgeSeconds:
      get(env, "MAX_TOKEN_AGE_SECONDS") === undefined
        ? undefined
        : int(env, "MAX_TOKEN_AGE_SECONDS", 0, LIMITS.maxTokenAgeSeconds.min, LIMITS.maxTokenAgeSeconds.max),
    identityClaims: parseIdentityClaims(get(env, "IDENTITY_CLAIMS")),
    logLevel: logLevel as LogLevel,
  };
}
