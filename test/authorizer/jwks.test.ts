/** RemoteJwks caching, cooldown, back-off, single-flight and OIDC discovery against a real local server. */
jest.mock("jose", () => require("./support/jose-cjs").joseCommonJs());

import { RemoteJwks, type JwksOptions } from "../../authorizer/src/jwks";
import { createAuthorizer } from "../../authorizer/src/handler";
import { staticRouteLoader } from "../../authorizer/src/routes";
import { API_ID, ORDERS_TABLE, TestIdp, baseConfig, evaluatePolicy, arn, makeKey, mint, tokenEvent, type SigningKey } from "./support/fixtures";

let idp: TestIdp;
let k1: SigningKey;
let k2: SigningKey;

beforeAll(async () => {
  [k1, k2] = await Promise.all([makeKey("RS256", "k1"), makeKey("ES256", "k2")]);
  idp = await new TestIdp().start();
});
afterAll(() => idp.close());
beforeEach(() => {
  idp.mode = "ok";
  idp.keys = [k1.jwk];
  idp.discoveryIssuer = undefined;
});

function jwks(over: Partial<JwksOptions> & { clock: { t: number } }): RemoteJwks {
  const { clock, ...rest } = over;
  return new RemoteJwks({
    issuer: "https://issuer.invalid",
    jwksUrl: idp.jwksUrl,
    timeoutMs: 1000,
    cacheSeconds: 600,
    cooldownSeconds: 30,
    now: () => clock.t,
    ...rest,
  });
}

test("keys are cached for JWKS_CACHE_SECONDS, then refetched", async () => {
  const clock = { t: 1_000_000 };
  const src = jwks({ clock });
  const hits = idp.jwksHits;
  await src.getKey({ alg: "RS256", kid: "k1" });
  clock.t += 599_000;
  await src.getKey({ alg: "RS256", kid: "k1" });
  expect(idp.jwksHits - hits).toBe(1);
  clock.t += 1_000;
  await src.getKey({ alg: "RS256", kid: "k1" });
  expect(idp.jwksHits - hits).toBe(2);
});

test("unknown kid refetches at most once per cooldown; a rotated-in key is then found", async () => {
  const clock = { t: 5_000_000 };
  const src = jwks({ clock });
  const hits = idp.jwksHits;
  await src.getKey({ alg: "RS256", kid: "k1" });
  clock.t += 1_000;
  await expect(src.getKey({ alg: "ES256", kid: "k2" })).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
  expect(idp.jwksHits - hits).toBe(1); // within cooldown of the initial fetch: no refetch
  idp.keys = [k1.jwk, k2.jwk]; // IdP rotates in a new key
  clock.t += 30_000;
  await expect(src.getKey({ alg: "ES256", kid: "k2" })).resolves.toBeDefined();
  expect(idp.jwksHits - hits).toBe(2);
  for (let i = 0; i < 10; i++) {
    await expect(src.getKey({ alg: "ES256", kid: `random-${i}` })).rejects.toBeDefined();
  }
  expect(idp.jwksHits - hits).toBe(2);
});

test("concurrent cold calls share one fetch", async () => {
  const src = jwks({ clock: { t: 1 } });
  const hits = idp.jwksHits;
  await Promise.all(Array.from({ length: 20 }, () => src.getKey({ alg: "RS256", kid: "k1" })));
  expect(idp.jwksHits - hits).toBe(1);
});

test("after a failure, calls fail fast for a few seconds, then retry", async () => {
  const clock = { t: 10_000_000 };
  const src = jwks({ clock });
  idp.mode = "error";
  await expect(src.getKey({ alg: "RS256", kid: "k1" })).rejects.toMatchObject({ reason: "jwks_unavailable" });
  idp.mode = "ok";
  const hits = idp.jwksHits;
  await expect(src.getKey({ alg: "RS256", kid: "k1" })).rejects.toMatchObject({ reason: "jwks_unavailable" });
  expect(idp.jwksHits).toBe(hits);
  clock.t += 5_000;
  await expect(src.getKey({ alg: "RS256", kid: "k1" })).resolves.toBeDefined();
});

test("expired cache + failed refresh fails closed (no stale keys)", async () => {
  const clock = { t: 20_000_000 };
  const src = jwks({ clock, cacheSeconds: 60 });
  await src.getKey({ alg: "RS256", kid: "k1" });
  clock.t += 61_000;
  idp.mode = "error";
  await expect(src.getKey({ alg: "RS256", kid: "k1" })).rejects.toMatchObject({ reason: "jwks_unavailable" });
});

test("a JWKS document without keys is refused", async () => {
  idp.keys = undefined as unknown as [];
  await expect(jwks({ clock: { t: 1 } }).getKey({ alg: "RS256", kid: "k1" })).rejects.toMatchObject({
    reason: "jwks_unavailable",
  });
});

describe("OIDC discovery (JWKS_URL unset)", () => {
  test("issuer/.well-known/openid-configuration -> jwks_uri; end-to-end Allow", async () => {
    const issuer = idp.baseUrl;
    const handler = createAuthorizer(baseConfig({ issuer, jwksUrl: undefined }), {
      routes: staticRouteLoader({ [API_ID]: ORDERS_TABLE }),
      log: () => undefined,
    });
    const d = idp.discoveryHits;
    const token = await mint(k1, { claims: { iss: issuer } });
    const res = await handler(tokenEvent(`Bearer ${token}`));
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/orders/1"))).toBe("Allow");
    await handler(tokenEvent(`Bearer ${await mint(k1, { claims: { iss: issuer, sub: "u2" } })}`));
    expect(idp.discoveryHits - d).toBe(1);
  });

  test("discovery document for a different issuer is refused", async () => {
    idp.discoveryIssuer = "https://evil.example";
    const src = new RemoteJwks({ issuer: idp.baseUrl, timeoutMs: 1000, cacheSeconds: 600, cooldownSeconds: 30 });
    await expect(src.getKey({ alg: "RS256", kid: "k1" })).rejects.toMatchObject({ reason: "jwks_unavailable" });
  });
});
