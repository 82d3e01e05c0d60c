/**
 * Bundle the authorizer with esbuild and pack it into a reproducible Lambda zip.
 *
 *   npx tsx authorizer/build.ts [outDir]   -> prints {"zipPath","sha256","bytes","bundleBytes"}
 *
 * Reproducible: the bundle is minified without source maps or paths, the zip has one
 * entry with a fixed name, fixed DOS timestamp (1980-01-01 00:00), fixed permissions
 * and no extra fields, so the same sources (and the same Node/zlib) give a
 * byte-identical zip and therefore the same hash.
 * `sha256` is hex; Terraform's `source_code_hash` wants base64 of the same digest.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { deflateRawSync } from "node:zlib";
import { build } from "esbuild";

export interface BuildResult {
  zipPath: string;
  sha256: string;
  bytes: number;
  bundleBytes: number;
}

const REPO_ROOT = path.resolve(__dirname, "..");
const ENTRY = path.join(__dirname, "src", "index.ts");

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const UNIX_FILE_0644 = (0o100644 << 16) >>> 0;

/** Minimal deterministic zip (store or deflate per entry, no data descriptors, no extra fields). */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of sorted) {
    const nameBuf = Buffer.from(name, "utf8");
    const deflated = deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const method = useDeflate ? 8 : 0;
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28); // extra length

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    // extra len, comment len, disk no., internal attrs = 0
    central.writeUInt32LE(UNIX_FILE_0644, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** esbuild bundle of authorizer/src/index.ts as a single CommonJS file (in memory). */
export async function bundleAuthorizer(): Promise<Buffer> {
  return (await bundleWithInputs()).bundle;
}

/** The bundle and the files it was built from (relative to the repository, node_modules included). */
async function bundleWithInputs(): Promise<{ bundle: Buffer; inputs: string[] }> {
  const result = await build({
    entryPoints: [ENTRY],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    external: ["@aws-sdk/*"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const out = result.outputFiles?.[0];
  if (!out) throw new Error("esbuild produced no output");
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.relative(REPO_ROOT, path.resolve(REPO_ROOT, f)).split(path.sep).join("/")).sort();
  return { bundle: Buffer.from(out.contents), inputs };
}

/**
 * The key of a build: what decides the zip's bytes — Node (zlib), esbuild, this file and every
 * input of the bundle. undefined when an input is gone.
 */
async function buildKey(inputs: readonly string[]): Promise<string | undefined> {
  const h = createHash("sha256");
  h.update(`node ${process.version} esbuild ${(require("esbuild/package.json") as { version: string }).version}\0`); // eslint-disable-line @typescript-eslint/no-require-imports
  try {
    for (const rel of ["authorizer/build.ts", ...inputs]) h.update(`${rel}\0`).update(await fs.readFile(path.join(REPO_ROOT, rel)));
  } catch {
    return undefined;
  }
  return h.digest("hex");
}

interface BuildManifest extends BuildResult {
  readonly key: string;
  readonly inputs: readonly string[];
}

/** A previous build in `outDir` whose inputs are unchanged (every input re-read and hashed), or undefined. */
async function cachedBuild(outDir: string): Promise<BuildResult | undefined> {
  let manifest: BuildManifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(outDir, "authorizer.build.json"), "utf8")) as BuildManifest;
  } catch {
    return undefined;
  }
  const zipPath = path.join(outDir, "authorizer.zip");
  const [key, zip] = await Promise.all([buildKey(manifest.inputs), fs.readFile(zipPath).catch(() => undefined)]);
  if (!zip || key !== manifest.key || createHash("sha256").update(zip).digest("hex") !== manifest.sha256) return undefined;
  return { zipPath, sha256: manifest.sha256, bytes: manifest.bytes, bundleBytes: manifest.bundleBytes };
}

/**
 * Builds `outDir/authorizer.zip` — or reuses the one there when every input of its bundle is
 * byte-for-byte what it was built from (`authorizer.build.json` records the inputs and their key),
 * which saves an esbuild run on every synth. The zip is reproducible, so both give the same bytes.
 */
export async function buildAuthorizer(outDir: string = path.join(REPO_ROOT, "dist", "authorizer")): Promise<BuildResult> {
  const cached = await cachedBuild(outDir);
  if (cached) return cached;
  const { bundle, inputs } = await bundleWithInputs();
  const zip = createZip([{ name: "index.js", data: bundle }]);
  await fs.mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, "authorizer.zip");
  const tmp = `${zipPath}.${process.pid}.tmp`;
  await fs.writeFile(tmp, zip);
  await fs.rename(tmp, zipPath);
  const result: BuildResult = {
    zipPath,
    sha256: createHash("sha256").update(zip).digest("hex"),
    bytes: zip.length,
    bundleBytes: bundle.length,
  };
  const key = await buildKey(inputs);
  if (key) {
    const manifestPath = path.join(outDir, "authorizer.build.json");
    await fs.writeFile(`${manifestPath}.${process.pid}.tmp`, `${JSON.stringify({ ...result, zipPath: undefined, key, inputs }, null, 2)}\n`);
    await fs.rename(`${manifestPath}.${process.pid}.tmp`, manifestPath);
  }
  return result;
}

if (require.main === module) {
  buildAuthorizer(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
