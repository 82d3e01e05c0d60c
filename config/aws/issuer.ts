/**
 * OIDC issuer and JWKS URLs the shared authorizer can use.
 *
 * OpenID Connect Core 1.0 §2 ("iss") and Discovery 1.0 §3 (`issuer`): the Issuer Identifier is
 * "a case sensitive URL using the https scheme that contains scheme, host, and optionally, port
 * number and path components and no query or fragment components", and the issuer returned by
 * discovery "MUST exactly match the value of iss" (Discovery §4.3). The authorizer compares the
 * token's `iss` with the configured value byte for byte and finds the keys at
 * `<issuer without trailing '/'>/.well-known/openid-configuration` (authorizer/src/jwks.ts), so a
 * value an IdP can never put in `iss` refuses every token. Both `https://idp.example.com` and
 * `https://idp.example.com/` are real issuers (Cognito and Okta write the first, Auth0 the
 * second): both are accepted — copy the value from the IdP's discovery document.
 */

const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function common(raw: string, what: string): { url: URL } | { problem: string } {
  if (/\s/.test(raw)) return { problem: `${what} must not contain whitespace` };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw)?.[1];
  if (scheme !== "https") return { problem: `${what} must use https:// in lower case (got ${scheme ? `${scheme}:` : "no scheme"})` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: `${what} is not a URL` };
  }
  const authority = /^https:\/\/([^/?#]*)/.exec(raw)?.[1] ?? "";
  if (authority.includes("@")) return { problem: `${what} must not carry user info (user:password@): the authorizer refuses credentials in URLs` };
  const host = authority.replace(/:\d*$/, "");
  if (host !== host.toLowerCase()) return { problem: `${what} host must be lower case (IdPs publish it lower-cased and the comparison is exact)` };
  if (!HOST.test(host) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return { problem: `${what} host '${host}' is not a DNS name` };
  const port = /:(\d*)$/.exec(authority)?.[1];
  if (port !== undefined) {
    const n = Number(port);
    if (port === "" || n < 1 || n > 65535) return { problem: `${what} port must be 1-65535` };
    if (n === 443) return { problem: `${what} names the default port :443, which IdPs leave out of the issuer; remove it` };
  }
  if (raw.includes("#")) return { problem: `${what} must not have a fragment ('#...')` };
  return { url };
}

/** Why `issuer` can never equal a token's `iss` (or breaks discovery), or undefined. */
export function issuerProblem(issuer: unknown): string | undefined {
  if (typeof issuer !== "string") return undefined;
  const c = common(issuer, "the issuer");
  if ("problem" in c) return `${c.problem} (OpenID Connect Core 1.0 §2: the issuer is an https URL of scheme, host, optional port and path)`;
  if (issuer.includes("?")) return "the issuer must not have a query string ('?...'): an Issuer Identifier has no query or fragment (OpenID Connect Core 1.0 §2), so no token's iss can match";
  const path = /^https:\/\/[^/?#]*(\/[^?#]*)?/.exec(issuer)?.[1] ?? "";
  if (/\/\.well-known\//.test(path)) return "is a discovery/metadata URL; the issuer is the part before /.well-known/ (the value of `issuer` in that document)";
  if (/\/\/+$/.test(path)) return "ends in more than one '/': discovery strips them and the document's issuer can then never equal this value";
  if (path.includes("//")) return "has an empty path segment ('//'): no IdP issues tokens with it";
  if (path.split("/").some((s) => s === "." || s === "..")) return "has a '.' or '..' path segment: URL parsers remove them, the exact comparison does not";
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return "has a '%' that is not a percent-escape";
  return undefined;
}

/** Why `jwksUrl` is no URL the authorizer can fetch keys from, or undefined. A query string is allowed. */
export function jwksUrlProblem(jwksUrl: unknown): string | undefined {
  if (typeof jwksUrl !== "string") return undefined;
  const c = common(jwksUrl, "the JWKS URL");
  if ("problem" in c) return c.problem;
  return undefined;
}
