/**
 * No hang, no odd claim: every network call of the authorizer has a deadline that really cuts it
 * off (a server that accepts the connection and never answers), so a hung dependency gives a fast
 * 401 instead of a Lambda timeout; numeric claims must be finite; the maximum token age holds.
 */
jest.mock("jose", () => require("./support/jose-cjs").joseCommonJs());

import * as http from "node:http";
import { webcrypto } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SSMClient } from "@aws-sdk/client-ssm";
import { createAuthorizer } from "../../authorizer/src/handler";
import { ssmRouteLoader, staticRouteLoader } from "../../authorizer/src/routes";
import { API_ID, ORDERS_TABLE, TestIdp, arn, b64url, baseConfig, defaultClaims, logCollector, makeKey, mint, nowSeconds, tokenEvent, type SigningKey } from "./support/fixtures";

/** Accepts connections and reads requests, never answers. */
class HangingServer {
  private server = http.createServer(() => undefined);
  requests = 0;
  async start(): Promise<string> {
    this.server.on("request", () => this.requests++);
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

let hang: HangingServer;
let hangUrl: string;
let rsa: SigningKey;
let idp: TestIdp;
beforeAll(async () => {
  hang = new HangingServer();
  hangUrl = await hang.start();
  rsa = await makeKey("RS256", "rsa-1");
  idp = await new TestIdp().start();
  idp.keys = [rsa.jwk];
});
afterAll(async () => {
  await hang.close();
  await idp.close();
});

const A = arn("GET", "/orders/123");
const routes = staticRouteLoader({ [API_ID]: ORDERS_TABLE });

async function timed<T>(p: Promise<T>): Promise<{ ms: number; error?: Error; value?: T }> {
  const t = Date.now();
  try {
    const value = await p;
    return { ms: Date.now() - t, value };
  } catch (error) {
    return { ms: Date.now() - t, error: error as Error };
  }
}

describe("deadlines", () => {
  test("a hung JWKS endpoint gives a 401 within the JWKS timeout", async () => {
    const logs = logCollector();
    const handler = createAuthorizer(baseConfig({ jwksUrl: `${hangUrl}/jwks.json`, jwksTimeoutMs: 200 }), { routes, log: logs.sink });
    const r = await timed(handler(tokenEvent(`Bearer ${await mint(rsa)}`, A)));
    expect(r.error?.message).toBe("Unauthorized");
    expect(r.ms).toBeLessThan(1500);
    expect(hang.requests).toBeGreaterThan(0);
    expect(logs.records.at(-1)).toMatchObject({ decision: "Unauthorized", reason: "jwks_unavailable" });
  });

  test("a hung SSM endpoint: GetParameter is aborted at the loader's deadline", async () => {
    const client = new SSMClient({ endpoint: hangUrl, region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
    const load = ssmRouteLoader("/acme/test/authz/", client, 250);
    // warm-up: the first call loads the SDK's middleware; on a loaded machine that alone can outlast the deadline
    await load(API_ID).catch(() => undefined);
    const before = hang.requests;
    const r = await timed(load(API_ID));
    expect(r.error?.name).toBe("DeadlineExceeded");
    expect(r.ms).toBeLessThan(1500);
    expect(hang.requests).toBeGreaterThan(before); // the request really went out and hung
    client.destroy();
  });

  test("a hung route table gives a 401 at the handler's deadline", async () => {
    const logs = logCollector();
    const never = () => new Promise<never>(() => undefined);
    const handler = createAuthorizer(baseConfig({ jwksUrl: idp.jwksUrl, deadlineMs: 300 }), { routes: never, log: logs.sink });
    const r = await timed(handler(tokenEvent(`Bearer ${await mint(rsa)}`, A)));
    expect(r.error?.message).toBe("Unauthorized");
    expect(r.ms).toBeLessThan(1500);
    expect(logs.records.at(-1)).toMatchObject({ reason: "deadline_exceeded" });
  });

  test("a key source that never answers gives a 401 at the handler's deadline", async () => {
    const logs = logCollector();
    const handler = createAuthorizer(baseConfig({ deadlineMs: 300 }), { routes, keys: { getKey: () => new Promise(() => undefined) }, log: logs.sink });
    const r = await timed(handler(tokenEvent(`Bearer ${await mint(rsa)}`, A)));
    expect(r.error?.message).toBe("Unauthorized");
    expect(r.ms).toBeLessThan(1500);
    expect(logs.records.at(-1)).toMatchObject({ reason: "deadline_exceeded" });
  });
});

/** RS256 token from a raw payload text (so `1e999` reaches the verifier as written). */
async function rawToken(key: SigningKey, payloadJson: string): Promise<string> {
  const input = `${b64url({ alg: "RS256", typ: "JWT", kid: key.kid })}.${Buffer.from(payloadJson).toString("base64url")}`;
  const sig = await webcrypto.subtle.sign({ name: "RSASSA-PKCS1-v1_5" }, key.privateKey as unknown as webcrypto.CryptoKey, Buffer.from(input));
  return `${input}.${Buffer.from(sig).toString("base64url")}`;
}

describe("claims", () => {
  const handler = () => createAuthorizer(baseConfig({ jwksUrl: idp.jwksUrl }), { routes, log: logCollector().sink });

  test("a well-formed raw token is accepted (the helper signs correctly)", async () => {
    const json = JSON.stringify(defaultClaims());
    await expect(handler()(tokenEvent(`Bearer ${await rawToken(rsa, json)}`, A))).resolves.toMatchObject({ principalId: "user-123" });
  });

  test.each([
    ["exp = 1e999 (parses to Infinity: never expires)", (t: number) => `"exp":1e999,"iat":${t}`],
    ["nbf = -1e999", (t: number) => `"exp":${t + 300},"nbf":-1e999`],
    ["iat = 1e999", (t: number) => `"exp":${t + 300},"iat":1e999`],
    ["any numeric claim = 1e999", (t: number) => `"exp":${t + 300},"tenant_id":1e999`],
  ])("%s is refused", async (_what, times) => {
    const c = defaultClaims();
    const json = `{"iss":${JSON.stringify(c.iss)},"aud":${JSON.stringify(c.aud)},"sub":"user-123","scope":"orders:read",${times(nowSeconds())}}`;
    await expect(handler()(tokenEvent(`Bearer ${await rawToken(rsa, json)}`, A))).rejects.toThrow("Unauthorized");
  });

  test("exp = 1e999 is refused by the finiteness check itself (jose alone would accept it)", async () => {
    const logs = logCollector();
    const h = createAuthorizer(baseConfig({ jwksUrl: idp.jwksUrl }), { routes, log: logs.sink });
    const c = defaultClaims();
    const json = `{"iss":${JSON.stringify(c.iss)},"aud":${JSON.stringify(c.aud)},"sub":"user-123","scope":"orders:read","exp":1e999}`;
    await expect(h(tokenEvent(`Bearer ${await rawToken(rsa, json)}`, A))).rejects.toThrow("Unauthorized");
    expect(logs.records.at(-1)).toMatchObject({ reason: "invalid_claim" });
  });

  test("maximum token age: older tokens and tokens without iat are refused", async () => {
    const h = createAuthorizer(baseConfig({ jwksUrl: idp.jwksUrl, maxTokenAgeSeconds: 600 }), { routes, log: logCollector().sink });
    const t = nowSeconds();
    await expect(h(tokenEvent(`Bearer ${await mint(rsa, { claims: { iat: t - 60 } })}`, A))).resolves.toMatchObject({ principalId: "user-123" });
    await expect(h(tokenEvent(`Bearer ${await mint(rsa, { claims: { iat: t - 3600 } })}`, A))).rejects.toThrow("Unauthorized");
    await expect(h(tokenEvent(`Bearer ${await mint(rsa, { omit: ["iat"] })}`, A))).rejects.toThrow("Unauthorized");
    // without the limit the old token passes: the check is what refuses it
    const open = createAuthorizer(baseConfig({ jwksUrl: idp.jwksUrl }), { routes, log: logCollector().sink });
    await expect(open(tokenEvent(`Bearer ${await mint(rsa, { claims: { iat: t - 3600 } })}`, A))).resolves.toMatchObject({ principalId: "user-123" });
  });
});
