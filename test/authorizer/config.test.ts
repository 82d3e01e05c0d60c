import { ConfigError, loadConfig } from "../../authorizer/src/config";

const ENV = {
  OIDC_ISSUER: "https://idp.example.test",
  OIDC_AUDIENCE: "api://orders",
  ROUTES_PARAMETER_PREFIX: "/acme/dev/authz/",
};

describe("loadConfig", () => {
  test("defaults", () => {
    expect(loadConfig(ENV)).toEqual({
      issuer: "https://idp.example.test",
      audiences: ["api://orders"],
      jwksUrl: undefined,
      algorithms: ["RS256", "ES256"],
      clockSkewSeconds: 60,
      jwksTimeoutMs: 1500,
      jwksCacheSeconds: 600,
      jwksCooldownSeconds: 30,
      routesParameterPrefix: "/acme/dev/authz/",
      routesCacheSeconds: 60,
      routesTimeoutMs: 1500,
      deadlineMs: 3500,
      maxTokenAgeSeconds: undefined,
      identityClaims: [],
      logLevel: "info",
    });
  });

  test("identity claims, max token age and deadlines", () => {
    const c = loadConfig({ ...ENV, IDENTITY_CLAIMS: "tid=claim_tenant, custom:org=claim_org", MAX_TOKEN_AGE_SECONDS: "3600", ROUTES_TIMEOUT_MS: "300", DEADLINE_MS: "1000" });
    expect(c.identityClaims).toEqual([{ claim: "tid", key: "claim_tenant" }, { claim: "custom:org", key: "claim_org" }]);
    expect(c).toMatchObject({ maxTokenAgeSeconds: 3600, routesTimeoutMs: 300, deadlineMs: 1000 });
  });

  test.each([
    ["IDENTITY_CLAIMS", "tid"],
    ["IDENTITY_CLAIMS", "tid=sub"],
    ["IDENTITY_CLAIMS", "tid=claim_a,org=claim_a"],
    ["MAX_TOKEN_AGE_SECONDS", "10"],
    ["DEADLINE_MS", "9000"],
    ["ROUTES_TIMEOUT_MS", "abc"],
  ])("%s=%s is refused", (name, value) => {
    expect(() => loadConfig({ ...ENV, [name]: value })).toThrow(name);
  });

  test("explicit values, comma-separated audiences", () => {
    const c = loadConfig({
      ...ENV,
      OIDC_AUDIENCE: " api://orders , api://billing ,",
      JWKS_URL: "https://idp.example.test/keys",
      ALLOWED_ALGS: "ES256, PS256",
      CLOCK_SKEW_SECONDS: "300",
      JWKS_TIMEOUT_MS: "800",
      JWKS_CACHE_SECONDS: "20",
      ROUTES_CACHE_SECONDS: "0",
      LOG_LEVEL: "DEBUG",
    });
    expect(c).toMatchObject({
      audiences: ["api://orders", "api://billing"],
      jwksUrl: "https://idp.example.test/keys",
      algorithms: ["ES256", "PS256"],
      clockSkewSeconds: 300,
      jwksTimeoutMs: 800,
      jwksCacheSeconds: 20,
      jwksCooldownSeconds: 20,
      routesCacheSeconds: 0,
      logLevel: "debug",
    });
  });

  test.each([
    ["missing issuer", { OIDC_ISSUER: undefined }],
    ["missing audience", { OIDC_AUDIENCE: "" }],
    ["audience list of commas", { OIDC_AUDIENCE: ", ," }],
    ["missing routes prefix", { ROUTES_PARAMETER_PREFIX: undefined }],
    ["routes prefix without trailing slash", { ROUTES_PARAMETER_PREFIX: "/acme/dev/authz" }],
    ["alg none", { ALLOWED_ALGS: "RS256,none" }],
    ["HS256", { ALLOWED_ALGS: "HS256" }],
    ["lowercase alg", { ALLOWED_ALGS: "rs256" }],
    ["empty alg list", { ALLOWED_ALGS: " , " }],
    ["skew above 300", { CLOCK_SKEW_SECONDS: "301" }],
    ["negative skew", { CLOCK_SKEW_SECONDS: "-1" }],
    ["non-numeric timeout", { JWKS_TIMEOUT_MS: "1.5s" }],
    ["timeout above 10 s", { JWKS_TIMEOUT_MS: "30000" }],
    ["JWKS cache above 1 h", { JWKS_CACHE_SECONDS: "86400" }],
    ["plain-http JWKS", { JWKS_URL: "http://idp.example.test/keys" }],
    ["JWKS with credentials", { JWKS_URL: "https://u:p@idp.example.test/keys" }],
    ["discovery on plain-http issuer", { OIDC_ISSUER: "http://idp.example.test" }],
    ["unknown log level", { LOG_LEVEL: "verbose" }],
    // an issuer no token's iss can equal (OpenID Connect Core 1.0 §2), even with JWKS_URL set
    ["issuer with a query string", { OIDC_ISSUER: "https://idp.example.test/?tenant=a" }],
    ["issuer with a fragment", { OIDC_ISSUER: "https://idp.example.test/#x" }],
    ["issuer with credentials", { OIDC_ISSUER: "https://u:p@idp.example.test/" }],
    ["issuer given as the discovery URL", { OIDC_ISSUER: "https://idp.example.test/.well-known/openid-configuration" }],
    ["issuer ending in '//'", { OIDC_ISSUER: "https://idp.example.test//" }],
    ["plain-http issuer with JWKS_URL set", { OIDC_ISSUER: "http://idp.example.test", JWKS_URL: "https://idp.example.test/keys" }],
  ])("rejects %s", (_name, over) => {
    expect(() => loadConfig({ ...ENV, ...over })).toThrow(ConfigError);
  });

  test.each(["https://idp.example.test", "https://idp.example.test/", "https://idp.example.test:8443/realms/acme", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"])("accepts the issuer %s (with or without a trailing '/', as the IdP writes it)", (issuer) => {
    expect(loadConfig({ ...ENV, OIDC_ISSUER: issuer }).issuer).toBe(issuer);
  });

  test("plain http is accepted for loopback only", () => {
    expect(loadConfig({ ...ENV, JWKS_URL: "http://127.0.0.1:9999/jwks" }).jwksUrl).toBe("http://127.0.0.1:9999/jwks");
  });
});
