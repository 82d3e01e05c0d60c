/**
 * A general terraform runner for the pipeline commands (plan, apply, drift, promote, local).
 *
 * - Real AWS: the caller's environment passes through unchanged (AWS_PROFILE, SSO, the variables
 *   configure-aws-credentials exports, proxies, ...), plus any `env` given here.
 * - Emulator: `endpoint` is exported as AWS_ENDPOINT_URL with dummy credentials, and every
 *   variable that could reach a real account (profiles, config files, tokens) is dropped.
 * - Provider installation: when TF_PLUGIN_MIRROR is set, a CLI config installing hashicorp/* from
 *   that filesystem mirror is written under .work/ and used; otherwise the normal registry.
 * - Long commands print progress lines (`[stack] apply: 12/40 done, 45s`) through `log`.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/load";
import { InterruptedError, interrupted, track } from "../cli/interrupt";

/** The provider version every stack pins (@cdktf/provider-aws 20.x). */
export const AWS_PROVIDER_VERSION = "5.100.0";
/** Scratch space of the ops commands (gitignored). */
export const WORK_DIR = path.join(PROJECT_ROOT, ".work");

export class TerraformNotFoundError extends Error {
  constructor(bin: string) {
    super(
      `terraform not found (looked for '${bin}' on PATH). Install Terraform 1.11 or newer: ` +
        "https://developer.hashicorp.com/terraform/install (or set TERRAFORM_BIN to its path)",
    );
    this.name = "TerraformNotFoundError";
  }
}

/** A terraform command that exited with a code the caller did not expect. */
export class TerraformError extends Error {
  constructor(
    readonly stack: string,
    readonly args: readonly string[],
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${stack}: terraform ${args[0]} failed (exit ${code})\n${summarizeTerraformError(stderr || stdout)}`);
    this.name = "TerraformError";
  }
}

/** The `Error:` blocks of terraform's diagnostics (or the tail), without box-drawing noise. */
export function summarizeTerraformError(text: string, max = 3000): string {
  const clean = text.replace(/\x1b\[[0-9;]*m/g, "").replace(/^[│╷╵]\s?/gm, "");
  const blocks = clean.split(/\n(?=Error: )/).filter((b) => b.startsWith("Error: ") || /^\s*Error: /.test(b));
  const out = (blocks.length ? blocks.map((b) => b.trim()).join("\n\n") : clean.trim()) || "(no output)";
  return out.length > max ? `${out.slice(0, max)}\n…` : out;
}

export function which(cmd: string, vars: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = cmd.includes(path.sep) ? [cmd] : (vars.PATH ?? "").split(path.delimiter).filter(Boolean).map((d) => path.join(d, cmd));
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** The terraform binary (TERRAFORM_BIN or `terraform` on PATH), or a clear error. */
export function findTerraform(vars: NodeJS.ProcessEnv = process.env): string {
  const want = vars.TERRAFORM_BIN || "terraform";
  const bin = which(want, vars);
  if (!bin) throw new TerraformNotFoundError(want);
  return bin;
}

export function terraformVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  try {
    return JSON.parse(r.stdout).terraform_version;
  } catch {
    return undefined;
  }
}

/** Does `root` (a filesystem mirror: the folder containing registry.terraform.io/) hold hashicorp/aws at our version? */
export function mirrorHasAwsProvider(root: string): boolean {
  const awsRoot = path.join(root, "registry.terraform.io", "hashicorp", "aws");
  const entries = fs.existsSync(awsRoot) ? fs.readdirSync(awsRoot) : [];
  return entries.some((f) => f === AWS_PROVIDER_VERSION || (f.startsWith(`terraform-provider-aws_${AWS_PROVIDER_VERSION}_`) && f.endsWith(".zip")));
}

/**
 * The CLI config file to use: one installing hashicorp/* from TF_PLUGIN_MIRROR when set, else
 * the caller's own (TF_CLI_CONFIG_FILE) if it exists, else none (the public registry).
 */
export function cliConfigFile(vars: NodeJS.ProcessEnv = process.env, dir: string = WORK_DIR): string | undefined {
  const mirror = vars.TF_PLUGIN_MIRROR;
  if (mirror) {
    const root = path.resolve(mirror);
    if (!mirrorHasAwsProvider(root)) {
      throw new Error(`TF_PLUGIN_MIRROR=${mirror}: no hashicorp/aws ${AWS_PROVIDER_VERSION} under ${path.join(root, "registry.terraform.io/hashicorp/aws")} (build one with \`terraform providers mirror <dir>\`, or unset it to use the registry)`);
    }
    const file = path.join(dir, "terraform-mirror.rc");
    const text = [
      "# written by ops/terraform.ts from TF_PLUGIN_MIRROR",
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(root)}`,
      '    include = ["registry.terraform.io/hashicorp/*"]',
      "  }",
      "  direct {",
      '    exclude = ["registry.terraform.io/hashicorp/*"]',
      "  }",
      "}",
      "",
    ].join("\n");
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
    return file;
  }
  const own = vars.TF_CLI_CONFIG_FILE;
  return own && fs.existsSync(own) ? own : undefined;
}

/** Where terraform should run against: the real cloud, or an emulator endpoint. */
export interface Target {
  /** Emulator endpoint (moto), e.g. http://127.0.0.1:5000. Unset: real AWS. */
  readonly endpoint?: string;
  /** Default region for the SDKs inside terraform. */
  readonly region?: string;
}

/** Variables that could point an emulator run at a real account: dropped when `endpoint` is set. */
const EMULATOR_STRIP = /^(AWS_|TF_VAR_|TF_WORKSPACE$|TF_DATA_DIR$|TF_CLI_ARGS)/;

/** The environment terraform runs with. */
export function terraformEnv(target: Target, extra: Record<string, string | undefined> = {}, vars: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = target.endpoint ? Object.fromEntries(Object.entries(vars).filter(([k]) => !EMULATOR_STRIP.test(k))) : { ...vars };
  const cli = cliConfigFile(vars);
  if (cli) base.TF_CLI_CONFIG_FILE = cli;
  else delete base.TF_CLI_CONFIG_FILE; // a configured file that does not exist only makes terraform warn
  const out: NodeJS.ProcessEnv = { ...base, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
  if (!vars.TF_PLUGIN_MIRROR && !vars.TF_PLUGIN_CACHE_DIR) {
    // every synth recreates the working directories: cache the registry download once
    out.TF_PLUGIN_CACHE_DIR = path.join(WORK_DIR, "plugin-cache");
    fs.mkdirSync(out.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }
  if (target.endpoint) {
    Object.assign(out, {
      AWS_ENDPOINT_URL: target.endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: os.devNull,
      AWS_SHARED_CREDENTIALS_FILE: os.devNull,
    });
  }
  if (target.region) {
    out.AWS_REGION ??= target.region;
    out.AWS_DEFAULT_REGION ??= target.region;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export type Log = (line: string) => void;

export interface TerraformRunnerOptions extends Target {
  /** Working directory (a synthesized stack). */
  readonly dir: string;
  /** Label of progress lines. @default the directory's name */
  readonly name?: string;
  /** Extra environment variables (undefined removes one). */
  readonly env?: Record<string, string | undefined>;
  /** Progress lines. @default none */
  readonly log?: Log;
  /** Seconds between "still running" lines of long commands. @default 20 */
  readonly heartbeatSeconds?: number;
  /** @default findTerraform() */
  readonly bin?: string;
  /** Base environment. @default process.env */
  readonly vars?: NodeJS.ProcessEnv;
}

export interface RunResult {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface PlanArgs {
  /** Saved plan file (`-out`). */
  readonly out?: string;
  /** @default true: exit 0 = no changes, 2 = changes */
  readonly detailedExitcode?: boolean;
  readonly refreshOnly?: boolean;
  readonly destroy?: boolean;
  /** @default true */
  readonly lock?: boolean;
}

/** Resource-level progress read from terraform's human output. */
const DONE = /^(\S+): (Creation|Modifications|Destruction) complete after/;
const STARTED = /^(\S+): (Creating|Modifying|Destroying)\.\.\./;
const FAILED_LINE = /^Error: /;

export class TerraformRunner {
  readonly name: string;
  readonly dir: string;
  private readonly bin: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly opts: TerraformRunnerOptions) {
    this.dir = opts.dir;
    this.name = opts.name ?? path.basename(opts.dir);
    this.bin = opts.bin ?? findTerraform(opts.vars);
    this.env = terraformEnv(opts, opts.env, opts.vars);
  }

  private log(line: string): void {
    this.opts.log?.(`[${this.name}] ${line}`);
  }

  /** Runs `terraform <args>`; rejects with a TerraformError unless the exit code is in okCodes. */
  run(args: readonly string[], okCodes: readonly number[] = [0], label = args[0]): Promise<RunResult> {
    const started = Date.now();
    // `state <sub>` takes its flags after the subcommand
    const head = args[0] === "state" ? 2 : 1;
    const fullArgs = [...args.slice(0, head), ...(args[0] === "version" ? [] : ["-no-color"]), ...args.slice(head)];
    if (interrupted()) return Promise.reject(new InterruptedError(`${this.name}: terraform ${args[0]}`));
    return new Promise((resolve, reject) => {
      // its own process group: an interrupt reaches terraform once, forwarded (cli/interrupt.ts)
      const child = spawn(this.bin, fullArgs, { cwd: this.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      track(child, this.name, () => removeLocalLock(this.dir));
      let stdout = "";
      let stderr = "";
      let done = 0;
      const inProgress = new Map<string, number>();
      let pending = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        stdout += d;
        pending += d;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const l of lines) {
          const d = DONE.exec(l);
          if (d) {
            done++;
            inProgress.delete(d[1]);
            continue;
          }
          const s = STARTED.exec(l);
          if (s) inProgress.set(s[1], Date.now());
          else if (FAILED_LINE.test(l)) inProgress.clear();
        }
      });
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const every = (this.opts.heartbeatSeconds ?? 20) * 1000;
      const timer = setInterval(() => {
        const s = Math.round((Date.now() - started) / 1000);
        const oldest = [...inProgress].sort((a, b) => a[1] - b[1])[0];
        const waiting = oldest ? `; waiting on ${oldest[0]} (${Math.round((Date.now() - oldest[1]) / 1000)}s)` : "";
        const counts = done || inProgress.size ? ` — ${done} done, ${inProgress.size} in progress${waiting}` : "";
        this.log(`${label}: ${s}s${counts}`);
      }, every);
      timer.unref();
      child.once("error", (e) => {
        clearInterval(timer);
        reject((e as NodeJS.ErrnoException).code === "ENOENT" ? new TerraformNotFoundError(this.bin) : e);
      });
      child.once("close", (code, signal) => {
        clearInterval(timer);
        const result: RunResult = { args: fullArgs, code: code ?? -1, stdout, stderr, ms: Date.now() - started };
        if (code !== null && okCodes.includes(code)) return resolve(result);
        reject(new TerraformError(this.name, fullArgs, code ?? -1, stdout, stderr || (signal ? `killed by ${signal}` : "")));
      });
    });
  }

  /**
   * Runs `terraform <args>` with the terminal attached (`npm run tf`): the stack's directory,
   * backend, credentials/endpoint and provider mirror. Resolves with terraform's exit code.
   */
  passthrough(args: readonly string[]): Promise<number> {
    if (interrupted()) return Promise.reject(new InterruptedError(`${this.name}: terraform ${args[0]}`));
    return new Promise((resolve, reject) => {
      const child = spawn(this.bin, [...args], { cwd: this.dir, env: { ...this.env, TF_IN_AUTOMATION: undefined, TF_INPUT: undefined }, stdio: "inherit", detached: true });
      track(child, this.name, () => removeLocalLock(this.dir));
      child.once("error", (e) => reject((e as NodeJS.ErrnoException).code === "ENOENT" ? new TerraformNotFoundError(this.bin) : e));
      child.once("close", (code) => resolve(code ?? 1));
    });
  }

  /** `init -reconfigure` with the configured backend. */
  async init(): Promise<RunResult> {
    return this.run(["init", "-input=false", "-reconfigure"]);
  }

  /** Returns true when the plan has changes (exit 2 with -detailed-exitcode). */
  async plan(p: PlanArgs = {}): Promise<{ changes: boolean; result: RunResult }> {
    const detailed = p.detailedExitcode ?? true;
    const args = ["plan", "-input=false"];
    if (p.out) args.push(`-out=${p.out}`);
    if (detailed) args.push("-detailed-exitcode");
    if (p.refreshOnly) args.push("-refresh-only");
    if (p.destroy) args.push("-destroy");
    if (p.lock === false) args.push("-lock=false");
    const result = await this.run(args, detailed ? [0, 2] : [0], p.refreshOnly ? "plan -refresh-only" : p.destroy ? "plan -destroy" : "plan");
    return { changes: detailed ? result.code === 2 : /Plan: |changes outside of Terraform/.test(result.stdout), result };
  }

  /** Applies exactly a saved plan file. */
  async applyPlan(planFile: string): Promise<RunResult> {
    return this.run(["apply", "-input=false", "-auto-approve", planFile], [0], "apply");
  }

  async applyRefreshOnly(): Promise<RunResult> {
    return this.run(["apply", "-input=false", "-refresh-only", "-auto-approve"], [0], "apply -refresh-only");
  }

  async destroy(): Promise<RunResult> {
    return this.run(["destroy", "-input=false", "-auto-approve"], [0], "destroy");
  }

  /** `show -json <planFile>` (or the state without one), parsed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async showJson(planFile?: string): Promise<any> {
    const r = await this.run(["show", "-json", ...(planFile ? [planFile] : [])]);
    return JSON.parse(r.stdout);
  }

  /** `output -json` reduced to name → value. */
  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.run(["output", "-json"]);
    const raw = JSON.parse(r.stdout || "{}") as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }

  /** `providers schema -json`, parsed (large: tens of MB for hashicorp/aws). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async providerSchemas(): Promise<any> {
    const r = await this.run(["providers", "schema", "-json"]);
    return JSON.parse(r.stdout);
  }
}

/**
 * After a forced kill: the local backend's lock info file (`.<state>.lock.info` beside the state
 * file) would stay behind, naming a dead process. Remote (S3 `use_lockfile`) locks cannot be
 * cleaned here: `npm run tf -- <stack> force-unlock <id>` releases one.
 */
export function removeLocalLock(dir: string): string | undefined {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
    const state: string | undefined = json.terraform?.backend?.local?.path;
    if (!state) return undefined;
    const abs = path.resolve(dir, state);
    const lock = path.join(path.dirname(abs), `.${path.basename(abs)}.lock.info`);
    if (fs.existsSync(lock)) {
      fs.rmSync(lock, { force: true });
      return lock;
    }
  } catch {
    /* no configuration */
  }
  return undefined;
}

/** `1m05s` / `42.0s` */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}
