/**
 * Runs terraform over the stacks of one environment in dependency order: the bootstrap (when
 * present), the platform, then the apps with bounded parallelism. Used by plan, apply, drift,
 * destroy (`npm run local -- down`) and promote.
 *
 * - The first failure stops the run: no later stack starts, running ones finish.
 * - `plan`: an app stack whose platform contract (SSM) does not exist yet is reported as
 *   "blocked: platform not applied", not as a failure (a fresh environment).
 * - `apply`: each stack is planned right before it is applied, into a saved plan file, and
 *   exactly that file is applied — so app stacks see the contract their platform just wrote.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Environment } from "../config/schema";
import { ConfigError } from "../config/load";
import { synthesize, type SynthResult, type SynthesizedStack } from "../synth";
import { EXIT, UsageError, parseCommandFlags } from "../cli";
import { NO_CHANGES, countsLine, hasChanges, planNotes, runTable, summarizePlan, writeRunReport, type PlanSummary, type RunReport, type StackReport, type StackStatus } from "./plan-report";
import { TerraformError, TerraformRunner, WORK_DIR, findTerraform, formatDuration, summarizeTerraformError, type Log } from "./terraform";
import { localEndpoint } from "./emulator";
import { interrupted } from "../cli/interrupt";
import { routeChanges } from "./plan-routes";
import { withCredentialsHint } from "./credentials-hint";
import { consolePlanText, planBlocks } from "./plan-text";
import { LOCAL_ENVIRONMENT, deriveLocalEnvironment } from "./local-env";
import { formatApplyOrder } from "./lifecycle";
import { synthForRole, type PipelineRole } from "./pipeline-role";
import { changedStacksFor, parsePipelineFlags, pipelineFlagOptions, pipelineFlagUsage, type PipelineFlag } from "./changed";
import { SavedPlanError, applySavedPlan, exportPlans, loadPlans, type PlanManifest } from "./saved-plans";

/** What every pipeline command accepts besides its own flags (so tests can call it in-process). */
export interface OpsContext {
  /** Emulator endpoint. @default AWS_ENDPOINT_URL, then the running `npm run local` emulator (emulator environments only) */
  readonly endpoint?: string;
  /** Base environment variables. @default process.env */
  readonly vars?: NodeJS.ProcessEnv;
  /** Extra variables for terraform (undefined removes one). */
  readonly extraEnv?: Record<string, string | undefined>;
  /** Progress lines. @default console.error */
  readonly log?: Log;
  /** Scratch directory (synth output, plan files). @default <project>/.work */
  readonly workDir?: string;
  /** Terraform binary. @default TERRAFORM_BIN or terraform on PATH */
  readonly terraformBin?: string;
}

export interface EnvironmentSelector {
  /** A built-in environment (environments/<name>.ts). */
  readonly environment?: string;
  /** An environment file (.ts or .json) — e.g. the generated .work/local/local.json. */
  readonly configFile?: string;
}

export interface SynthForOptions extends EnvironmentSelector {
  readonly stacks?: readonly string[];
  readonly workDir?: string;
  /** `--env local`: the emulator holding the environment `npm run local -- up` deployed. @default its recorded moto */
  readonly endpoint?: string;
  readonly log?: Log;
  /** The role terraform runs as (ops/pipeline-role.ts): "planner" rewrites the assumed roles and drops the bootstrap. @default "deploy" */
  readonly role?: PipelineRole;
}

/** Synthesizes one environment into `<workDir>/synth/<env>`; unknown names are usage errors. */
export async function synthesizeEnvironment(opts: SynthForOptions): Promise<{ env: Environment; synth: SynthResult }> {
  if (!opts.environment && !opts.configFile) throw new UsageError("--env or --config is required");
  if (opts.environment === LOCAL_ENVIRONMENT && !opts.configFile) {
    // `--env local` is the environment `local up` deployed: its fixture ids, state and emulator
    const { envFile } = await deriveLocalEnvironment({ endpoint: opts.endpoint, log: opts.log ?? defaultLog });
    opts = { ...opts, configFile: envFile };
  }
  const workDir = opts.workDir ?? WORK_DIR;
  const label = opts.environment ?? path.basename(opts.configFile!).replace(/\.(ts|js|json)$/, "");
  fs.mkdirSync(path.join(workDir, "synth"), { recursive: true });
  let synth: SynthResult;
  try {
    synth = await synthesize({
      ...(opts.configFile ? { configFiles: [opts.configFile] } : { envNames: [opts.environment!] }),
      stacks: opts.stacks?.length ? opts.stacks : undefined,
      outdir: path.join(workDir, "synth", label),
    });
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const msg = (e as Error).message;
    if (/^unknown (environment|stack)/.test(msg)) throw new UsageError(msg);
    throw e;
  }
  const env = synth.environments[0];
  if (!env) throw new UsageError(`no environment in ${opts.configFile ?? opts.environment}`);
  if (opts.environment && opts.configFile && env.name !== opts.environment) {
    throw new UsageError(`--env ${opts.environment} does not match the environment in ${opts.configFile} ('${env.name}')`);
  }
  return { env, synth: synthForRole(synth, env, opts.role) };
}

/** The emulator endpoint for an emulator environment (or the explicit one), else undefined (real AWS). */
export function resolveEndpoint(env: Environment, ctx: OpsContext): string | undefined {
  if (ctx.endpoint) return ctx.endpoint;
  if (!env.emulator) return undefined;
  const vars = ctx.vars ?? process.env;
  const found = vars.AWS_ENDPOINT_URL || localEndpoint();
  if (!found) {
    throw new Error(
      `environment '${env.name}' targets an emulator (emulator: true) but no endpoint is known: ` +
        "start it with `npm run local -- up`, or set AWS_ENDPOINT_URL to a running moto server",
    );
  }
  return found;
}

export function runnerFor(stack: SynthesizedStack, env: Environment, ctx: OpsContext): TerraformRunner {
  return new TerraformRunner({
    dir: stack.dir,
    name: stack.name,
    endpoint: resolveEndpoint(env, ctx),
    region: env.region,
    env: ctx.extraEnv,
    vars: ctx.vars,
    log: ctx.log ?? defaultLog,
    bin: ctx.terraformBin,
  });
}

export const defaultLog: Log = (line) => process.stderr.write(`${line}\n`);

/* ------------------------------------------------------------------ scheduling */

export type TaskOutcome = "ok" | "blocked" | "failed";

export interface Schedulable {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

export interface ScheduleResult {
  readonly outcome: TaskOutcome | "skipped";
  readonly reason?: string;
}

/**
 * Runs `work` for every item once its dependencies (those in `items`) finished "ok", at most
 * `parallel` at a time. After a "failed" outcome nothing new starts; running tasks finish.
 * Items whose dependency was blocked/failed, or that never started, are "skipped".
 */
export async function runOrdered<T extends Schedulable>(items: readonly T[], parallel: number, work: (item: T) => Promise<TaskOutcome>): Promise<Map<string, ScheduleResult>> {
  const names = new Set(items.map((i) => i.name));
  const results = new Map<string, ScheduleResult>();
  const running = new Set<string>();
  let stopped: string | undefined;
  const max = Math.max(1, Math.floor(parallel));
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      // skip what can never run
      let changed = true;
      while (changed) {
        changed = false;
        for (const item of items) {
          if (results.has(item.name) || running.has(item.name)) continue;
          const bad = item.dependsOn.find((d) => names.has(d) && results.has(d) && results.get(d)!.outcome !== "ok");
          if (bad) {
            results.set(item.name, { outcome: "skipped", reason: `${bad} ${results.get(bad)!.outcome}` });
            changed = true;
          } else if (stopped) {
            results.set(item.name, { outcome: "skipped", reason: `${stopped} failed` });
            changed = true;
          }
        }
      }
      for (const item of items) {
        if (running.size >= max) break;
        if (results.has(item.name) || running.has(item.name)) continue;
        if (!item.dependsOn.every((d) => !names.has(d) || results.get(d)?.outcome === "ok")) continue;
        running.add(item.name);
        work(item).then(
          (outcome) => finish(item, outcome),
          (e) => reject(e),
        );
      }
      if (running.size === 0 && results.size === items.length) resolve();
      else if (running.size === 0) reject(new Error(`cannot order stacks: ${items.filter((i) => !results.has(i.name)).map((i) => i.name).join(", ")} wait on each other`));
    };
    const finish = (item: T, outcome: TaskOutcome) => {
      running.delete(item.name);
      results.set(item.name, { outcome });
      if (outcome === "failed" && !stopped) stopped = item.name;
      pump();
    };
    pump();
  });
  return results;
}

/* ------------------------------------------------------------------ plan / apply */

/** What every per-stack command (plan, apply, drift) takes. */
export interface StackRunOptions extends OpsContext, EnvironmentSelector {
  /** Only these stacks (names). @default all */
  readonly stacks?: readonly string[];
  /** Leave the bootstrap stack out (it is applied by an administrator, docs/bootstrap.md). @default false */
  readonly skipBootstrap?: boolean;
  /** Stacks run at the same time (apps). @default 2 */
  readonly parallel?: number;
  /** Report directory. @default <project>/reports; null: write no report */
  readonly out?: string | null;
  /** `plan`: exit 2 when any stack has changes (as `terraform plan -detailed-exitcode`). @default false */
  readonly detailedExitcode?: boolean;
  /** Run terraform as this bootstrap role; "planner" plans take no lock. @default "deploy" */
  readonly role?: PipelineRole;
  /** plan: also write the saved plans + manifest here (ops/saved-plans.ts). */
  readonly outPlans?: string;
  /** apply: apply exactly the saved plans of this directory instead of planning. */
  readonly plans?: string;
}
export type RunOptions = StackRunOptions;

/** What every per-stack command returns: its report, the environment, the report files. */
export interface CommandResult<R> {
  readonly report: R;
  readonly env: Environment;
  readonly files?: { md: string; json: string };
}
export type RunResult = CommandResult<RunReport>;

/** Matches terraform's error when an app stack reads a platform contract parameter that does not exist. */
export function isContractMissing(stderr: string): boolean {
  const errors = summarizeTerraformError(stderr, Infinity).split(/\n(?=Error: )/).filter((b) => b.startsWith("Error: "));
  if (!errors.length) return false;
  return errors.every((b) => /reading SSM Parameter \([^)]*\/platform\/[^)]*\)/.test(b) && /(couldn't find resource|ParameterNotFound|not found)/i.test(b));
}

/** The contract keys an app stack's failed plan could not read (`/<org>/<env>/platform/<key>`). */
export function missingContractKeys(stderr: string): string[] {
  const keys = [...summarizeTerraformError(stderr, Infinity).matchAll(/reading SSM Parameter \([^)]*\/platform\/([^)/\s]+)\)/g)].map((m) => m[1]);
  return [...new Set(keys)].sort();
}

function firstLine(s: string): string {
  const line = s.split("\n").find((l) => l.trim() && !/^\s*$/.test(l)) ?? s;
  return line.replace(/^Error: /, "").slice(0, 160);
}

interface PlannedStack {
  readonly summary: PlanSummary;
  readonly planFile: string;
  readonly changes: boolean;
  readonly routes?: readonly string[];
  readonly planText?: string;
}

async function planStack(stack: SynthesizedStack, runner: TerraformRunner, planDir: string, log: Log, lock = true): Promise<PlannedStack> {
  fs.mkdirSync(planDir, { recursive: true });
  const planFile = path.join(planDir, `${stack.name}.plan`);
  const jsonFile = path.join(planDir, `${stack.name}.json`);
  for (const f of [planFile, jsonFile]) fs.rmSync(f, { force: true });
  await runner.init();
  // Every further terraform command loads the provider's schema (~3 CPU-s for hashicorp/aws), so
  // only what the answer needs runs: no changes (exit 0 of -detailed-exitcode: no resource and no
  // output changes) needs no JSON plan; the attribute-level text is the plan's own output, which is
  // what `terraform show <planfile>` prints for it.
  const { changes, result } = await runner.plan({ out: planFile, lock });
  if (!changes) {
    log(`[${stack.name}] plan: no changes`);
    return { summary: NO_CHANGES, planFile, changes };
  }
  const json = await runner.showJson(planFile);
  fs.writeFileSync(jsonFile, JSON.stringify(json));
  const summary = summarizePlan(json);
  log(`[${stack.name}] plan: ${hasChanges(summary) ? countsLine(summary) : "no changes"}${summary.outputChanges.length ? `; outputs: ${summary.outputChanges.join(", ")}` : ""}`);
  for (const n of planNotes(summary.changes)) log(`[${stack.name}]   note: ${n}`);
  for (const c of summary.changes) {
    if (c.kind !== "create") log(`[${stack.name}]   ${c.kind} ${c.address}${c.replacePaths?.length ? ` (forces replacement: ${c.replacePaths.join(", ")})` : ""}`);
  }
  if (!hasChanges(summary)) return { summary, planFile, changes };
  // readable: routes (app stacks) and the attribute-level text terraform prints
  const routes = stack.role === "app" ? routeChanges(json) : [];
  if (routes.length) log(`[${stack.name}] routes:\n${routes.map((r) => `    ${r}`).join("\n")}`);
  const blocks = planBlocks(result.stdout);
  const shown = consolePlanText(blocks);
  if (shown.length) log(shown.map((l) => `[${stack.name}]   ${l}`).join("\n"));
  return { summary, planFile, changes, routes, planText: blocks.map((b) => b.text).join("\n\n") };
}

/** Plans (and with `apply: true` applies) every stack of an environment. */
export async function runEnvironment(command: "plan" | "apply", opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const log = opts.log ?? defaultLog;
  const workDir = opts.workDir ?? WORK_DIR;
  if (!opts.terraformBin) findTerraform(opts.vars); // a missing terraform is reported before anything else runs
  const { env, synth } = await synthesizeEnvironment({ ...opts, workDir });
  const stacks = synth.stacks.filter((s) => !(opts.skipBootstrap && s.role === "bootstrap"));
  if (!stacks.length) throw new UsageError("no stacks selected");
  const planDir = path.join(workDir, "plans", env.name);
  const reports = new Map<string, StackReport>();
  let manifest: PlanManifest | undefined;
  if (opts.plans) {
    if (command !== "apply") throw new UsageError("--plans is for apply");
    try {
      manifest = loadPlans(opts.plans, env, stacks);
    } catch (e) {
      if (e instanceof SavedPlanError) log(e.message);
      throw e;
    }
  }
  log(`${command} ${env.name}: ${stacks.map((s) => s.name).join(", ")}${env.emulator ? ` (emulator ${resolveEndpoint(env, opts)})` : ""}`);

  const results = await runOrdered(stacks, opts.parallel ?? 2, async (stack): Promise<TaskOutcome> => {
    const t0 = Date.now();
    const runner = runnerFor(stack, env, opts);
    const put = (status: StackStatus, extra: Partial<StackReport> = {}) => reports.set(stack.name, { stack: stack.name, role: stack.role, status, ms: Date.now() - t0, ...extra });
    if (manifest) {
      const r = await applySavedPlan(stack, runner, opts.plans!, manifest, log);
      put(r.status, { detail: r.detail, error: r.error, planFile: r.planFile });
      return r.status === "failed" ? "failed" : r.status === "blocked" ? "blocked" : "ok";
    }
    log(`[${stack.name}] ${command === "apply" ? "planning, then applying" : "planning"}…`);
    let planned: PlannedStack;
    try {
      planned = await planStack(stack, runner, planDir, log, opts.role !== "planner");
    } catch (e) {
      if (e instanceof TerraformError && stack.role === "app" && isContractMissing(e.stderr)) {
        const platform = stack.dependsOn.find((d) => d.endsWith("-platform")) ?? "the platform";
        const keys = missingContractKeys(e.stderr);
        const what = keys.length ? `contract key${keys.length > 1 ? "s" : ""} ${keys.join(", ")} ${keys.length > 1 ? "are" : "is"} missing` : "platform contract missing";
        if (command === "plan") {
          log(`[${stack.name}] blocked: ${what} — the platform contract is not in SSM (apply ${platform} first)`);
          put("blocked", { detail: keys.length && keys.length < 4 ? what : "platform not applied" });
          return "blocked";
        }
        put("failed", { detail: `${what} (apply ${platform} first)`, error: e.message });
        return "failed";
      }
      const msg = withCredentialsHint(e instanceof TerraformError ? summarizeTerraformError(e.stderr || e.stdout) : (e as Error).message, env);
      log(`[${stack.name}] failed: ${msg}`);
      put("failed", { detail: interrupted() ? "interrupted" : firstLine(msg), error: msg });
      return "failed";
    }
    const base = { counts: planned.summary, changes: planned.summary.changes, outputChanges: planned.summary.outputChanges, planFile: planned.planFile, routes: planned.routes, planText: planned.planText };
    if (command === "plan" || !planned.changes) {
      put(planned.changes ? "changes" : "no-changes", base);
      return "ok";
    }
    try {
      const r = await runner.applyPlan(planned.planFile);
      log(`[${stack.name}] applied in ${formatDuration(r.ms)}`);
      put("applied", base);
      return "ok";
    } catch (e) {
      const msg = withCredentialsHint(e instanceof TerraformError ? summarizeTerraformError(e.stderr || e.stdout) : (e as Error).message, env);
      log(`[${stack.name}] apply failed: ${msg}`);
      put("failed", { ...base, detail: interrupted() ? "interrupted: terraform stopped gracefully, the next apply continues" : firstLine(msg), error: msg });
      return "failed";
    }
  });

  const ordered: StackReport[] = stacks.map((s) => {
    const r = reports.get(s.name);
    if (r) return r;
    const sched = results.get(s.name);
    return { stack: s.name, role: s.role, status: "skipped", detail: sched?.reason, ms: 0 };
  });
  const report: RunReport = {
    command,
    environment: env.name,
    startedAt: new Date(started).toISOString(),
    ms: Date.now() - started,
    ok: ordered.every((s) => s.status !== "failed" && s.status !== "skipped"),
    stacks: ordered,
  };
  const files = opts.out === null ? undefined : writeRunReport(report, opts.out ?? defaultReportDir());
  if (opts.outPlans && command === "plan") log(`saved plans: ${exportPlans(opts.outPlans, env, opts.role ?? "deploy", stacks, reports)}`);
  return { report, env, files };
}

export function defaultReportDir(): string {
  return path.join(path.dirname(WORK_DIR), "reports");
}

/* ------------------------------------------------------------------ destroy */

export interface DestroyOptions extends OpsContext {
  readonly stacks: readonly SynthesizedStack[];
  readonly environment: Environment;
  readonly parallel?: number;
}

/** Destroys stacks in reverse dependency order (apps, then platform, then bootstrap). */
export async function destroyStacks(opts: DestroyOptions): Promise<Map<string, ScheduleResult & { error?: string; ms: number }>> {
  const log = opts.log ?? defaultLog;
  const names = new Set(opts.stacks.map((s) => s.name));
  // reverse the edges: a stack waits for everything that depends on it
  const reversed = opts.stacks.map((s) => ({ stack: s, name: s.name, dependsOn: opts.stacks.filter((o) => o.dependsOn.includes(s.name) && names.has(o.name)).map((o) => o.name) }));
  const extra = new Map<string, { error?: string; ms: number }>();
  const results = await runOrdered(reversed, opts.parallel ?? 2, async ({ stack }) => {
    const t0 = Date.now();
    const runner = runnerFor(stack, opts.environment, opts);
    try {
      log(`[${stack.name}] destroying…`);
      await runner.init();
      const r = await runner.destroy();
      log(`[${stack.name}] destroyed in ${formatDuration(r.ms)}`);
      extra.set(stack.name, { ms: Date.now() - t0 });
      return "ok";
    } catch (e) {
      const msg = e instanceof TerraformError ? summarizeTerraformError(e.stderr || e.stdout) : (e as Error).message;
      log(`[${stack.name}] destroy failed: ${msg}`);
      extra.set(stack.name, { error: msg, ms: Date.now() - t0 });
      return "failed";
    }
  });
  return new Map([...results].map(([k, v]) => [k, { ...v, ...(extra.get(k) ?? { ms: 0 }) }]));
}

/* ------------------------------------------------------------------ command line */

export function runUsage(command: "plan" | "apply"): string {
  return [
    `usage: npm run ${command} -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]`,
    "  --env             a built-in environment (environments/<name>.ts)",
    "  --config          an environment file (.ts or .json), e.g. .work/local/local.json",
    "  --stack           only these stacks (repeatable); dependencies outside the selection are assumed applied",
    "  --skip-bootstrap  leave out <env>-bootstrap (an administrator applies it, docs/bootstrap.md)",
    "  --parallel        app stacks at once (default 2)",
    `  --out             report directory (default reports/): ${command}-<env>.md and .json`,
    ...pipelineFlagUsage(command === "plan" ? ["role", "out-plans", "changed-since", "matrix"] : ["role", "plans"]),
    command === "plan"
      ? "order: bootstrap, platform, then apps; app stacks whose platform contract is not in SSM yet are reported as blocked (not an error)"
      : "order: bootstrap, platform, then apps; each stack is planned into a saved plan file right before exactly that file is applied; the first failure stops the run",
    ...(command === "plan" ? ["  --detailed-exitcode  exit 2 when any stack has changes (CI gating, as terraform plan -detailed-exitcode)"] : []),
    `exit codes: 0 ok${command === "plan" ? " (no changes, with --detailed-exitcode)" : ""}, 1 error (a stack failed)${command === "plan" ? ", 2 changes (--detailed-exitcode)" : ""}, 64 usage, 130 interrupted`,
  ].join("\n");
}

/**
 * The flags every per-stack command (plan, apply, drift) takes, parsed strictly. Returns
 * `undefined` for `--help` (after printing the usage), else the options to run with.
 */
export function parseStackRunFlags(
  argv: string[],
  usage: string,
  out: (line: string) => void,
  extra: readonly PipelineFlag[] = ["role"],
): (Omit<StackRunOptions, keyof OpsContext> & { changedSince?: string; matrix?: boolean }) | undefined {
  const values = parseCommandFlags(
    argv,
    {
      env: { type: "string" },
      config: { type: "string" },
      stack: { type: "string", multiple: true },
      "skip-bootstrap": { type: "boolean" },
      parallel: { type: "string" },
      out: { type: "string" },
      "detailed-exitcode": { type: "boolean" },
      ...pipelineFlagOptions(extra),
    },
    usage,
    out,
  );
  if (!values) return undefined;
  const pipeline = parsePipelineFlags(values as Record<string, unknown>, usage);
  if (!values.env && !values.config) throw new UsageError(`--env or --config is required\n\n${usage}`);
  if (values.parallel !== undefined && !/^[1-9]\d*$/.test(values.parallel)) throw new UsageError(`--parallel must be a positive integer (got '${values.parallel}')\n\n${usage}`);
  return {
    environment: values.env,
    configFile: values.config,
    stacks: values.stack,
    skipBootstrap: values["skip-bootstrap"],
    parallel: values.parallel === undefined ? undefined : Number(values.parallel),
    out: values.out,
    detailedExitcode: values["detailed-exitcode"],
    ...pipeline,
  };
}

/** `npm run plan` / `npm run apply` as a function: returns the exit code. */
export async function runMain(command: "plan" | "apply", argv: string[], ctx: OpsContext = {}, io: { out: (line: string) => void } = { out: (l) => console.log(l) }): Promise<number> {
  const usage = runUsage(command);
  const flags = parseStackRunFlags(argv, usage, io.out, command === "plan" ? ["role", "out-plans", "changed-since", "matrix"] : ["role", "plans"]);
  if (!flags) return EXIT.ok;
  let result: RunResult;
  try {
    if (flags.changedSince) {
      const selected = await changedStacksFor({ ...ctx, ...flags, changedSince: flags.changedSince }, io, synthesizeEnvironment);
      if (flags.matrix || !selected.length) return EXIT.ok;
      result = await runEnvironment(command, { ...ctx, ...flags, stacks: selected });
    } else result = await runEnvironment(command, { ...ctx, ...flags });
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${e.message}\n\n${usage}`);
    throw e;
  }
  const { report, files } = result;
  io.out(runTable(report));
  if (command === "plan") io.out(formatApplyOrder(report));
  const blocked = report.stacks.filter((s) => s.status === "blocked");
  if (blocked.length) io.out(`\n${blocked.length} app stack(s) blocked: the platform contract is not in SSM yet — \`npm run apply\` applies the platform first, then plans each app right before applying it.`);
  if (files) io.out(`\nreport: ${path.relative(process.cwd(), files.md) || files.md}, ${path.relative(process.cwd(), files.json) || files.json}`);
  io.out(report.ok ? `${command} ${report.environment}: ok in ${formatDuration(report.ms)}` : `${command} ${report.environment}: FAILED in ${formatDuration(report.ms)}`);
  if (report.ok && command === "plan" && flags.detailedExitcode && report.stacks.some((s) => s.status === "changes")) return EXIT.drift; // 2 = changes, as terraform
  return report.ok ? EXIT.ok : EXIT.error;
}
