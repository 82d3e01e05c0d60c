/**
 * Only what changed: `npm run plan -- --env X --changed-since <ref> [--matrix]`.
 *
 * The base ref's code is exported with `git archive <ref>` into a temporary directory (no
 * worktree, nothing written into the repository) and synthesized there in a child process while
 * the working tree is synthesized here, in parallel. A stack is selected when
 *  - its synthesized Terraform differs (cdk.tf.json, paths of the two trees normalized), or
 *  - a file next to it differs (its assets: the authorizer zip — whose hash is also in the JSON
 *    as source_code_hash — and anything else synthesized beside the JSON), or
 *  - it is new (a removed stack is listed, never planned: destroying one is a deliberate act), or
 *  - it reads an input whose change the JSON does not show: **every app stack reads the platform
 *    contract (SSM parameters) through data sources**, so when `<env>-platform` changes, all app
 *    stacks of the environment are selected too (a new web ACL ARN, VPC link id or authorizer ARN
 *    would change their plans although their own JSON is identical).
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
import { synthesizeEnvironment, type OpsContext, type StackRunOptions } from "./orchestrate"; // a cycle, used at call time only

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
    "changed-since": "  --changed-since   only the stacks whose synthesized Terraform differs from git ref REF (plus all apps when the platform changed)",
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

/**
 * Compares two synth outputs (`<outdir>/stacks/<name>/`) produced from the trees rooted at
 * `baseRoot` and `headRoot`. Stacks named `*-platform` pull in every `*-app-*` of their environment.
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
    if (a.json !== b.json) changed.set(name, "synthesized Terraform differs");
    else {
      const diff = [...new Set([...a.files.keys(), ...b.files.keys()])].filter((f) => a.files.get(f) !== b.files.get(f));
      if (diff.length) changed.set(name, `files differ: ${diff.slice(0, 3).join(", ")}${diff.length > 3 ? ", …" : ""}`);
      else unchanged++;
    }
  }
  for (const name of [...changed.keys()]) {
    if (!name.endsWith("-platform")) continue;
    const env = name.slice(0, -"-platform".length);
    for (const app of headNames.filter((n) => n.startsWith(`${env}-app-`) && !changed.has(n))) {
      changed.set(app, `reads the contract of ${name}, which changed`);
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
  const verify = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root, encoding: "utf8" });
  if (verify.status !== 0) throw new UsageError(`--changed-since: '${ref}' is not a commit of this repository (in CI, fetch it first: actions/checkout with fetch-depth: 0)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-base-"));
  const archive = spawnSync("sh", ["-c", `git archive --format=tar "$1" | tar -x -C "$2"`, "sh", verify.stdout.trim(), dir], { cwd: root, encoding: "utf8" });
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

/**
 * The stacks of one environment whose synthesized Terraform changed since `changedSince`.
 * Prints the selection (stderr) and, with `matrix`, the matrix JSON (io.out).
 */
export async function changedStacksFor(opts: StackRunOptions & OpsContext & { readonly changedSince: string; readonly matrix?: boolean }, io: { out: (line: string) => void }): Promise<string[]> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const t0 = Date.now();
  const base = exportRef(opts.changedSince);
  try {
    const envArgs = opts.configFile ? ["--config", baseConfigPath(opts.configFile, base)] : ["--env", opts.environment!];
    const baseOut = path.join(base, ".changed-synth");
    const baseSynth = synthInChild(base, envArgs, baseOut);
    // the working tree, in this process, while the base synthesizes next to it
    const { env, synth } = await synthesizeEnvironment({ environment: opts.environment, configFile: opts.configFile, workDir: opts.workDir });
    await baseSynth;
    const sel = compareSynth({ outdir: baseOut, root: base }, { outdir: synth.outdir, root: PROJECT_ROOT });
    let names = sel.changed.map((c) => c.stack);
    const dropped: string[] = [];
    if (opts.role === "planner" || opts.skipBootstrap) {
      dropped.push(...names.filter((n) => n.endsWith("-bootstrap")));
      names = names.filter((n) => !n.endsWith("-bootstrap"));
    }
    if (opts.stacks?.length) names = names.filter((n) => opts.stacks!.includes(n));
    const total = sel.changed.length + sel.unchanged;
    log(`changed since ${opts.changedSince} in ${env.name}: ${names.length} of ${total} stacks (selection ${((Date.now() - t0) / 1000).toFixed(2)} s, compare ${sel.ms} ms)`);
    for (const c of sel.changed) log(`  ${c.stack}: ${c.reason}${dropped.includes(c.stack) ? " — not planned here: the bootstrap is planned and applied by an administrator (docs/bootstrap.md)" : ""}`);
    for (const r of sel.removed) log(`  ${r}: removed from the configuration — not planned; destroy it deliberately (terraform destroy in its directory)`);
    if (opts.matrix) io.out(JSON.stringify(actionsMatrix(env.name, names)));
    else if (!names.length) io.out(`no stack of ${env.name} changed since ${opts.changedSince}: nothing to plan`);
    return names;
  } finally {
    fs.unlinkSync(path.join(base, "node_modules")); // the link only, never the project's modules
    fs.rmSync(base, { recursive: true, force: true });
  }
}

/** The config file as of the base tree when it is tracked inside the repository; otherwise the same file. */
function baseConfigPath(configFile: string, base: string): string {
  const abs = path.resolve(configFile);
  const rel = path.relative(PROJECT_ROOT, abs);
  if (!rel.startsWith("..") && !path.isAbsolute(rel) && fs.existsSync(path.join(base, rel))) return path.join(base, rel);
  return abs;
}
