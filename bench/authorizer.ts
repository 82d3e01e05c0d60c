/**
 * Warm-path benchmark of the shared JWT authorizer.
 *
 *   npx tsx bench/authorizer.ts
 *
 * JWKS is fetched once from a local server on 127.0.0.1 and then served from cache; the
 * route table comes from an in-memory loader; every invocation verifies a distinct,
 * pre-signed RS256 token (so nothing but the JWKS / route caches is reused). Also builds
 * the Lambda zip (into a temp dir) to report artifact sizes.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { buildAuthorizer } from "../authorizer/build";
import { createAuthorizer } from "../authorizer/src/handler";
import { staticRouteLoader, type RouteTable } from "../authorizer/src/routes";

export interface AuthorizerBenchResult {
  p50Ms: number;
  p99Ms: number;
  iterations: number;
  zipBytes: number;
  bundleBytes: number;
}

const ITERATIONS = 2000;
const WARMUP = 50;
const ISSUER = "https://idp.bench.invalid";
const AUDIENCE = "api://bench";
const API_ID = "benchapi01";
const METHOD_ARN = `arn:aws:execute-api:eu-west-1:123456789012:${API_ID}/prod/GET/orders/42`;

const TABLE: RouteTable = {
  version: 1,
  app: "orders",
  routes: [
    { method: "GET", path: "/orders/{id}", scopes: ["orders:read"] },
    { method: "POST", path: "/orders", scopes: ["orders:write"] },
    { method: "DELETE", path: "/orders/{id}", scopes: ["orders:admin"] },
    { method: "GET", path: "/orders/{id}/audit", scopes: ["orders:admin"] },
    { method: "ANY", path: "/orders/{id}/items/{proxy+}", scopes: ["orders:read"] },
  ],
};

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export async function runAuthorizerBench(): Promise<AuthorizerBenchResult> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "bench-1", alg: "RS256", use: "sig" };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "authorizer-bench-"));

  try {
    const handler = createAuthorizer(
      {
        issuer: ISSUER,
        audiences: [AUDIENCE],
        jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
        algorithms: ["RS256", "ES256"],
        clockSkewSeconds: 60,
        jwksTimeoutMs: 1500,
        jwksCacheSeconds: 600,
        jwksCooldownSeconds: 30,
        routesParameterPrefix: "/bench/authz/",
        routesCacheSeconds: 60,
        logLevel: "info",
      },
      {
        routes: staticRouteLoader({ [API_ID]: TABLE }),
        // Serialise like the real sink, but do not spam the terminal.
        log: (record) => void JSON.stringify(record),
      },
    );

    const now = Math.floor(Date.now() / 1000);
    const tokens = await Promise.all(
      Array.from({ length: ITERATIONS + WARMUP }, (_, i) =>
        new SignJWT({ scope: i % 3 === 0 ? "orders:read orders:write" : "orders:read", tid: `t-${i % 7}` })
          .setProtectedHeader({ alg: "RS256", kid: "bench-1", typ: "JWT" })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setSubject(`user-${i}`)
          .setIssuedAt(now)
          .setExpirationTime(now + 600)
          .sign(privateKey),
      ),
    );

    for (let i = 0; i < WARMUP; i++) {
      await handler({ type: "TOKEN", authorizationToken: `Bearer ${tokens[i]}`, methodArn: METHOD_ARN });
    }

    const samples: number[] = [];
    for (let i = WARMUP; i < tokens.length; i++) {
      const event = { type: "TOKEN", authorizationToken: `Bearer ${tokens[i]}`, methodArn: METHOD_ARN };
      const t0 = performance.now();
      const res = await handler(event, { awsRequestId: `bench-${i}` });
      samples.push(performance.now() - t0);
      if (res.policyDocument.Statement[0].Effect !== "Allow") throw new Error("benchmark expected Allow");
    }
    samples.sort((a, b) => a - b);

    const artifact = await buildAuthorizer(outDir);
    const round = (n: number): number => Math.round(n * 1000) / 1000;
    return {
      p50Ms: round(percentile(samples, 50)),
      p99Ms: round(percentile(samples, 99)),
      iterations: samples.length,
      zipBytes: artifact.bytes,
      bundleBytes: artifact.bundleBytes,
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const started = Date.now();
  runAuthorizerBench().then(
    (r) => {
      console.log("authorizer (warm, JWKS cached, distinct RS256 tokens)");
      console.table({
        "p50 (ms)": r.p50Ms,
        "p99 (ms)": r.p99Ms,
        iterations: r.iterations,
        "zip (bytes)": r.zipBytes,
        "bundle (bytes)": r.bundleBytes,
      });
      console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
