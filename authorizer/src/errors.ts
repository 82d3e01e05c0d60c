/**
 * Internal rejection with a machine-readable reason for the decision log.
 * The handler turns every AuthError into `new Error("Unauthorized")` (HTTP 401);
 * reasons never contain token material.
 */
export type RejectReason =
  | "missing_token"
  | "bad_scheme"
  | "token_too_large"
  | "header_too_large"
  | "malformed_token"
  | "alg_not_allowed"
  | "jwks_unavailable"
  | "no_matching_key"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "bad_issuer"
  | "bad_audience"
  | "missing_claim"
  | "invalid_claim"
  | "missing_sub"
  | "bad_method_arn"
  | "routes_unavailable"
  | "deadline_exceeded"
  | "internal_error";

export class AuthError extends Error {
  constructor(
    readonly reason: RejectReason,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = "AuthError";
  }
}
