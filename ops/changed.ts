/**
 * Only what changed: `npm run plan -- --env X --changed-since <ref> [--matrix]`.
 *
 * A stack is selected when
 *  - its synthesized Terraform differs (cdk.tf.json, paths of the two trees normalized), or a
 *    file next to it differs (its assets: the authorizer zip), or it is new (a removed stack is
 *    listed, never planned: destroying one is a deliberate act), or
 *  - it is an app stack that reads a platform contract key whose value can change
 *    (ops/contract-diff.ts): apps read the platform only through SSM data sources, so a platform
 *    change that publishes the same contract (a WAF rule, new authorizer code) selects the platform alone.
 * How the two sides are synthesized depends on what the diff touches (selectChanged): nothing
 * for files no synth reads, a subset in-process for environment data, the base tree in a child
 * process (cached by tree hash) for code. README "Pipeline trust" has the table.
 * Not covered (said in the README): changes made outside Terraform (that is the nightly drift
 * check), provider/terraform binaries (pinned in the JSON's required_providers; the CLI version
 * is the pipeline's), and environment variables read at plan time (none are used).
 *
 * `--matrix` prints `{"include":[{"env":…,"stack":…},…]}` on stdout (one line, for
 * `$GITHUB_OUTPUT`): pr.yml fans the plans out as one job per changed stack.
 */
import { spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/load";
import { UsageError } from "../cli";
import { PIPELINE_ROLES, type PipelineRole } from "./pipeline-role";
import { changedContractKeys, contractKeysRead, shortKey } from "./contract-diff";
import { listEnvironmentFiles, loadEnvironmentFile } from "../config/load";
import type { Environment } from "../config/schema";
import { loadForSynth, synthesize } from "../synth";
import { stackNames } from "../config/naming";
import { platformDeployerPolicies, workloadAccounts } from "../modules/deploy-permissions";
import { workloadDeployerPolicies } from "../modules/backends";
import { ingressShards } from "../config/ingress-shards";

/* ------------------------------------------------------------------ flags shared by plan / apply / drift */

export type PipelineFlag = "role" | "out-plans" | "plans" | "changed-since" | "matrix";

const FLAG_OPTIONS = {
  role: { type: "string" },
  "out-plans": { type: "string" },
  plans: { type: "string" },
  "changed-since": { type: "string" },
  matrix: { type: "boolean" },
} as const;

/** parseArgs options of the pipeline flags a command accepts. */
export function pipelineFlagOptions(flags: readonly PipelineFlag[]): Partial<typeof FLAG_OPTIONS> {
  return Object.fromEntries(flags.map((f) => [f, FLAG_OPTIONS[f]]));
}

/** Usage lines of the pipeline flags. */
export function pipelineFlagUsage(flags: readonly PipelineFlag[]): string[] {
  const text: Record<PipelineFlag, string> = {
    role: "  --role            deploy (default) or planner: the read-only role (no state lock, bootstrap left out) — PR plans and drift",
    "out-plans": "  --out-plans       also save each stack's plan file + manifest.json here, for `npm run apply -- --plans DIR`",
    plans: "  --plans           apply exactly the saved plans of this directory (from plan --out-plans), no new plan; a stale plan is refused",
    "changed-since": "  --changed-since   only the stacks whose synthesized Terraform differs from git ref REF (plus the apps that read a contract value that changed)",
    matrix: "  --matrix          with --changed-since: print the GitHub Actions matrix of changed stacks and stop",
  };
  return flags.map((f) => text[f]);
}

export interface PipelineFlagValues {
  readonly role?: PipelineRole;
  readonly outPlans?: string;
  readonly plans?: string;
  readonly changedSince?: string;
  readonly matrix?: boolean;
}

export function parsePipelineFlags(values: Record<string, unknown>, usage: string): PipelineFlagValues {
  const out: { -readonly [K in keyof PipelineFlagValues]: PipelineFlagValues[K] } = {};
  const role = values.role as string | undefined;
  if (role !== undefined) {
    if (!(PIPELINE_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be deploy or planner (got '${role}')\n\n${usage}`);
    out.role = role as PipelineRole;
  }
  for (const [flag, key] of [["out-plans", "outPlans"], ["plans", "plans"], ["changed-since", "changedSince"]] as const) {
    const v = values[flag] as string | undefined;
    if (v === undefined) continue;
    if (!v.trim()) throw new UsageError(`--${flag} needs a value\n\n${usage}`);
    out[key] = v;
  }
  if (values.matrix) {
    if (!out.changedSince) throw new UsageError(`--matrix needs --changed-since REF\n\n${usage}`);
    out.matrix = true;
  }
  if (out.plans && out.changedSince) throw new UsageError(`--plans applies a reviewed plan as it is: it takes no --changed-since\n\n${usage}`);
  return out;
}

/* ------------------------------------------------------------------ comparing two synth outputs */

export interface ChangedStack {
  readonly stack: string;
  readonly reason: string;
}

export interface Selection {
  readonly changed: readonly ChangedStack[];
  readonly removed: readonly string[];
  readonly unchanged: number;
  readonly ms: number;
}

const sha = (b: string | Buffer) => crypto.createHash("sha256").update(b).digest("hex");

function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".terraform")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

/** A stack directory's fingerprint: its JSON with the tree's root replaced, and every other file's hash. */
function fingerprint(stackDir: string, root: string): { json: string; files: Map<string, string> } {
  const files = new Map<string, string>();
  let json = "";
  for (const f of listFiles(stackDir)) {
    const bytes = fs.readFileSync(path.join(stackDir, f));
    if (f === "cdk.tf.json") json = bytes.toString("utf8").split(root).join("<root>");
    else files.set(f, sha(bytes));
  }
  return { json, files };
}

function readStack(outdir: string, name: string): any | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  const file = path.join(outdir, "stacks", name, "cdk.tf.json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
}

/**
 * Compares two synth outputs (`<outdir>/stacks/<name>/`) produced from the trees rooted at
 * `baseRoot` and `headRoot`. A changed `*-platform` stack pulls in the `*-app-*` stacks of its
 * environment that read a contract key whose value can change (ops/contract-diff.ts).
 */
export function compareSynth(base: { outdir: string; root: string }, head: { outdir: string; root: string }): Selection {
  const t0 = Date.now();
  const names = (o: string) => (fs.existsSync(path.join(o, "stacks")) ? fs.readdirSync(path.join(o, "stacks")).filter((n) => fs.existsSync(path.join(o, "stacks", n, "cdk.tf.json"))) : []);
  const baseNames = new Set(names(base.outdir));
  const headNames = names(head.outdir).sort();
  const changed = new Map<string, string>();
  let unchanged = 0;
  for (const name of headNames) {
    if (!baseNames.has(name)) {
      changed.set(name, "new stack");
      continue;
    }
    const a = fingerprint(path.join(base.outdir, "stacks", name), base.root);
    const b = fingerprint(path.join(head.outdir, "stacks", name), head.root);
    if (a.json !== b.json) changed.set(name, "own Terraform changed");
    else {
      const diff = [...new Set([...a.files.keys(), ...b.files.keys()])].filter((f) => a.files.get(f) !== b.files.get(f));
      if (diff.length) changed.set(name, `files differ: ${diff.slice(0, 3).join(", ")}${diff.length > 3 ? ", …" : ""}`);
      else unchanged++;
    }
  }
  // an app reads the platform only through the contract: selected when a key it reads can change value
  for (const name of [...changed.keys()]) {
    if (!name.endsWith("-platform")) continue;
    const env = name.slice(0, -"-platform".length);
    const keys = changedContractKeys(readStack(base.outdir, name), readStack(head.outdir, name));
    if (!keys.size) continue;
    for (const app of headNames.filter((n) => n.startsWith(`${env}-app-`) && !changed.has(n))) {
      const hit = contractKeysRead(readStack(head.outdir, app)).filter((k) => keys.has(k));
      if (!hit.length) continue;
      changed.set(app, `reads contract key${hit.length > 1 ? "s" : ""} ${hit.slice(0, 3).map(shortKey).join(", ")}${hit.length > 3 ? ", …" : ""}, changed`);
      unchanged--;
    }
  }
  const removed = [...baseNames].filter((n) => !headNames.includes(n)).sort();
  return { changed: headNames.filter((n) => changed.has(n)).map((stack) => ({ stack, reason: changed.get(stack)! })), removed, unchanged, ms: Date.now() - t0 };
}

/** GitHub Actions matrix (`strategy.matrix: ${{ fromJSON(…) }}`) of the selected stacks. */
export function actionsMatrix(envName: string, stacks: readonly string[]): { include: { env: string; stack: string }[] } {
  return { include: stacks.map((stack) => ({ env: envName, stack })) };
}

/* ------------------------------------------------------------------ the base ref */

/** Exports `ref` of the repository at `root` into a fresh directory (git archive), with the project's node_modules linked in. */
export function exportRef(ref: string, root: string = PROJECT_ROOT): string {
  const commit = verifyRef(ref, root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-base-"));
  const archive = spawnSync("sh", ["-c", `git archive --format=tar "$1" | tar -x -C "$2"`, "sh", commit, dir], { cwd: root, encoding: "utf8" });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Runs `scripts/synth.ts` of the tree at `root` in a child process (its own code, its own environments). */
export function synthInChild(root: string, args: readonly string[], outdir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", path.join("scripts", "synth.ts"), ...args, "--out", outdir], { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err = (err + d).slice(-4000)));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`synth of the base tree failed (exit ${code}):\n${err}`))));
  });
}

/** What the selection needs of the command's options (ops/orchestrate.ts StackRunOptions). */
export interface ChangedSinceOptions {
  readonly changedSince: string;
  readonly environment?: string;
  readonly configFile?: string;
  readonly workDir?: string;
  readonly role?: PipelineRole;
  readonly skipBootstrap?: boolean;
  readonly stacks?: readonly string[];
  readonly matrix?: boolean;
  readonly log?: (line: string) => void;
}

/** The working tree's synth of the environment, as the command plans it (ops/orchestrate.ts synthesizeEnvironment). */
export type SynthesizeHead = (opts: { environment?: string; configFile?: string; workDir?: string }) => Promise<{ env: Environment; synth: { outdir: string } }>;

/** How the selection was made (printed, and asserted by the tests of each kind of change). */
export type SelectionPath = "no-input" | "data-only" | "full";

export interface ChangedSinceResult extends Selection {
  readonly environment: string;
  readonly path: SelectionPath;
  /** The changed files behind the path taken (at most a few, for the message). */
  readonly because: string;
  /** The base ref's synth came from the cache (full path only). */
  readonly cached?: boolean;
}

/**
 * Files that no synth reads: prose, generated docs, tests, CI and benchmark code. A change that
 * touches only these cannot change any stack (README only, a test, a workflow: nothing selected).
 * Everything else is an input: environments/ (data), and code — config/, modules/, stacks/,
 * synth/, policy/, authorizer/, pricing/, package-lock.json, ... (any file not listed here).
 */
const NOT_SYNTH_INPUT = [/\.md$/, /^docs\//, /^test\//, /^\.github\//, /^\.ci\//, /^bench\//, /^\.gitignore$/, /^LICENSE/];

/** The files that differ between `ref` and the working tree (tracked changes and untracked files). */
export function changedFiles(ref: string, root: string = PROJECT_ROOT): string[] {
  const diff = spawnSync("git", ["diff", "--name-only", "--no-renames", ref, "--"], { cwd: root, encoding: "utf8" });
  if (diff.status !== 0) throw new Error(`git diff ${ref} failed: ${diff.stderr}`);
  const untracked = spawnSync("git", ["ls-files", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return [...new Set([...diff.stdout.split("\n"), ...(untracked.stdout ?? "").split("\n")].filter(Boolean))].sort();
}

/** Sorts changed files into code (any synth input but the environment data), data and files no synth reads. */
export function classifyChanges(files: readonly string[], configFile?: string, root: string = PROJECT_ROOT): { code: string[]; data: string[]; other: string[] } {
  const rel = configFile ? path.relative(root, path.resolve(configFile)).split(path.sep).join("/") : undefined;
  const configDir = rel && !rel.startsWith("..") ? path.posix.dirname(rel) : undefined;
  const out = { code: [] as string[], data: [] as string[], other: [] as string[] };
  for (const f of files) {
    if (f.startsWith("environments/") || (configDir && (configDir === "." ? f === rel : f.startsWith(`${configDir}/`)))) out.data.push(f);
    else if (NOT_SYNTH_INPUT.some((re) => re.test(f))) out.other.push(f);
    else out.code.push(f);
  }
  return out;
}

const few = (files: readonly string[]) => `${files.slice(0, 3).join(", ")}${files.length > 3 ? `, … (${files.length} files)` : ""}`;

/** JSON with sorted keys: two validated configurations compare equal exactly when their values do. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/**
 * The stacks of one environment whose synthesized Terraform changed since `changedSince` — or
 * that read a platform contract value that can change (compareSynth). Three paths, by what the
 * diff touches (`changedFiles` + `classifyChanges`):
 *  - **no synth input** changed (README, docs/, test/, workflows): nothing is selected, nothing synthesized;
 *  - **environment data only** (the code is byte-identical at both refs): both configurations are
 *    validated here, and only the stacks whose inputs differ are synthesized — the bootstrap, the
 *    platform and the apps whose validated entry changed (an app stack is a function of its own
 *    entry and the environment's settings: test/unit/app-independence.test.ts); a change of the
 *    environment's own settings synthesizes every stack;
 *  - **code** changed (modules/, stacks/, the authorizer, ...): the base ref's tree is synthesized
 *    in a child process (cached by tree hash: node_modules/.cache/aoa-changed/) while the working
 *    tree is synthesized here, and every stack is compared.
 * Prints the selection with the reason per stack (stderr) and, with `matrix`, the matrix JSON (io.out).
 */
export async function changedStacksFor(opts: ChangedSinceOptions, io: { out: (line: string) => void }, synthesizeHead: SynthesizeHead): Promise<string[]> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const t0 = Date.now();
  const sel = await selectChanged(opts, synthesizeHead);
  let names = sel.changed.map((c) => c.stack);
  const dropped: string[] = [];
  if (opts.role === "planner" || opts.skipBootstrap) {
    dropped.push(...names.filter((n) => n.endsWith("-bootstrap")));
    names = names.filter((n) => !n.endsWith("-bootstrap"));
  }
  if (opts.stacks?.length) names = names.filter((n) => opts.stacks!.includes(n));
  const total = sel.changed.length + sel.unchanged;
  const how = { "no-input": "no synth input changed", "data-only": "environment data only", full: `every stack compared${sel.cached ? ", base synth from cache" : ""}` }[sel.path];
  log(`changed since ${opts.changedSince} in ${sel.environment}: ${names.length} of ${total} stacks (selection ${((Date.now() - t0) / 1000).toFixed(2)} s, ${how}: ${sel.because}; compare ${sel.ms} ms)`);
  for (const c of sel.changed) log(`  ${c.stack}: ${c.reason}${dropped.includes(c.stack) ? " — not planned here: the bootstrap is planned and applied by an administrator (docs/bootstrap.md)" : ""}`);
  for (const r of sel.removed) log(`  ${r}: removed from the configuration — not planned; destroy it deliberately (terraform destroy in its directory)`);
  if (opts.matrix) io.out(JSON.stringify(actionsMatrix(sel.environment, names)));
  else if (!names.length) io.out(`no stack of ${sel.environment} changed since ${opts.changedSince}: nothing to plan`);
  return names;
}

/** The selection itself (no printing): see changedStacksFor. */
export async function selectChanged(opts: ChangedSinceOptions, synthesizeHead: SynthesizeHead): Promise<ChangedSinceResult> {
  const ref = verifyRef(opts.changedSince);
  const files = classifyChanges(changedFiles(ref), opts.configFile);
  const emulator = opts.environment === "local" && !opts.configFile; // re-derived from the running emulator: always the full path
  if (!files.code.length && !files.data.length && !emulator) {
    const env = loadForSynth(opts.configFile ? { configFiles: [opts.configFile] } : { envNames: [opts.environment!] })[0];
    return { environment: env.name, path: "no-input", because: files.other.length ? `only ${few(files.other)}` : "no file differs", changed: [], removed: [], unchanged: 2 + env.apps.length, ms: 0 };
  }
  const base = exportRef(ref);
  try {
    if (!files.code.length && !emulator) {
      const data = await dataOnlySelection(opts, base, files.data);
      if (data) return data;
      return await fullSelection(opts, ref, base, `environment settings changed: ${few(files.data)}`, synthesizeHead);
    }
    return await fullSelection(opts, ref, base, files.code.length ? `code changed: ${few(files.code)}` : `${few(files.data)}`, synthesizeHead);
  } finally {
    fs.unlinkSync(path.join(base, "node_modules")); // the link only, never the project's modules
    fs.rmSync(base, { recursive: true, force: true });
  }
}

function verifyRef(ref: string, root: string = PROJECT_ROOT): string {
  const verify = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root, encoding: "utf8" });
  if (verify.status !== 0) throw new UsageError(`--changed-since: '${ref}' is not a commit of this repository (in CI, fetch it first: actions/checkout with fetch-depth: 0)`);
  return verify.stdout.trim();
}

/**
 * Environment data changed, code did not: validate both configurations with this process's code
 * and synthesize only the stacks whose inputs differ. undefined when the environment's own
 * settings changed or the base does not load: the caller compares every stack.
 */
async function dataOnlySelection(opts: ChangedSinceOptions, base: string, dataFiles: readonly string[]): Promise<ChangedSinceResult | undefined> {
  const headSel = opts.configFile ? { configFiles: [opts.configFile] } : { envNames: [opts.environment!] };
  const head = loadForSynth(headSel)[0];
  let before: Environment | undefined;
  let baseFile: string | undefined;
  try {
    if (opts.configFile) baseFile = baseConfigPath(opts.configFile, base);
    else baseFile = listEnvironmentFiles(path.join(base, "environments")).find((f) => path.basename(f).replace(/\.(ts|json)$/, "") === opts.environment);
    if (!baseFile) return undefined; // a new environment: every stack is new
    before = loadEnvironmentFile(baseFile);
  } catch {
    return undefined; // the base does not validate with today's rules: compare everything
  }
  const { apps: headApps, ...headRest } = head;
  const { apps: baseApps, ...baseRest } = before;
  if (canonical(headRest) !== canonical(baseRest) || before.name !== head.name) return undefined;
  const baseByName = new Map(baseApps.map((a) => [a.name, canonical(a)]));
  const headByName = new Map(headApps.map((a) => [a.name, canonical(a)]));
  const touched = [...new Set([...baseByName.keys(), ...headByName.keys()])].filter((n) => baseByName.get(n) !== headByName.get(n));
  // the bootstrap and the platform read the apps only through sharedStackInputs: synthesized when those differ
  const inputsBefore = sharedStackInputs(before);
  const inputsNow = sharedStackInputs(head);
  const shared = [...(inputsBefore.bootstrap !== inputsNow.bootstrap ? [stackNames.bootstrap(head)] : []), ...(inputsBefore.platform !== inputsNow.platform ? [stackNames.platform(head)] : [])];
  const subset = (env: Environment) => [...shared, ...env.apps.filter((a) => touched.includes(a.name)).map((a) => stackNames.app(env, a.name))];
  const notSynthesized = 2 - shared.length + headApps.filter((a) => !touched.includes(a.name)).length;
  if (!subset(head).length && !subset(before).length) {
    return { changed: [], removed: [], unchanged: notSynthesized, ms: 0, environment: head.name, path: "data-only", because: few(dataFiles) };
  }
  const work = fs.mkdtempSync(path.join(opts.workDir ?? os.tmpdir(), "aoa-changed-data-"));
  try {
    const bundle = await (require("../authorizer/build") as typeof import("../authorizer/build")).buildAuthorizer(); // eslint-disable-line @typescript-eslint/no-require-imports
    await synthesize({ configFiles: [baseFile], stacks: subset(before), outdir: path.join(work, "base"), authorizerBundle: bundle });
    await synthesize({ ...headSel, stacks: subset(head), outdir: path.join(work, "head"), authorizerBundle: bundle });
    const sel = compareSynth({ outdir: path.join(work, "base"), root: base }, { outdir: path.join(work, "head"), root: PROJECT_ROOT });
    // the platform's contract can change with environment data (another domain): its readers were not synthesized
    const platform = sel.changed.find((c) => c.stack === stackNames.platform(head));
    if (platform && changedContractKeys(readStack(path.join(work, "base"), platform.stack), readStack(path.join(work, "head"), platform.stack)).size) return undefined;
    return { ...sel, unchanged: sel.unchanged + notSynthesized, environment: head.name, path: "data-only", because: few(dataFiles) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * What the bootstrap and the platform stacks read of the apps, given the environment's own
 * settings (compared separately): the bootstrap its workload accounts and their deploy policies
 * (stacks/bootstrap-stack.ts; the planner roles derive from those), the platform its ingress
 * shards (stacks/platform-stack.ts: it is otherwise app-agnostic, test/unit/app-independence.test.ts).
 * Equal inputs give byte-identical stacks (tested in test/unit/ops-changed.test.ts).
 */
export function sharedStackInputs(env: Environment): { bootstrap: string; platform: string } {
  const accounts = workloadAccounts(env);
  return {
    bootstrap: canonical({ accounts, workload: accounts.map((a) => workloadDeployerPolicies(env, a)), platform: platformDeployerPolicies(env) }),
    platform: canonical(ingressShards(env)),
  };
}

/** Where base-ref synths are kept: one per (tree, environment arguments, Node, dependencies). */
const CHANGED_CACHE = path.join(PROJECT_ROOT, "node_modules", ".cache", "aoa-changed");
const CHANGED_CACHE_KEEP = 6;

/** Code changed: synthesize the base tree (or take it from the cache) beside the working tree and compare every stack. */
async function fullSelection(opts: ChangedSinceOptions, ref: string, base: string, because: string, synthesizeHead: SynthesizeHead): Promise<ChangedSinceResult> {
  const envArgs = opts.configFile ? ["--config", baseConfigPath(opts.configFile, base)] : ["--env", opts.environment!];
  const tree = spawnSync("git", ["rev-parse", `${ref}^{tree}`], { cwd: PROJECT_ROOT, encoding: "utf8" }).stdout.trim();
  const configBytes = opts.configFile && !envArgs[1].startsWith(base) ? fs.readFileSync(envArgs[1]) : Buffer.from(opts.environment ?? "");
  const lock = fs.existsSync(path.join(PROJECT_ROOT, "package-lock.json")) ? fs.readFileSync(path.join(PROJECT_ROOT, "package-lock.json")) : Buffer.alloc(0);
  const key = sha(Buffer.concat([Buffer.from(`${tree}\0${process.version}\0${envArgs[0]}\0${opts.configFile ? path.relative(PROJECT_ROOT, path.resolve(opts.configFile)) : ""}\0`), configBytes, lock])).slice(0, 32);
  const cached = path.join(CHANGED_CACHE, key);
  const meta = path.join(cached, "meta.json");
  let baseOut: { outdir: string; root: string };
  let fromCache = false;
  const headSynth = synthesizeHead({ environment: opts.environment, configFile: opts.configFile, workDir: opts.workDir });
  if (fs.existsSync(meta)) {
    baseOut = { outdir: path.join(cached, "out"), root: (JSON.parse(fs.readFileSync(meta, "utf8")) as { root: string }).root };
    fromCache = true;
    fs.utimesSync(meta, new Date(), new Date());
  } else {
    const out = path.join(base, ".changed-synth");
    await synthInChild(base, envArgs, out);
    baseOut = { outdir: out, root: base };
  }
  const { env, synth } = await headSynth;
  const sel = compareSynth(baseOut, { outdir: synth.outdir, root: PROJECT_ROOT });
  if (!fromCache) storeBaseSynth(cached, baseOut);
  return { ...sel, environment: env.name, path: "full", because, cached: fromCache };
}

/** Keeps a base synth for the next selection against the same tree (atomic; the oldest entries go). */
function storeBaseSynth(dir: string, from: { outdir: string; root: string }): void {
  try {
    fs.mkdirSync(CHANGED_CACHE, { recursive: true });
    const tmp = `${dir}.${process.pid}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    fs.cpSync(from.outdir, path.join(tmp, "out"), { recursive: true, filter: (src) => !path.basename(src).startsWith(".terraform") });
    fs.writeFileSync(path.join(tmp, "meta.json"), JSON.stringify({ root: from.root }));
    fs.renameSync(tmp, dir);
    const entries = fs.readdirSync(CHANGED_CACHE).filter((e) => fs.existsSync(path.join(CHANGED_CACHE, e, "meta.json")));
    const byAge = entries.sort((a, b) => fs.statSync(path.join(CHANGED_CACHE, b, "meta.json")).mtimeMs - fs.statSync(path.join(CHANGED_CACHE, a, "meta.json")).mtimeMs);
    for (const old of byAge.slice(CHANGED_CACHE_KEEP)) fs.rmSync(path.join(CHANGED_CACHE, old), { recursive: true, force: true });
  } catch {
    // a cache that cannot be written only makes the next selection slower
  }
}

/** The config file as of the base tree when it is tracked inside the repository; otherwise the same file. */
function baseConfigPath(configFile: string, base: string): string {
  const abs = path.resolve(configFile);
  const rel = path.relative(PROJECT_ROOT, abs);
  if (!rel.startsWith("..") && !path.isAbsolute(rel) && fs.existsSync(path.join(base, rel))) return path.join(base, rel);
  return abs;
}
