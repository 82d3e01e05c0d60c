import * as crypto from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import type { AuthorizerConfig } from "../../../authorizer/src/config";
import type { LogRecord } from "../../../authorizer/src/log";

export * from "./apigw";
import { AUDIENCE, ISSUER, arn } from "./apigw";

export interface SigningKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export async function makeKey(alg: "RS256" | "ES256", kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, publicKey, jwk };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface MintOptions {
  claims?: JWTPayload;
  /** Remove these standard claims from the default set. */
  omit?: Array<"exp" | "sub" | "iss" | "aud" | "iat">;
  header?: Record<string, unknown>;
  kid?: string;
}

export async function mint(key: SigningKey, opts: MintOptions = {}): Promise<string> {
  const t = nowSeconds();
  const claims: JWTPayload = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "user-123",
    iat: t,
    exp: t + 300,
    scope: "orders:read",
    ...opts.claims,
  };
  for (const k of opts.omit ?? []) delete claims[k];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: opts.kid ?? key.kid, typ: "JWT", ...opts.header })
    .sign(key.privateKey);
}

export const b64url = (v: unknown): string =>
  Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

export function defaultClaims(extra: JWTPayload = {}): JWTPayload {
  const t = nowSeconds();
  return { iss: ISSUER, aud: AUDIENCE, sub: "user-123", iat: t, exp: t + 300, scope: "orders:read", ...extra };
}

/** HS256 token whose HMAC secret is `secret` (used for the key-confusion attack). */
export function hmacToken(secret: string | Buffer, kid: string, claims: JWTPayload = defaultClaims()): string {
  const input = `${b64url({ alg: "HS256", typ: "JWT", kid })}.${b64url(claims)}`;
  const sig = crypto.createHmac("sha256", secret).update(input).digest("base64url");
  return `${input}.${sig}`;
}

export type IdpMode = "ok" | "slow" | "error";

/** A real OIDC-ish server on 127.0.0.1: `/jwks.json` and `/.well-known/openid-configuration`. */
export class TestIdp {
  private server?: http.Server;
  keys: JWK[] = [];
  mode: IdpMode = "ok";
  slowMs = 5_000;
  jwksHits = 0;
  discoveryHits = 0;
  /** Issuer advertised by discovery; defaults to the server's own base URL. */
  discoveryIssuer?: string;
  private timers = new Set<NodeJS.Timeout>();

  get baseUrl(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error("TestIdp not started");
    return `http://127.0.0.1:${addr.port}`;
  }
  get jwksUrl(): string {
    return `${this.baseUrl}/jwks.json`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const respond = (): void => {
        if (this.mode === "error") {
          res.writeHead(503).end("unavailable");
          return;
        }
        if (req.url === "/jwks.json") {
          this.jwksHits++;
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: this.keys }));
        } else if (req.url === "/.well-known/openid-configuration") {
          this.discoveryHits++;
          res
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify({ issuer: this.discoveryIssuer ?? this.baseUrl, jwks_uri: this.jwksUrl }));
        } else {
          res.writeHead(404).end();
        }
      };
      if (this.mode === "slow") {
        const t = setTimeout(() => {
          this.timers.delete(t);
          if (!res.destroyed) respond();
        }, this.slowMs);
        this.timers.add(t);
      } else {
        respond();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** Port that was listening a moment ago and is now closed (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/jwks.json`;
}

export function baseConfig(over: Partial<AuthorizerConfig> = {}): AuthorizerConfig {
  return {
    issuer: ISSUER,
    audiences: [AUDIENCE],
    jwksUrl: undefined,
    algorithms: ["RS256", "ES256"],
    clockSkewSeconds: 60,
    jwksTimeoutMs: 1500,
    jwksCacheSeconds: 600,
    jwksCooldownSeconds: 30,
    routesParameterPrefix: "/acme/test/authz/",
    routesCacheSeconds: 60,
    routesTimeoutMs: 1500,
    deadlineMs: 3500,
    identityClaims: [],
    logLevel: "debug",
    ...over,
  };
}

export function tokenEvent(authorizationToken: string | undefined, methodArn = arn("GET", "/orders/123")) {
  return { type: "TOKEN", methodArn, ...(authorizationToken === undefined ? {} : { authorizationToken }) };
}

export function logCollector(): { records: LogRecord[]; sink: (r: LogRecord) => void } {
  const records: LogRecord[] = [];
  return { records, sink: (r) => void records.push(r) };
}
