/**
 * The deployable artifact: reproducible zip, one `index.js` exporting `handler`, and the
 * bundled code (not the TS sources) actually verifying a real token.
 */
jest.mock("jose", () => require("./support/jose-cjs").joseCommonJs());

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { inflateRawSync } from "node:zlib";
import { buildAuthorizer, crc32, createZip, type BuildResult } from "../../authorizer/build";
import { API_ID, ORDERS_TABLE, TestIdp, arn, baseConfig, evaluatePolicy, makeKey, mint, tokenEvent } from "./support/fixtures";

interface UnzippedEntry {
  name: string;
  method: number;
  dosTime: number;
  dosDate: number;
  unixMode: number;
  data: Buffer;
}

/** Independent reader: walks the central directory and inflates each entry with node:zlib. */
function unzip(zip: Buffer): UnzippedEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: UnzippedEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const usize = zip.readUInt32LE(p + 24);
    const nlen = zip.readUInt16LE(p + 28);
    const xlen = zip.readUInt16LE(p + 30);
    const clen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nlen);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(data.length).toBe(usize);
    expect(crc32(data)).toBe(crc);
    out.push({
      name,
      method,
      dosTime: zip.readUInt16LE(p + 12),
      dosDate: zip.readUInt16LE(p + 14),
      unixMode: zip.readUInt32LE(p + 38) >>> 16,
      data,
    });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

/** Evaluate the bundled CommonJS module; `@aws-sdk/*` (external) resolves from the repo like on Lambda's runtime. */
function loadBundle(code: string): Record<string, unknown> {
  const mod = { exports: {} as Record<string, unknown> };
  const req = createRequire(path.join(__dirname, "..", "..", "package.json"));
  new Function("module", "exports", "require", code)(mod, mod.exports, req);
  return mod.exports;
}

const tmpDirs: string[] = [];
const tmp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "authorizer-build-"));
  tmpDirs.push(d);
  return d;
};

let first: BuildResult;
let second: BuildResult;
let entries: UnzippedEntry[];

beforeAll(async () => {
  first = await buildAuthorizer(tmp());
  second = await buildAuthorizer(tmp());
  entries = unzip(fs.readFileSync(first.zipPath));
}, 60_000);

afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

test("two builds give byte-identical zips (same sha256)", () => {
  expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(second.sha256).toBe(first.sha256);
  expect(first.zipPath).not.toBe(second.zipPath);
  expect(fs.readFileSync(second.zipPath).equals(fs.readFileSync(first.zipPath))).toBe(true);
  const onDisk = createHash("sha256").update(fs.readFileSync(first.zipPath)).digest("hex");
  expect(onDisk).toBe(first.sha256);
  expect(first.bytes).toBe(fs.statSync(first.zipPath).size);
});

test("zip holds exactly index.js with fixed timestamp and 0644 mode", () => {
  expect(entries.map((e) => e.name)).toEqual(["index.js"]);
  const [e] = entries;
  expect(e.method).toBe(8);
  expect(e.dosTime).toBe(0);
  expect(e.dosDate).toBe(0x21); // 1980-01-01
  expect(e.unixMode).toBe(0o100644);
  expect(e.data.length).toBe(first.bundleBytes);
});

test("index.js exports handler (and only requires @aws-sdk/* and node builtins)", () => {
  const code = entries[0].data.toString("utf8");
  const exported = loadBundle(code);
  expect(typeof exported.handler).toBe("function");
  const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  for (const r of required) expect(r).toMatch(/^(@aws-sdk\/|node:|crypto$|util$|buffer$)/);
  expect(required).toContain("@aws-sdk/client-ssm");
});

test("bundle contains no machine paths and no source map", () => {
  const code = entries[0].data.toString("utf8");
  expect(code).not.toContain(path.resolve(__dirname, "..", ".."));
  expect(code).not.toContain(os.homedir());
  expect(code).not.toMatch(/sourceMappingURL/);
});

test("the bundled code verifies a real token and returns Allow", async () => {
  const idp = await new TestIdp().start();
  try {
    const key = await makeKey("ES256", "bundle-k");
    idp.keys = [key.jwk];
    const mod = loadBundle(entries[0].data.toString("utf8")) as {
      createAuthorizer: typeof import("../../authorizer/src/handler").createAuthorizer;
      staticRouteLoader: typeof import("../../authorizer/src/routes").staticRouteLoader;
    };
    const handler = mod.createAuthorizer(baseConfig({ jwksUrl: idp.jwksUrl }), {
      routes: mod.staticRouteLoader({ [API_ID]: ORDERS_TABLE }),
      log: () => undefined,
    });
    const res = await handler(tokenEvent(`Bearer ${await mint(key)}`));
    expect(evaluatePolicy(res.policyDocument, arn("GET", "/orders/1"))).toBe("Allow");
    await expect(handler(tokenEvent(`Bearer ${await mint(key, { claims: { aud: "x" } })}`))).rejects.toThrow(
      /^Unauthorized$/,
    );
  } finally {
    await idp.close();
  }
});

test("bundled `handler` with missing configuration fails the invocation (never Allow)", async () => {
  const saved = { ...process.env };
  const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    delete process.env.OIDC_ISSUER;
    const { handler } = loadBundle(entries[0].data.toString("utf8")) as {
      handler: (e: unknown, c: unknown) => Promise<unknown>;
    };
    await expect(handler(tokenEvent("Bearer x.y.z"), { awsRequestId: "cfg" })).rejects.toThrow(/OIDC_ISSUER/);
    const line = JSON.parse(String(write.mock.calls[0][0]));
    expect(line).toMatchObject({ level: "error", reason: "config_error", requestId: "cfg" });
  } finally {
    write.mockRestore();
    process.env = saved;
  }
});

test("`unzip -t` (when installed) accepts the archive", () => {
  const probe = spawnSync("unzip", ["-v"], { encoding: "utf8" });
  if (probe.error) return; // unzip not installed: the node:zlib reader above already covered it
  const r = spawnSync("unzip", ["-t", first.zipPath], { encoding: "utf8" });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("index.js");
});

test("zip writer: stored entries, sorted names, CRC32 check value", () => {
  expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  const z = createZip([
    { name: "b.txt", data: Buffer.from("x") }, // too small to deflate: stored
    { name: "a.txt", data: Buffer.from("a".repeat(1000)) },
  ]);
  const es = unzip(z);
  expect(es.map((e) => [e.name, e.method])).toEqual([
    ["a.txt", 8],
    ["b.txt", 0],
  ]);
  expect(es[1].data.toString()).toBe("x");
  expect(createZip([{ name: "a", data: Buffer.from("q") }]).equals(createZip([{ name: "a", data: Buffer.from("q") }]))).toBe(
    true,
  );
});

describe("build cache (authorizer.build.json)", () => {
  test("a second build into the same folder reuses the zip; a changed zip or key rebuilds it", async () => {
    const dir = tmp();
    const a = await buildAuthorizer(dir);
    const manifestFile = path.join(dir, "authorizer.build.json");
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    expect(manifest.inputs).toEqual(expect.arrayContaining(["authorizer/src/index.ts", "authorizer/src/handler.ts"]));
    expect(manifest.inputs.some((f: string) => f.includes("node_modules/jose/"))).toBe(true); // a linked node_modules (a copy of the repository) is outside the root
    const mtime = fs.statSync(a.zipPath).mtimeMs;
    const b = await buildAuthorizer(dir);
    expect(b).toEqual(a);
    expect(fs.statSync(b.zipPath).mtimeMs).toBe(mtime); // not rewritten

    // an input that changed (simulated by the recorded key) is rebuilt, to the same bytes
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, key: "0".repeat(64) }));
    const c = await buildAuthorizer(dir);
    expect(c.sha256).toBe(a.sha256);
    expect(JSON.parse(fs.readFileSync(manifestFile, "utf8")).key).toBe(manifest.key);

    // a zip changed on disk is never reused
    fs.writeFileSync(a.zipPath, "not a zip");
    const d = await buildAuthorizer(dir);
    expect(d.sha256).toBe(a.sha256);
    expect(createHash("sha256").update(fs.readFileSync(d.zipPath)).digest("hex")).toBe(a.sha256);
  }, 60_000);
});
