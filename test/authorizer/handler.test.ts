/**
 * End-to-end behaviour of the TOKEN authorizer: real RS256/ES256 keys, real signed tokens,
 * a real JWKS server on 127.0.0.1, the production handler code. Route tables come from an
 * injected in-memory loader (the SSM loader is covered in routes.test.ts).
 */
jest.mock("jose", () => require("./support/jose-cjs").joseCommonJs());

import { exportSPKI } from "jose";
import { createAuthorizer, type AuthorizerDeps, type AuthorizerResult } from "../../authorizer/src/handler";
import type { AuthorizerConfig } from "../../authorizer/src/config";
import { staticRouteLoader } from "../../authorizer/src/routes";
import {
  API_ID,
  ACCOUNT,
  AUDIENCE,
  ORDERS_TABLE,
  REGION,
  STAGE,
  TestIdp,
  arn,
  b64url,
  baseConfig,
  closedPortUrl,
  defaultClaims,
  evaluatePolicy,
  hmacToken,
  logCollector,
  makeKey,
  mint,
  nowSeconds,
  tokenEvent,
  type SigningKey,
} from "./support/fixtures";

let idp: TestIdp;
let rsa: SigningKey;
let ec: SigningKey;
let rogue: SigningKey; // same kid as `rsa`, different key material

beforeAll(async () => {
  [rsa, ec, rogue] = await Promise.all([
    makeKey("RS256", "rsa-1"),
    makeKey("ES256", "ec-1"),
    makeKey("RS256", "rsa-1"),
  ]);
  idp = await new TestIdp().start();
  idp.keys = [rsa.jwk, ec.jwk];
});

afterAll(async () => {
  await idp.close();
});

beforeEach(() => {
  idp.mode = "ok";
});

function setup(over: Partial<AuthorizerConfig> = {}, deps: Partial<AuthorizerDeps> = {}) {
  const logs = logCollector();
  const handler = createAuthorizer(baseConfig({ jwksUrl: idp.jwksUrl, ...over }), {
    routes: staticRouteLoader({ [API_ID]: ORDERS_TABLE }),
    log: logs.sink,
    ...deps,
  });
  return { handler, logs };
}

const STAGE_PREFIX = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${STAGE}/`;
const A = arn("GET", "/orders/123"); // needs orders:read
const B = arn("POST", "/orders"); // needs orders:write
const C = arn("DELETE", "/orders/123"); // needs orders:admin

/** The call must be rejected with exactly "Unauthorized" (401) and the log must say why. */
async function expectUnauthorized(
  setupResult: ReturnType<typeof setup>,
  event: Parameters<ReturnType<typeof setup>["handler"]>[0],
  reason: string,
): Promise<void> {
  await expect(setupResult.handler(event, { awsRequestId: "req-1" })).rejects.toThrow(/^Unauthorized$/);
  const decisions = setupResult.logs.records.filter((r) => r.decision !== undefined);
  expect(decisions).toHaveLength(1);
  expect(decisions[0]).toMatchObject({ decision: "Unauthorized", reason, requestId: "req-1" });
}

function expectDenied(result: AuthorizerResult, ...arns: string[]): void {
  for (const a of arns) expect(evaluatePolicy(result.policyDocument, a)).toBe("Deny");
}

describe("valid tokens", () => {
  test("RS256 token with the right scope => Allow for the called route", async () => {
    const { handler, logs } = setup();
    const res = await handler(tokenEvent(`Bearer ${await mint(rsa)}`, A), { awsRequestId: "r-rs" });
    expect(res.principalId).toBe("user-123");
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
    expect(res.policyDocument.Statement[0]).toMatchObject({ Effect: "Allow", Action: "execute-api:Invoke" });
    expect(logs.records).toHaveLength(1);
    expect(logs.records[0]).toMatchObject({
      decision: "Allow",
      reason: "verified",
      requestId: "r-rs",
      apiId: API_ID,
      method: "GET",
      path: "/orders/123",
      sub: "user-123",
      kid: "rsa-1",
      app: "orders",
    });
  });

  test("ES256 token with the right scope => Allow", async () => {
    const { handler } = setup();
    const res = await handler(tokenEvent(`Bearer ${await mint(ec)}`, A));
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
  });

  test("scheme is case-insensitive ('bearer')", async () => {
    const { handler } = setup();
    const res = await handler(tokenEvent(`bearer ${await mint(rsa)}`, A));
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
  });

  test("scp array claim is accepted as scopes", async () => {
    const { handler } = setup();
    const token = await mint(ec, { claims: { scope: undefined, scp: ["orders:write"] } });
    const res = await handler(tokenEvent(`Bearer ${token}`, B));
    expect(evaluatePolicy(res.policyDocument, B)).toBe("Allow");
    expect(res.context.scope).toBe("orders:write");
  });

  test("comma-separated audiences: a token for the second audience is accepted", async () => {
    const { handler } = setup({ audiences: ["https://other.example", AUDIENCE] });
    const res = await handler(tokenEvent(`Bearer ${await mint(rsa)}`, A));
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
  });

  test("REQUEST-shaped event: headers.authorization is honoured", async () => {
    const { handler } = setup();
    const token = await mint(rsa);
    const res = await handler({ type: "REQUEST", methodArn: A, headers: { authorization: `Bearer ${token}` } });
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
  });

  test("identity context: sub, scope, client_id and the configured claims — strings only", async () => {
    const { handler } = setup({ identityClaims: [{ claim: "tid", key: "claim_tenant" }] });
    const token = await mint(rsa, {
      claims: { scope: "orders:read orders:write", client_id: "web-app", azp: "web-azp", tid: "tenant-42" },
    });
    const res = await handler(tokenEvent(`Bearer ${token}`, A));
    expect(res.context).toEqual({ sub: "user-123", scope: "orders:read orders:write", client_id: "web-app", claim_tenant: "tenant-42" });
  });

  test("every key is always present ('-' when unusable, never empty), so the gateway's headers always overwrite the client's", async () => {
    const { handler } = setup({ identityClaims: [{ claim: "tenant", key: "claim_tenant" }, { claim: "org", key: "claim_org" }] });
    const token = await mint(rsa, { claims: { tenant: { id: 1 }, client_id: ["x"] } });
    const res = await handler(tokenEvent(`Bearer ${token}`, A));
    expect(res.context).toEqual({ sub: "user-123", scope: "orders:read", client_id: "-", claim_tenant: "-", claim_org: "-" });
    for (const v of Object.values(res.context)) expect(typeof v).toBe("string");
  });

  test("azp stands in for a missing client_id; numbers and booleans become strings", async () => {
    const { handler } = setup({ identityClaims: [{ claim: "org", key: "claim_org" }] });
    const token = await mint(rsa, { claims: { azp: "spa", org: 42 } });
    expect((await handler(tokenEvent(`Bearer ${token}`, A))).context).toMatchObject({ client_id: "spa", claim_org: "42" });
  });

  test("bounded sizes: long or unprintable identifiers become '-' (never truncated), scopes cut at a whole scope", async () => {
    const { handler } = setup({ identityClaims: [{ claim: "tid", key: "claim_tenant" }, { claim: "org", key: "claim_org" }] });
    const many = Array.from({ length: 300 }, (_, i) => `s${i}:read`);
    const token = await mint(rsa, { claims: { scope: ["orders:read", ...many].join(" "), tid: "t".repeat(257), org: "a\r\nX-Evil: 1", client_id: "c".repeat(256) } });
    const res = await handler(tokenEvent(`Bearer ${token}`, A));
    expect(res.context.claim_tenant).toBe("-");
    expect(res.context.claim_org).toBe("-");
    expect(res.context.client_id).toBe("c".repeat(256));
    expect(res.context.scope.length).toBeLessThanOrEqual(1024);
    expect(res.context.scope.startsWith("orders:read s0:read")).toBe(true);
    expect(res.context.scope.split(" ").every((s) => s === "orders:read" || /^s\d+:read$/.test(s))).toBe(true);
    expect(JSON.stringify(res.context).length).toBeLessThan(4096);
  });
});

describe("clock skew", () => {
  test("expired 30 s ago is accepted with 60 s tolerance", async () => {
    const { handler } = setup({ clockSkewSeconds: 60 });
    const t = nowSeconds();
    const token = await mint(rsa, { claims: { iat: t - 600, exp: t - 30 } });
    const res = await handler(tokenEvent(`Bearer ${token}`, A));
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
  });

  test("nbf 30 s in the future is accepted with 60 s tolerance", async () => {
    const { handler } = setup({ clockSkewSeconds: 60 });
    const token = await mint(rsa, { claims: { nbf: nowSeconds() + 30 } });
    const res = await handler(tokenEvent(`Bearer ${token}`, A));
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
  });

  test("the same 30 s-expired token is rejected with zero tolerance (the check can fail)", async () => {
    const s = setup({ clockSkewSeconds: 0 });
    const t = nowSeconds();
    const token = await mint(rsa, { claims: { iat: t - 600, exp: t - 30 } });
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`, A), "expired");
  });
});

describe("policy is correct under result caching (reused for other methods/paths)", () => {
  test("token with read+write: policy from a call to A also allows B and does not allow C", async () => {
    const { handler } = setup();
    const token = await mint(rsa, { claims: { scope: "orders:read orders:write" } });
    const res = await handler(tokenEvent(`Bearer ${token}`, A));
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
    expect(evaluatePolicy(res.policyDocument, B)).toBe("Allow"); // cached policy reused for B
    expect(evaluatePolicy(res.policyDocument, C)).toBe("Deny"); // ...but never for C
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/orders/9/audit"))).toBe("Deny");
    // Not just event.methodArn:
    const allowResources = res.policyDocument.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => s.Resource);
    expect(allowResources).not.toEqual([A]);
    expect(allowResources).toEqual(expect.arrayContaining([`${STAGE_PREFIX}GET/orders/*`, `${STAGE_PREFIX}POST/orders`]));
  });

  test("the policy returned for a call to C (denied route) still allows A and B", async () => {
    const { handler } = setup();
    const token = await mint(rsa, { claims: { scope: "orders:read orders:write" } });
    const res = await handler(tokenEvent(`Bearer ${token}`, C));
    expect(evaluatePolicy(res.policyDocument, C)).toBe("Deny");
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
    expect(evaluatePolicy(res.policyDocument, B)).toBe("Allow");
  });

  test("`*` spans '/': a stricter nested route (GET /orders/{id}/audit) gets an explicit Deny", async () => {
    const { handler } = setup();
    const res = await handler(tokenEvent(`Bearer ${await mint(rsa)}`, A)); // orders:read only
    // Without the Deny statement, `GET/orders/*` would also match the audit route.
    const deny = res.policyDocument.Statement.find((s) => s.Effect === "Deny");
    expect(deny?.Resource).toContain(`${STAGE_PREFIX}GET/orders/*/audit`);
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/orders/1/audit"))).toBe("Deny");
    expect(evaluatePolicy(res.policyDocument, A)).toBe("Allow");
  });

  test("the policy covers only the stage and API from the methodArn", async () => {
    const { handler } = setup({}, { routes: staticRouteLoader({ [API_ID]: ORDERS_TABLE, other1234: ORDERS_TABLE }) });
    const res = await handler(tokenEvent(`Bearer ${await mint(rsa)}`, A));
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/orders/1", API_ID, "dev"))).toBe("Deny");
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/orders/1", "other1234"))).toBe("Deny");
  });

  test("ANY route: every verb allowed explicitly; `*` never spans the method segment", async () => {
    const table = {
      version: 1 as const,
      app: "files",
      routes: [
        { method: "ANY" as const, path: "/files/{proxy+}", scopes: ["files:rw"] },
        { method: "GET" as const, path: "/admin/files", scopes: ["admin"] },
      ],
    };
    const { handler } = setup({}, { routes: staticRouteLoader({ [API_ID]: table }) });
    const token = await mint(rsa, { claims: { scope: "files:rw" } });
    const res = await handler(tokenEvent(`Bearer ${token}`, arn("PUT", "/files/a/b.txt")));
    for (const m of ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
      expect(evaluatePolicy(res.policyDocument, arn(m, "/files/x/y"))).toBe("Allow");
    }
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/admin/files"))).toBe("Deny");
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/files"))).toBe("Deny"); // {proxy+} needs a segment
  });

  test("empty scopes route: any valid token is allowed there", async () => {
    const { handler } = setup();
    const token = await mint(rsa, { claims: { scope: "unrelated" } });
    const res = await handler(tokenEvent(`Bearer ${token}`, arn("GET", "/health/deep")));
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/health/deep"))).toBe("Allow");
    expectDenied(res, A, B, C);
  });
});

describe("hostile and broken tokens (each ends in 401 Unauthorized or a Deny, never Allow)", () => {
  test("alg none", async () => {
    const s = setup();
    const token = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(defaultClaims())}.`;
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "alg_not_allowed");
  });

  test("alg none with a junk signature", async () => {
    const s = setup();
    const token = `${b64url({ alg: "none" })}.${b64url(defaultClaims())}.${b64url("x")}`;
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "alg_not_allowed");
  });

  test("HS256 signed with the RSA public key as the HMAC secret (key confusion)", async () => {
    const s = setup();
    const pem = await exportSPKI(rsa.publicKey);
    await expectUnauthorized(s, tokenEvent(`Bearer ${hmacToken(pem, rsa.kid)}`), "alg_not_allowed");
    // same with the JWK JSON as the secret
    const s2 = setup();
    await expectUnauthorized(s2, tokenEvent(`Bearer ${hmacToken(JSON.stringify(rsa.jwk), rsa.kid)}`), "alg_not_allowed");
  });

  test("allowed-by-JWKS but not-allowed-by-config algorithm (ES256 when ALLOWED_ALGS=RS256)", async () => {
    const s = setup({ algorithms: ["RS256"] });
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(ec)}`), "alg_not_allowed");
  });

  test("wrong key (same kid, other key)", async () => {
    const s = setup();
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rogue)}`), "bad_signature");
  });

  test("tampered payload (scope escalation) breaks the signature", async () => {
    const s = setup();
    const [h, , sig] = (await mint(rsa)).split(".");
    const forged = `${h}.${b64url(defaultClaims({ scope: "orders:read orders:admin" }))}.${sig}`;
    await expectUnauthorized(s, tokenEvent(`Bearer ${forged}`, C), "bad_signature");
  });

  test("unknown kid (and repeated unknown kids do not cause a JWKS fetch storm)", async () => {
    const s = setup();
    const before = idp.jwksHits;
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa, { kid: "nope-0" })}`), "no_matching_key");
    for (let i = 1; i <= 20; i++) {
      await expect(s.handler(tokenEvent(`Bearer ${await mint(rsa, { kid: `nope-${i}` })}`))).rejects.toThrow(
        /^Unauthorized$/,
      );
    }
    // One initial load; the refetch for an unknown kid is inside the cooldown window.
    expect(idp.jwksHits - before).toBe(1);
  });

  test("wrong iss", async () => {
    const s = setup();
    const token = await mint(rsa, { claims: { iss: "https://evil.example" } });
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "bad_issuer");
  });

  test("wrong aud", async () => {
    const s = setup();
    const token = await mint(rsa, { claims: { aud: "https://some-other-api.example" } });
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "bad_audience");
  });

  test("expired (beyond skew)", async () => {
    const s = setup();
    const t = nowSeconds();
    const token = await mint(rsa, { claims: { iat: t - 3600, exp: t - 120 } });
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "expired");
  });

  test("not yet valid (nbf in the future beyond skew)", async () => {
    const s = setup();
    const token = await mint(rsa, { claims: { nbf: nowSeconds() + 600 } });
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "not_yet_valid");
  });

  test("missing exp", async () => {
    const s = setup();
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa, { omit: ["exp"] })}`), "missing_claim");
  });

  test("missing sub", async () => {
    const s = setup();
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa, { omit: ["sub"] })}`), "missing_sub");
  });

  test("missing scope for the called route => Deny for that route (policy asserted)", async () => {
    const { handler, logs } = setup();
    const res = await handler(tokenEvent(`Bearer ${await mint(rsa)}`, B)); // read-only token calls POST
    expect(evaluatePolicy(res.policyDocument, B)).toBe("Deny");
    expect(res.policyDocument.Statement.find((s) => s.Effect === "Allow")?.Resource).toEqual([
      `${STAGE_PREFIX}GET/health/deep`,
      `${STAGE_PREFIX}GET/orders/*`,
    ]);
    expect(logs.records[0]).toMatchObject({ decision: "Allow", allowedRoutes: 2 });
  });

  test("token holding no route's scopes => blanket Deny on <apiId>/<stage>/*/*", async () => {
    const table = { ...ORDERS_TABLE, routes: ORDERS_TABLE.routes.filter((r) => r.scopes.length > 0) };
    const { handler, logs } = setup({}, { routes: staticRouteLoader({ [API_ID]: table }) });
    const token = await mint(rsa, { claims: { scope: "billing:read" } });
    const res = await handler(tokenEvent(`Bearer ${token}`, A));
    expect(res.policyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Deny", Resource: [`${STAGE_PREFIX}*/*`] }],
    });
    expectDenied(res, A, B, C);
    expect(logs.records[0]).toMatchObject({ decision: "Deny", reason: "no_route_scopes" });
  });

  test("malformed base64 in a segment", async () => {
    const s = setup();
    const [h, p] = (await mint(rsa)).split(".");
    await expectUnauthorized(s, tokenEvent(`Bearer ${h}.${p}!!.c2ln`), "malformed_token");
  });

  test("header segment is base64url but not JSON", async () => {
    const s = setup();
    await expectUnauthorized(s, tokenEvent(`Bearer ${b64url("not json")}.${b64url(defaultClaims())}.c2ln`), "malformed_token");
  });

  test("two segments only", async () => {
    const s = setup();
    const [h, p] = (await mint(rsa)).split(".");
    await expectUnauthorized(s, tokenEvent(`Bearer ${h}.${p}`), "malformed_token");
  });

  test("oversized JWS header (> 8 KiB), even though validly signed", async () => {
    const s = setup();
    const token = await mint(rsa, { header: { pad: "x".repeat(7000) } });
    expect(token.split(".")[0].length).toBeGreaterThan(8 * 1024);
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "header_too_large");
  });

  test("oversized token (> 16 KiB)", async () => {
    const s = setup();
    const token = await mint(rsa, { claims: { junk: "y".repeat(17 * 1024) } });
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "token_too_large");
  });

  test("token in the wrong header (REQUEST event, X-Api-Token)", async () => {
    const s = setup();
    const token = await mint(rsa);
    await expectUnauthorized(
      s,
      { type: "REQUEST", methodArn: A, headers: { "X-Api-Token": `Bearer ${token}`, Cookie: `auth=${token}` } },
      "missing_token",
    );
  });

  test("REQUEST event: a top-level authorizationToken field is not a header and is ignored", async () => {
    const s = setup();
    const token = await mint(rsa);
    await expectUnauthorized(
      s,
      { type: "REQUEST", methodArn: A, authorizationToken: `Bearer ${token}`, headers: { Host: "x" } },
      "missing_token",
    );
  });

  test("missing 'Bearer' scheme (bare JWT)", async () => {
    const s = setup();
    await expectUnauthorized(s, tokenEvent(await mint(rsa)), "bad_scheme");
  });

  test("other scheme (Basic)", async () => {
    const s = setup();
    await expectUnauthorized(s, tokenEvent(`Basic ${Buffer.from("u:p").toString("base64")}`), "bad_scheme");
  });

  test("no token at all / empty Bearer", async () => {
    await expectUnauthorized(setup(), tokenEvent(undefined), "missing_token");
    await expectUnauthorized(setup(), tokenEvent("Bearer "), "bad_scheme");
  });

  test("malformed methodArn", async () => {
    const s = setup();
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa)}`, "arn:aws:lambda:x"), "bad_method_arn");
  });

  test("JWKS down (server closed)", async () => {
    const s = setup({ jwksUrl: await closedPortUrl() });
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa)}`), "jwks_unavailable");
  });

  test("JWKS answering 503", async () => {
    idp.mode = "error";
    const s = setup();
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa)}`), "jwks_unavailable");
  });

  test("JWKS slow (delays beyond the timeout): 401 well within the time budget", async () => {
    idp.mode = "slow";
    idp.slowMs = 10_000;
    const s = setup({ jwksTimeoutMs: 250 });
    const token = await mint(rsa);
    const started = Date.now();
    await expectUnauthorized(s, tokenEvent(`Bearer ${token}`), "jwks_unavailable");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(2000);
    // While backing off after the failure, further calls fail fast without waiting again.
    const again = Date.now();
    await expect(s.handler(tokenEvent(`Bearer ${token}`))).rejects.toThrow(/^Unauthorized$/);
    expect(Date.now() - again).toBeLessThan(100);
  });

  test("route table unreadable (loader throws)", async () => {
    const s = setup({}, {
      routes: async () => {
        throw Object.assign(new Error("AccessDeniedException"), { name: "AccessDeniedException" });
      },
    });
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa)}`), "routes_unavailable");
  });

  test("route table corrupt (invalid JSON in the parameter)", async () => {
    const s = setup({}, { routes: staticRouteLoader({ [API_ID]: "{not json" }) });
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa)}`), "routes_unavailable");
  });

  test("no route table for this API id", async () => {
    const s = setup({}, { routes: staticRouteLoader({}) });
    await expectUnauthorized(s, tokenEvent(`Bearer ${await mint(rsa)}`), "routes_unavailable");
  });
});

describe("decision logs", () => {
  test("one JSON line per decision, never the token or its signature", async () => {
    const s = setup();
    const good = await mint(rsa);
    const bad = await mint(rogue);
    await s.handler(tokenEvent(`Bearer ${good}`, A), { awsRequestId: "a" });
    await expect(s.handler(tokenEvent(`Bearer ${bad}`, A), { awsRequestId: "b" })).rejects.toThrow("Unauthorized");
    expect(s.logs.records.map((r) => [r.requestId, r.decision])).toEqual([
      ["a", "Allow"],
      ["b", "Unauthorized"],
    ]);
    const text = s.logs.records.map((r) => JSON.stringify(r)).join("\n");
    for (const t of [good, bad]) {
      const [h, p, sig] = t.split(".");
      expect(text).not.toContain(sig);
      expect(text).not.toContain(p);
      expect(text).not.toContain(h);
    }
    for (const r of s.logs.records) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(["requestId", "apiId", "method", "path", "decision", "reason", "kid"]),
      );
    }
  });

  test("sub is logged only once the signature is verified", async () => {
    const s = setup();
    const forged = await mint(rogue, { claims: { sub: "victim" } });
    await expect(s.handler(tokenEvent(`Bearer ${forged}`))).rejects.toThrow("Unauthorized");
    expect(s.logs.records[0].sub).toBeUndefined();
  });

  test("LOG_LEVEL=error suppresses Allow lines", async () => {
    const s = setup({ logLevel: "error" });
    await s.handler(tokenEvent(`Bearer ${await mint(rsa)}`, A));
    expect(s.logs.records).toHaveLength(0);
  });
});
