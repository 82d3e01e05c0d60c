import { createLocalJWKSet, type CryptoKey, type JSONWebKeySet, type JWTHeaderParameters } from "jose";
import { assertSecureUrl, type AuthorizerConfig } from "./config";
import { AuthError } from "./errors";

/** Resolves the verification key for a (signature-unverified) JWS header. */
export interface KeySource {
  getKey(header: JWTHeaderParameters): Promise<CryptoKey | Uint8Array>;
}

/** JWKS / discovery documents larger than this are refused. */
const MAX_DOCUMENT_BYTES = 256 * 1024;
/** After a failed fetch, fail fast for this long instead of hammering the IdP. */
const FAILURE_BACKOFF_MS = 5_000;

type Resolver = ReturnType<typeof createLocalJWKSet>;

interface Loaded {
  readonly resolve: Resolver;
  readonly fetchedAt: number;
}

export interface JwksOptions {
  readonly issuer: string;
  readonly jwksUrl?: string;
  readonly timeoutMs: number;
  readonly cacheSeconds: number;
  readonly cooldownSeconds: number;
  readonly now?: () => number;
}

export function jwksOptionsFrom(config: AuthorizerConfig, now?: () => number): JwksOptions {
  return {
    issuer: config.issuer,
    jwksUrl: config.jwksUrl,
    timeoutMs: config.jwksTimeoutMs,
    cacheSeconds: config.jwksCacheSeconds,
    cooldownSeconds: config.jwksCooldownSeconds,
    now,
  };
}

async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  // The signal bounds connect + headers + body; no redirects (pin the real URL in config).
  const res = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    redirect: "error",
    headers: { accept: "application/json" },
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > MAX_DOCUMENT_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error("document too large");
  }
  const text = await res.text();
  if (text.length > MAX_DOCUMENT_BYTES) throw new Error("document too large");
  return JSON.parse(text);
}

/**
 * Remote JWKS with bounded caching:
 *  - keys are reused for `cacheSeconds`, then refetched (a failed refresh fails closed);
 *  - an unknown `kid` triggers at most one refetch per `cooldownSeconds`, so random
 *    kids cannot cause a fetch storm against the IdP;
 *  - a failed fetch is remembered for a few seconds (fast 401s during an outage);
 *  - concurrent callers share one in-flight fetch;
 *  - every fetch is bounded by `timeoutMs` (AbortSignal), discovery included.
 */
export class RemoteJwks implements KeySource {
  private loaded?: Loaded;
  private inflight?: Promise<Loaded>;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private jwksUri?: string;
  private readonly now: () => number;
  /** Number of JWKS documents fetched (observability and tests). */
  fetchCount = 0;

  constructor(private readonly opts: JwksOptions) {
    this.now = opts.now ?? Date.now;
    this.jwksUri = opts.jwksUrl;
  }

  async getKey(header: JWTHeaderParameters): Promise<CryptoKey | Uint8Array> {
    const now = this.now();
    let set = this.loaded;
    if (!set || now - set.fetchedAt >= this.opts.cacheSeconds * 1000) set = await this.refresh();
    try {
      return await set.resolve(header);
    } catch (err) {
      const code = (err as { code?: string }).code;
      const cooledDown = now - this.lastAttemptAt >= this.opts.cooldownSeconds * 1000;
      if (code === "ERR_JWKS_NO_MATCHING_KEY" && cooledDown) {
        // Possibly a key rotation: one refetch, then give up until the cooldown passes.
        set = await this.refresh();
        return set.resolve(header);
      }
      throw err;
    }
  }

  private refresh(): Promise<Loaded> {
    if (this.inflight) return this.inflight;
    if (this.now() - this.lastFailureAt < FAILURE_BACKOFF_MS) {
      return Promise.reject(new AuthError("jwks_unavailable", "recent fetch failure (backing off)"));
    }
    this.lastAttemptAt = this.now();
    this.inflight = this.load()
      .then((loaded) => {
        this.loaded = loaded;
        return loaded;
      })
      .catch((err: unknown) => {
        this.lastFailureAt = this.now();
        throw err instanceof AuthError
          ? err
          : new AuthError("jwks_unavailable", err instanceof Error ? err.name : "fetch failed");
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async load(): Promise<Loaded> {
    const uri = this.jwksUri ?? (await this.discover());
    const doc = await fetchJson(uri, this.opts.timeoutMs);
    const keys = (doc as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new AuthError("jwks_unavailable", "JWKS has no keys array");
    this.fetchCount++;
    return { resolve: createLocalJWKSet(doc as JSONWebKeySet), fetchedAt: this.now() };
  }

  /** OIDC discovery: `${issuer}/.well-known/openid-configuration` -> `jwks_uri` (kept for the container's life). */
  private async discover(): Promise<string> {
    const base = this.opts.issuer.replace(/\/+$/, "");
    const doc = (await fetchJson(`${base}/.well-known/openid-configuration`, this.opts.timeoutMs)) as {
      issuer?: unknown;
      jwks_uri?: unknown;
    } | null;
    if (doc?.issuer !== this.opts.issuer) {
      throw new AuthError("jwks_unavailable", "discovery issuer mismatch");
    }
    if (typeof doc.jwks_uri !== "string") throw new AuthError("jwks_unavailable", "discovery has no jwks_uri");
    try {
      assertSecureUrl("jwks_uri", doc.jwks_uri);
    } catch {
      throw new AuthError("jwks_unavailable", "discovery jwks_uri is not https");
    }
    this.jwksUri = doc.jwks_uri;
    return doc.jwks_uri;
  }
}
