/**
 * Runs a command module from a precompiled bundle, built on demand and cached by content hash.
 *
 * Why: loading the ~170 project modules through tsx (a TypeScript transform per file, per run) and
 * cdktf's ~300 CommonJS files cost about a second of every `npm run synth` — more than the synth
 * itself. One esbuild bundle of the command (project code and its npm dependencies) loads in a
 * fraction of that. Environment files (`environments/*.ts`, `--config x.ts`) are still loaded at
 * run time through tsx: they are the user's data and are never part of a bundle.
 *
 * The cache key is the SHA-256 of: Node's version, package-lock.json, the bundler options and the
 * path and content of every project file the bundle was built from (esbuild's metafile lists them).
 * A changed file — or a new file imported by a changed one — changes the key, so a stale bundle is
 * never run. Bundles and manifests live in `node_modules/.cache/aoa-precompiled/` (written
 * atomically: parallel runs can share it; the newest few per command are kept, so a base ref's
 * tree synthesized beside the working tree by `--changed-since` does not evict the working tree's). `AOA_PRECOMPILED=0` runs the sources through tsx instead
 * (an escape hatch; a failed build falls back to it too), `AOA_PRECOMPILED=rebuild` ignores the cache.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import Module from "node:module";
import * as vm from "node:vm";

/** The project this module belongs to: what `npm run` commands bundle. */
const PROJECT_ROOT = path.resolve(__dirname, "..");
const cacheDirOf = (root: string) => path.join(root, "node_modules", ".cache", "aoa-precompiled");
/** Bump when the bundling below changes in a way the inputs do not show. */
const FORMAT = 5;

interface Manifest {
  readonly key: string;
  readonly inputs: readonly string[];
  readonly bundle: string;
}

/** Where `__dirname` stood in a source file, re-anchored on the project root at run time (a parameter of the bundle's module wrapper). */
const ROOT_PARAM = "__aoaProjectRoot";

function keyOf(root: string, inputs: readonly string[]): string | undefined {
  const h = createHash("sha256");
  h.update(`format ${FORMAT}\nnode ${process.version}\n`);
  try {
    h.update(fs.readFileSync(path.join(root, "package-lock.json")));
    for (const rel of inputs) {
      h.update(`\0${rel}\0`);
      h.update(fs.readFileSync(path.join(root, rel)));
    }
  } catch {
    return undefined; // an input is gone: rebuild
  }
  return h.digest("hex");
}

/** Bundles kept per entry: the working tree's and a few others (`--changed-since` synthesizes a base ref's tree beside it). */
const KEEP = 4;

/** The manifests of an entry's cached bundles, newest first. */
function readManifests(root: string, name: string): Manifest[] {
  const dir = cacheDirOf(root);
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".json"));
  } catch {
    return [];
  }
  const out: { m: Manifest; t: number }[] = [];
  for (const f of files) {
    try {
      out.push({ m: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Manifest, t: fs.statSync(path.join(dir, f)).mtimeMs });
    } catch {
      // half-written or removed meanwhile
    }
  }
  return out.sort((a, b) => b.t - a.t).map((x) => x.m);
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Builds the bundle of `entry` (absolute path) and returns its file, or undefined if esbuild is unavailable. */
async function build(root: string, name: string, entry: string): Promise<string | undefined> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = require("esbuild") as typeof import("esbuild"); // eslint-disable-line @typescript-eslint/no-require-imports
  } catch {
    return undefined;
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    format: "cjs",
    // esbuild runs its own binary from its package folder; never bundle it
    external: ["esbuild"],
    metafile: true,
    write: false,
    logLevel: "silent",
    sourcemap: false,
    legalComments: "none",
    // `__dirname` of a project file means "this file's folder": keep that meaning in the bundle
    // (the project root is a parameter of the module wrapper, loadBundle)
    ...dirnameRewrite(root),
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !/(^|[\\/])node_modules[\\/]/.test(f))
    .map((f) => path.relative(root, path.resolve(root, f)).split(path.sep).join("/"))
    .sort();
  const key = keyOf(root, inputs);
  if (!key) return undefined;
  const CACHE_DIR = cacheDirOf(root);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const id = `${name}-${key.slice(0, 16)}`;
  const bundle = `${id}.js`;
  writeAtomic(path.join(CACHE_DIR, bundle), result.outputFiles[0].text);
  writeAtomic(path.join(CACHE_DIR, `${id}.json`), `${JSON.stringify({ key, inputs, bundle } satisfies Manifest, null, 2)}\n`);
  // keep the newest few bundles of this entry (other trees of the same project), remove the rest
  const keep = new Set(readManifests(root, name).slice(0, KEEP).map((m) => m.bundle.replace(/\.js$/, "")));
  keep.add(id);
  for (const f of fs.readdirSync(CACHE_DIR)) {
    if (f.startsWith(`${name}-`) && !keep.has(f.replace(/\.(js\.v8|js|json)$/, ""))) fs.rmSync(path.join(CACHE_DIR, f), { force: true });
  }
  return path.join(CACHE_DIR, bundle);
}

/** esbuild's `define` is per build, not per file: an onLoad hook gives each project file its own `__dirname`. */
function dirnameRewrite(root: string): Pick<import("esbuild").BuildOptions, "plugins"> {
  return {
    plugins: [
      {
        name: "aoa-dirname",
        setup(b) {
          // cdktf records a full stack trace (no depth limit) for every token it creates, even
          // with `stackTraces: false` — ~10 % of a synth — only to print it if the token is
          // misused. In the bundle it records one only under AOA_DEBUG; error messages stay.
          b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, (args) => {
            const text = fs.readFileSync(args.path, "utf8");
            return { contents: text.replace("function captureStackTrace(below) {", "function captureStackTrace(below) {\n    if (!process.env.AOA_DEBUG) return [];"), loader: "js" };
          });
          b.onLoad({ filter: /\.[cm]?[tj]s$/ }, (args) => {
            if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
            const text = fs.readFileSync(args.path, "utf8");
            if (!text.includes("__dirname")) return undefined;
            const rel = path.relative(root, path.dirname(args.path)).split(path.sep).join("/");
            const contents = text.replace(/\b__dirname\b/g, `require("node:path").join(${ROOT_PARAM}, ${JSON.stringify(rel)})`);
            return { contents, loader: path.extname(args.path).slice(1) as "ts" | "js" };
          });
        },
      },
    ],
  };
}

const bundleName = (root: string, entry: string) => path.relative(root, entry).replace(/\.[cm]?[tj]s$/, "").replace(/[\\/]/g, "_");

/** The cached bundle of `entry` if its key still matches the sources (synchronous: no build). */
export function cachedBundle(entry: string, root: string = PROJECT_ROOT): string | undefined {
  for (const manifest of readManifests(root, bundleName(root, entry))) {
    const file = path.join(cacheDirOf(root), manifest.bundle);
    if (keyOf(root, manifest.inputs) === manifest.key && fs.existsSync(file)) return file;
  }
  return undefined;
}

/** The bundle to run for `entry`: the cached one if its key still matches, otherwise a new build. */
export async function precompiled(entry: string, root: string = PROJECT_ROOT): Promise<string | undefined> {
  const cached = process.env.AOA_PRECOMPILED === "rebuild" ? undefined : cachedBundle(entry, root);
  if (cached) return cached;
  const name = bundleName(root, entry);
  try {
    return await build(root, name, entry);
  } catch (e) {
    if (process.env.AOA_DEBUG) console.error(`precompiled: build of ${name} failed, running the sources: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * Runs the command module `entry` (absolute path): a module whose top level runs the command, or,
 * with `command`, one whose `main(command)` does (several commands sharing one bundle) — from its cached bundle, or from the sources when `AOA_PRECOMPILED=0` or no bundle can be built.
 */
export function runPrecompiled(entry: string, command?: string): void {
  const start = (bundle: string | undefined) => {
    const mod = (bundle ? loadBundle(bundle) : require(entry)) as { main?: (command: string) => void }; // eslint-disable-line @typescript-eslint/no-require-imports
    if (command !== undefined) mod.main!(command);
  };
  if (process.env.AOA_PRECOMPILED === "0") {
    start(undefined);
    return;
  }
  const cached = process.env.AOA_PRECOMPILED === "rebuild" ? undefined : cachedBundle(entry);
  if (cached) {
    start(cached);
    return;
  }
  precompiled(entry).then(start, (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}

/**
 * Loads a bundle as a CommonJS module, with V8's code cache beside it (`<bundle>.v8`): compiling
 * a 4 MB bundle costs ~100 ms, reading the cache a few. Loaded directly rather than through
 * `require`, so tsx's loader does not scan the bundle on every run (~120 ms); requires made from
 * inside it (node builtins, esbuild, the environment files) still go through `require` and tsx.
 */
export function loadBundle(file: string, root: string = PROJECT_ROOT): unknown {
  const cacheFile = `${file}.v8`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(file, "utf8");
  const wrapped = `(function (exports, require, module, __filename, __dirname, ${ROOT_PARAM}) { ${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // after the run: the cache then holds the functions the command compiled lazily too
    process.once("exit", () => {
      try {
        writeAtomic(cacheFile, script.createCachedData() as unknown as string);
      } catch {
        // a read-only cache is only slower
      }
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string, root: string) => void;
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file), root);
  return mod.exports;
}
