/**
 * npm run smoke (ops/smoke.ts): expectations derived from the routes, and the runner against a
 * fake gateway on 127.0.0.1 that enforces tokens and scopes like the shared authorizer (401 no
 * token, 403 missing scope) and a tiny throttle (429) — plus a gateway that lets a missing scope
 * through, which the smoke test must catch (exit 1).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { deriveChecks, runChecks, samplePath, smokeMain, type SmokeCheck } from "../../ops/smoke";
import { devFixture, localFixture } from "../fixtures/env";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const env = (edit?: (e: Raw) => void): Environment => {
  const r = validateEnvironment(devFixture(edit));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
};
// tokens are opaque to the smoke test; the fake gateway reads the scopes after "scopes:"
const TOKENS = { all: "tok-all scopes:orders:read,orders:write,payments:read,payments:write", wrong: "tok-wrong scopes:none", byScope: {} };
const e = env((x) => {
  const o = x.apps.find((a: Raw) => a.name === "orders");
  o.routes.push({ method: "GET", path: "/tiny", scopes: ["orders:read"], throttling: { rateLimit: 1, burstLimit: 2 } });
});

describe("deriving the expectations", () => {
  const checks = deriveChecks(e, { tokens: TOKENS });
  const of = (app: string, method: string, route: string) => checks.filter((c) => c.app === app && c.method === method && c.route === route).map((c) => [c.token, c.expect, c.skip ?? ""]);

  it("a protected route: 401 without a token, 403 with a wrong scope, not 401/403 with the right one", () => {
    expect(of("orders", "GET", "/{orderId}")).toEqual([
      ["none", { status: 401 }, ""],
      ["wrong", { status: 403 }, ""],
      ["right", { not: [401, 403] }, ""],
    ]);
  });

  it("a public route: not 401/403 without a token; a tiny throttle: a 429 check", () => {
    const pub = checks.find((c) => c.app === "orders" && c.route === "/health")!;
    expect([pub.token, pub.expect]).toEqual(["none", { not: [401, 403] }]);
    const tiny = checks.find((c) => c.route === "/tiny" && c.expect && "status" in c.expect && c.expect.status === 429)!;
    expect(tiny.burst).toBeGreaterThan(2);
    expect(checks.some((c) => c.route === "/{orderId}" && "status" in c.expect && c.expect.status === 429)).toBe(false);
  });

  it("unsafe methods with the right token are skipped unless --include-unsafe; missing tokens say which flag", () => {
    const post = of("orders", "POST", "/").find(([t]) => t === "right")!;
    expect(post[2]).toMatch(/--include-unsafe/);
    expect(deriveChecks(e, { tokens: TOKENS, includeUnsafe: true }).find((c) => c.app === "orders" && c.method === "POST" && c.token === "right")!.skip).toBeUndefined();
    const none = deriveChecks(e, { tokens: {} }).filter((c) => c.token !== "none");
    expect(none.every((c) => c.skip)).toBe(true);
    expect(none.find((c) => c.token === "wrong")!.skip).toMatch(/--wrong-token-env/);
  });

  it("sample paths fill every variable", () => {
    expect(samplePath("/{orderId}/items/{proxy+}")).toBe("/smoke-orderId/items/smoke/proxy");
  });

  it("on moto every check is 'not checkable in moto', none passes", async () => {
    const r = validateEnvironment(localFixture());
    if (!r.ok) throw new Error("local fixture");
    const checks = deriveChecks(r.env, { tokens: TOKENS });
    expect(checks.length).toBeGreaterThan(0);
    const results = await runChecks(checks, TOKENS, async () => {
      throw new Error("nothing may be sent to moto");
    });
    expect(results.every((x) => x.outcome === "not checkable")).toBe(true);
  });
});

/** A gateway that answers like the shared authorizer for the environment's routes. */
function fakeGateway(e: Environment, opts: { ignoreScopes?: boolean } = {}) {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    const app = e.apps.find((a) => url.pathname.startsWith(`/${a.basePath}/`) || url.pathname === `/${a.basePath}`);
    const rest = app ? url.pathname.slice(app.basePath.length + 1) || "/" : "";
    // literal paths win over variables, like API Gateway
    const route = [...(app?.routes ?? [])].sort((a, b) => (a.path.match(/\{/g) ?? []).length - (b.path.match(/\{/g) ?? []).length).find((r) => r.method === req.method && new RegExp(`^${r.path.replace(/\{[^}]+\+\}/g, ".+").replace(/\{[^}]+\}/g, "[^/]+")}$`).test(rest));
    const send = (s: number): void => void res.writeHead(s, { "content-type": "application/json" }).end("{}");
    if (!route) return send(404);
    if (!route.public) {
      const auth = req.headers.authorization ?? "";
      if (!auth.startsWith("Bearer ")) return send(401);
      const scopes = (/scopes:(\S+)/.exec(auth)?.[1] ?? "").split(",");
      if (!opts.ignoreScopes && !(route.scopes ?? []).every((s) => scopes.includes(s))) return send(403);
    }
    const k = `${req.method} ${url.pathname}`;
    hits.set(k, (hits.get(k) ?? 0) + 1);
    if (route.throttling && route.throttling.burstLimit <= 10 && hits.get(k)! > route.throttling.burstLimit) return send(429);
    send(200);
  });
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) })),
  );
}

describe("running against a fake gateway on 127.0.0.1", () => {
  const vars = { SMOKE_ALL: TOKENS.all, SMOKE_WRONG: TOKENS.wrong, SMOKE_READ: "tok-read scopes:orders:read" };
  const io = (_url: string, out: string[]) => ({ out: (s: string) => void out.push(s), vars, environmentsDir: undefined });
  const file = `${__dirname}/../fixtures/environments/smoke-dev.json`;
  beforeAll(() => {
    require("node:fs").mkdirSync(require("node:path").dirname(file), { recursive: true });
    const input: Raw = devFixture((x) => x.apps.find((a: Raw) => a.name === "orders").routes.push({ method: "GET", path: "/tiny", scopes: ["orders:read"], throttling: { rateLimit: 1, burstLimit: 2 } }));
    require("node:fs").writeFileSync(file, JSON.stringify(input));
  });
  afterAll(() => require("node:fs").rmSync(file, { force: true }));

  it("a gateway that enforces tokens and scopes passes every check (exit 0)", async () => {
    const gw = await fakeGateway(e);
    const out: string[] = [];
    try {
      const code = await smokeMain(["--config", file, "--base-url", gw.url, "--token-env", "SMOKE_ALL", "--wrong-token-env", "SMOKE_WRONG", "--scope-token", "orders:read=SMOKE_READ"], io(gw.url, out));
      expect(out.filter((l) => l.startsWith("FAIL"))).toEqual([]);
      expect(code).toBe(0);
      expect(out.some((l) => /^ok {3}orders GET \/tiny: burst past 2/.test(l))).toBe(true);
      expect(out.join("\n")).not.toContain("tok-all"); // tokens are never printed
      expect(out[out.length - 1]).toMatch(/^\d+ passed, 0 failed/);
    } finally {
      await gw.close();
    }
  });

  it("a gateway that lets a missing scope through fails the 403 checks (exit 1)", async () => {
    const gw = await fakeGateway(e, { ignoreScopes: true });
    const out: string[] = [];
    try {
      const code = await smokeMain(["--config", file, "--base-url", gw.url, "--token-env", "SMOKE_ALL", "--wrong-token-env", "SMOKE_WRONG"], io(gw.url, out));
      expect(code).toBe(1);
      expect(out).toEqual(expect.arrayContaining([expect.stringMatching(/^FAIL orders GET \/\{orderId\}: wrong scope → 403 — status 200$/)]));
    } finally {
      await gw.close();
    }
  });

  it("usage errors: a missing token variable, both token flags, no --env", async () => {
    const out: string[] = [];
    await expect(smokeMain(["--config", file, "--token-env", "NOPE"], io("", out))).rejects.toThrow(/NOPE is not set/);
    await expect(smokeMain(["--config", file, "--token", "x", "--token-env", "SMOKE_ALL"], io("", out))).rejects.toThrow(/exclusive/);
    await expect(smokeMain([], io("", out))).rejects.toThrow(/--env is required/);
  });
});

// keep the type import used
export type { SmokeCheck };
