/**
 * Thin async wrapper around the terraform CLI for acceptance tests against moto.
 * Every instance is independent (own working dir, own child processes), so several can run
 * concurrently.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireTools } from "./tools";

export interface CliConfigOptions {
  /** optional shared plugin cache (not needed with an unpacked mirror: terraform symlinks it). */
  pluginCacheDir?: string;
}

/** Write a CLI config that installs hashicorp/* only from TF_PLUGIN_MIRROR. Returns the file path. */
export function writeCliConfig(dir: string, opts: CliConfigOptions = {}): string {
  const { mirror } = requireTools();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "terraform.rc");
  const lines = [
    ...(opts.pluginCacheDir ? [`plugin_cache_dir = ${JSON.stringify(path.resolve(opts.pluginCacheDir))}`] : []),
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(path.resolve(mirror))}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    "  }",
    "  direct {",
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    "  }",
    "}",
    "",
  ];
  fs.writeFileSync(file, lines.join("\n"));
  return file;
}

export interface TerraformOptions {
  /** moto endpoint, e.g. http://127.0.0.1:5000 (exported as AWS_ENDPOINT_URL). */
  endpoint: string;
  region?: string;
  /** CLI config; default: written once per process into os.tmpdir(). */
  cliConfigFile?: string;
  /** extra env for every command (wins over the defaults). */
  env?: Record<string, string>;
  /** label used in the progress log; default: the working dir's base name. */
  name?: string;
  /** per-command limit; on expiry terraform gets SIGINT (saves state), then SIGKILL 30 s later. Default 20 min. */
  timeoutMs?: number;
}

export interface RunResult {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface PlanOptions {
  out?: string;
  detailedExitcode?: boolean;
  refresh?: boolean;
  lock?: boolean;
  destroy?: boolean;
  refreshOnly?: boolean;
  extraArgs?: string[];
}

let defaultCliConfig: string | undefined;
function cliConfig(): string {
  if (!defaultCliConfig) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-tfrc-"));
    defaultCliConfig = writeCliConfig(dir);
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return defaultCliConfig;
}

/** Env vars stripped from the inherited env so nothing can reach a real AWS account. */
const STRIP = /^(AWS_|TF_LOG|TF_VAR_|TF_WORKSPACE|TF_DATA_DIR|TF_CLI_ARGS)/;

export class Terraform {
  readonly name: string;
  /** result of the last command (also on failure). */
  last?: RunResult;

  constructor(
    readonly dir: string,
    private readonly opts: TerraformOptions,
  ) {
    this.name = opts.name ?? path.basename(dir);
  }

  env(): NodeJS.ProcessEnv {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !STRIP.test(k)));
    const region = this.opts.region ?? "eu-west-1";
    return {
      ...base,
      TF_CLI_CONFIG_FILE: this.opts.cliConfigFile ?? cliConfig(),
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      AWS_ENDPOINT_URL: this.opts.endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: os.devNull,
      AWS_SHARED_CREDENTIALS_FILE: os.devNull,
      ...this.opts.env,
    };
  }

  /** Run `terraform <args>`; throws (with the tail of stderr) unless the exit code is in okCodes. */
  run(args: string[], okCodes: number[] = [0]): Promise<RunResult> {
    const { terraform } = requireTools();
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(terraform, [args[0], "-no-color", ...args.slice(1)], {
        cwd: this.dir,
        env: this.env(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const limit = this.opts.timeoutMs ?? 20 * 60_000;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGINT");
        setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
      }, limit);
      child.once("error", reject);
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        const ms = Date.now() - started;
        const result: RunResult = { args, code: code ?? -1, stdout, stderr, ms };
        this.last = result;
        process.stderr.write(
          `[tf ${this.name}] ${args[0]}${args.includes("-refresh-only") ? " -refresh-only" : ""} ` +
            `${(ms / 1000).toFixed(1)}s exit=${code ?? signal}\n`,
        );
        if (code !== null && okCodes.includes(code)) return resolve(result);
        const tail = (s: string, n: number) => (s.length > n ? `…${s.slice(-n)}` : s);
        reject(
          new Error(
            `terraform ${args.join(" ")} failed (exit ${code ?? signal}${timedOut ? `, timed out after ${limit} ms` : ""}) in ${this.dir}\n` +
              `--- stderr (tail) ---\n${tail(stderr.trim(), 6000)}\n` +
              `--- stdout (tail) ---\n${tail(stdout.trim(), 2000)}`,
          ),
        );
      });
    });
  }

  async init(): Promise<void> {
    await this.run(["init", "-input=false"]);
  }

  async validate(): Promise<void> {
    await this.run(["validate"]);
  }

  /** Returns the exit code: 0 (no changes / success), or 2 with detailedExitcode when there are changes. */
  async plan(o: PlanOptions = {}): Promise<number> {
    const args = ["plan", "-input=false"];
    if (o.out) args.push(`-out=${o.out}`);
    if (o.detailedExitcode) args.push("-detailed-exitcode");
    if (o.refresh === false) args.push("-refresh=false");
    if (o.lock === false) args.push("-lock=false");
    if (o.destroy) args.push("-destroy");
    if (o.refreshOnly) args.push("-refresh-only");
    args.push(...(o.extraArgs ?? []));
    return (await this.run(args, o.detailedExitcode ? [0, 2] : [0])).code;
  }

  /** Apply a saved plan, or (no argument) `apply -auto-approve`. */
  async apply(planFile?: string): Promise<void> {
    await this.run(planFile ? ["apply", "-input=false", planFile] : ["apply", "-input=false", "-auto-approve"]);
  }

  /** Accept refreshed remote values into state (a clean drift baseline right after an apply). */
  async applyRefreshOnly(): Promise<void> {
    await this.run(["apply", "-input=false", "-refresh-only", "-auto-approve"]);
  }

  async destroy(): Promise<void> {
    await this.run(["destroy", "-input=false", "-auto-approve"]);
  }

  /** `terraform show -json [planFile]` parsed (the state when no plan file is given). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async showJson(planFile?: string): Promise<any> {
    return JSON.parse((await this.run(["show", "-json", ...(planFile ? [planFile] : [])])).stdout);
  }

  /** `terraform output -json` reduced to name -> value. */
  async output(): Promise<Record<string, unknown>> {
    const raw = JSON.parse((await this.run(["output", "-json"])).stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }
}
