import { AuthError } from "./errors";
import type { SupportedAlg } from "./config";

/** Whole `Authorization` value (scheme + token). Checked before any parsing. */
export const MAX_TOKEN_BYTES = 16 * 1024;
/** Encoded JWS protected header. Checked before base64/JSON decoding. */
export const MAX_HEADER_BYTES = 8 * 1024;

/** TOKEN authorizer event (the contract) plus the REQUEST shape we tolerate. */
export interface AuthorizerEvent {
  type?: string;
  methodArn?: string;
  authorizationToken?: string;
  headers?: Record<string, string | undefined> | null;
}

/**
 * The raw `Authorization` value. TOKEN events carry it in `authorizationToken`
 * (identity source `method.request.header.Authorization`); for a REQUEST-shaped
 * event only `headers.Authorization` / `headers.authorization` are read — a token
 * in any other header is ignored.
 */
export function authorizationValue(event: AuthorizerEvent): string | undefined {
  if (event.type !== "REQUEST") {
    return typeof event.authorizationToken === "string" ? event.authorizationToken : undefined;
  }
  const h = event.headers;
  if (h && typeof h === "object") {
    const v = h.Authorization ?? h.authorization;
    if (typeof v === "string") return v;
  }
  return undefined;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

export interface PreparsedToken {
  readonly jwt: string;
  readonly alg: string;
  readonly kid?: string;
}

/** Printable, bounded copy of an attacker-controlled string for logs. */
export function safeForLog(v: unknown, max = 128): string | undefined {
  if (typeof v !== "string") return undefined;
  return v.replace(/[^\x20-\x7e]/g, "?").slice(0, max);
}

/**
 * Cheap structural checks before any cryptography or network:
 * size limits, `Bearer` scheme, three base64url segments, a JSON header whose
 * `alg` is on the allow-list. Returns the (unverified) alg/kid for key lookup
 * and logging.
 */
export function preparse(value: string | undefined, allowed: readonly SupportedAlg[]): PreparsedToken {
  if (value === undefined || value.trim() === "") throw new AuthError("missing_token");
  if (value.length > MAX_TOKEN_BYTES) throw new AuthError("token_too_large");
  const m = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(value);
  if (!m) throw new AuthError("bad_scheme");
  const jwt = m[1];
  const parts = jwt.split(".");
  if (parts.length !== 3) throw new AuthError("malformed_token", "expected 3 segments");
  const [h, p, s] = parts;
  if (h.length > MAX_HEADER_BYTES) throw new AuthError("header_too_large");
  // The signature may be syntactically empty here (alg "none" style); it never verifies.
  if (!B64URL.test(h) || !B64URL.test(p) || (s !== "" && !B64URL.test(s))) {
    throw new AuthError("malformed_token", "segment is not base64url");
  }
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
  } catch {
    throw new AuthError("malformed_token", "header is not JSON");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new AuthError("malformed_token", "header is not an object");
  }
  const { alg, kid } = header as { alg?: unknown; kid?: unknown };
  if (typeof alg !== "string" || !(allowed as readonly string[]).includes(alg)) {
    throw new AuthError("alg_not_allowed", safeForLog(alg, 16));
  }
  if (kid !== undefined && (typeof kid !== "string" || kid.length > 256)) {
    throw new AuthError("malformed_token", "bad kid");
  }
  return { jwt, alg, kid: kid as string | undefined };
}
