/**
 * The identity context the authorizer returns. API Gateway maps it to request headers for the
 * backend (`integration.request.header.X-Aoa-* = context.authorizer.<key>`, which overwrites a
 * client-sent header of the same name), so every value here is verified, a string, and bounded:
 *  - the keys are always present, `-` when the token has nothing usable (never empty: a mapping
 *    from an empty value must not leave room for a client-sent header), so the headers always
 *    overwrite whatever a client sent — the same `-` the gateway sets on public routes;
 *  - identifiers (sub, client id, claims) are never truncated — a shortened id is another
 *    caller's id — they are left empty when too long or not printable;
 *  - scopes are cut at a whole scope (a subset: a backend can only under-grant from it).
 * Authorizer context values must be strings, numbers or booleans (API Gateway guide, "Output
 * from an API Gateway Lambda authorizer"); we send strings only.
 */
import type { JWTPayload } from "jose";
import type { IdentityClaimMapping } from "./config";

/** Longest subject / client id / claim value passed on (longer: left empty). */
export const MAX_ID_CHARS = 256;
/** Longest scope list passed on (longer: cut at a whole scope). */
export const MAX_SCOPE_CHARS = 1024;

/** The value of an identity field the token does not provide (also what public routes get). */
export const NONE = "-";

/** Printable ASCII (space..tilde) only: header-safe, no CR/LF, no control characters. */
const PRINTABLE = /^[\x20-\x7e]*$/;

function idValue(v: unknown): string {
  let s: string | undefined;
  if (typeof v === "string") s = v;
  else if (typeof v === "number" && Number.isFinite(v)) s = String(v);
  else if (typeof v === "boolean") s = String(v);
  if (s === undefined || s === "" || s.length > MAX_ID_CHARS || !PRINTABLE.test(s)) return NONE;
  return s;
}

/** Space-joined scopes, cut at the last whole scope within MAX_SCOPE_CHARS. */
export function boundedScopes(scopes: readonly string[]): string {
  let out = "";
  for (const s of scopes) {
    if (!PRINTABLE.test(s)) continue;
    const next = out === "" ? s : `${out} ${s}`;
    if (next.length > MAX_SCOPE_CHARS) break;
    out = next;
  }
  return out;
}

export function identityContext(payload: JWTPayload, sub: string, scopes: readonly string[], claims: readonly IdentityClaimMapping[]): Record<string, string> {
  const ctx: Record<string, string> = {
    sub: idValue(sub),
    scope: boundedScopes(scopes) || NONE,
    client_id: idValue(payload.client_id) !== NONE ? idValue(payload.client_id) : idValue(payload.azp),
  };
  for (const c of claims) ctx[c.key] = idValue(payload[c.claim]);
  return ctx;
}

/** Every top-level numeric claim is finite (`1e999` parses to Infinity and passes time checks). */
export function numericClaimsFinite(payload: JWTPayload): boolean {
  for (const v of Object.values(payload)) if (typeof v === "number" && !Number.isFinite(v)) return false;
  for (const k of ["exp", "nbf", "iat"] as const) if (payload[k] !== undefined && typeof payload[k] !== "number") return false;
  return true;
}
