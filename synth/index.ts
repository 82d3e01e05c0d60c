/**
 * The synth pipeline shared by `npm run synth`, `main.ts` (cdktf CLI) and the tests:
 * validate every environment → build the authorizer → synthesize into a staging directory →
 * run the policy pack → only then replace the output directory. A bad config or an
 * unsuppressed policy error leaves the output directory untouched.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import type { Environment } from "../config/schema";
import { ConfigError, ENVIRONMENTS_DIR, PROJECT_ROOT, listEnvironmentFiles, loadEnvironments, loadEnvironmentFile, type ConfigProblem } from "../config/load";
import { constructionProblem, findingProblems } from "./late-errors";
import { addEnvironment, type StackInfo } from "../stacks";
import type { AuthorizerBundle } from "../modules/authorizer-function";
import { runPolicyPack, type Finding } from "../policy";
import { consumerOpenApi } from "../modules/openapi-export";
import { UsageError } from "../cli";
import { quotaProblems, quotaReport, type QuotaCheck } from "../config/quotas";
import { stackNames } from "../config/naming";

export interface SynthOptions {
  /** Built-in environments by name. @default all of environments/ (unless configFiles is set) */
  readonly envNames?: readonly string[];
  /** Environment files (.ts or .json) outside environments/. */
  readonly configFiles?: readonly string[];
  /** @default <project>/cdktf.out */
  readonly outdir?: string;
  /** Only these stacks. @default all */
  readonly stacks?: readonly string[];
  /** Skip the policy pack (tests of the stacks themselves only). @default false */
  readonly skipPolicy?: boolean;
  /**
   * Leave stack folders that this synth no longer writes in place. The cdktf CLI lists the stack
   * folders before running the app and deletes the orphans itself afterwards. @default false
   */
  readonly keepOrphanStackDirs?: boolean;
  /** A prebuilt authorizer bundle. @default build it */
  readonly authorizerBundle?: AuthorizerBundle;
}

export interface SynthesizedStack extends StackInfo {
  readonly dir: string;
  readonly resourceCount: number;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface SynthResult {
  readonly environments: readonly Environment[];
  readonly stacks: readonly SynthesizedStack[];
  readonly findings: readonly Finding[];
  readonly suppressed: readonly { finding: Finding; reason: string }[];
  readonly outdir: string;
  /** Quota usage and headroom per environment (config/quotas.ts). */
  readonly quotas: ReadonlyMap<string, readonly QuotaCheck[]>;
}

export class PolicyError extends Error {
  constructor(
    readonly findings: readonly Finding[],
    /** The unsuppressed errors traced back to the config fields that caused them. */
    readonly problems: readonly ConfigProblem[] = [],
  ) {
    super(`policy pack: ${findings.length} unsuppressed error finding${findings.length === 1 ? "" : "s"}`);
    this.name = "PolicyError";
  }
}

/** Resolves which environment files to load. Unknown names are reported with the known ones. */
export function environmentFiles(opts: Pick<SynthOptions, "envNames" | "configFiles">): string[] {
  const builtIn = listEnvironmentFiles();
  const files: string[] = [];
  if (opts.envNames?.length) {
    const known = builtIn.map((f) => path.basename(f).replace(/\.(ts|json)$/, ""));
    const unknown = opts.envNames.filter((n) => !known.includes(n));
    if (unknown.length) throw new UsageError(`unknown environment${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `'${u}'`).join(", ")} (known: ${known.join(", ")})`);
    files.push(...builtIn.filter((f) => opts.envNames!.includes(path.basename(f).replace(/\.(ts|json)$/, ""))));
  }
  if (opts.configFiles?.length) files.push(...opts.configFiles.map((f) => path.resolve(f)));
  if (!opts.envNames?.length && !opts.configFiles?.length) files.push(...builtIn);
  return files;
}

export function loadForSynth(opts: Pick<SynthOptions, "envNames" | "configFiles">): Environment[] {
  const files = environmentFiles(opts);
  // A subset of the built-in environments is checked as part of the whole set (promotesFrom).
  if (opts.envNames?.length && !opts.configFiles?.length) {
    const all = loadEnvironments(listEnvironmentFiles(ENVIRONMENTS_DIR));
    return all.filter((e) => opts.envNames!.includes(e.name));
  }
  return files.length === 1 ? [loadEnvironmentFile(files[0])] : loadEnvironments(files);
}

function countResources(json: any): number { // eslint-disable-line @typescript-eslint/no-explicit-any
  return Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

export async function synthesize(opts: SynthOptions = {}): Promise<SynthResult> {
  const environments = loadForSynth(opts); // throws ConfigError before anything is written
  const outdir = path.resolve(opts.outdir ?? path.join(PROJECT_ROOT, "cdktf.out"));
  // esbuild is loaded only when a bundle has to be built
  const bundle = opts.authorizerBundle ?? (await (require("../authorizer/build") as typeof import("../authorizer/build")).buildAuthorizer()) // eslint-disable-line @typescript-eslint/no-require-imports;

  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outdir), { recursive: true }); // `--out a/b/c` with no a/b yet
  try {
    // cdktf captures a stack trace for every token and construct; with source maps on (tsx turns
    // them on) each capture is mapped, a third of the synth time. Errors name construct paths.
    const sourceMaps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    // skipValidation: cdktf would run `terraform version` once per stack with a moved block (a
    // child process each, ~0.5 s per synth, and synth failing where terraform is not installed).
    // Every construct validation still runs (validateConstructs); the Terraform version is
    // enforced by each stack's `required_version` (modules/state-backend.ts) when terraform runs.
    const app = new App({ outdir: staging, stackTraces: false, skipValidation: true });
    const infos: StackInfo[] = [];
    for (const env of environments) {
      try {
        infos.push(...addEnvironment(app, env, { authorizerBundle: bundle, projectRoot: PROJECT_ROOT, only: opts.stacks?.length ? opts.stacks : undefined }));
      } catch (e) {
        // a construct error caused by a config value (an id clash, a name) is reported like a validation error
        const problem = constructionProblem(env, e);
        if (problem) throw new ConfigError(env.name, [problem]);
        throw e;
      }
    }
    if (opts.stacks?.length) {
      const missing = opts.stacks.filter((s) => !infos.some((i) => i.name === s));
      const valid = environments.flatMap((e) => [stackNames.bootstrap(e), stackNames.platform(e), ...e.apps.map((a) => stackNames.app(e, a.name))]);
      if (missing.length) throw new UsageError(`unknown stack${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (valid: ${valid.join(", ")})`);
    }
    validateConstructs(app);
    app.synth();
    process.setSourceMapsEnabled(sourceMaps);

    const stacks: SynthesizedStack[] = infos.map((info) => {
      const dir = path.join(staging, "stacks", info.name);
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      return { ...info, dir: path.join(outdir, "stacks", info.name), json, resourceCount: countResources(json) };
    });

    // Quotas measured on the synthesized documents (policy sizes, parameter values): a problem found late is still a configuration error, and nothing is written.
    const quotas = new Map<string, QuotaCheck[]>();
    const late: ConfigError[] = [];
    for (const env of environments) {
      const checks = quotaReport(env, stacks.filter((s) => s.environment === env.name));
      quotas.set(env.name, checks);
      const problems = quotaProblems(checks);
      if (problems.length) late.push(new ConfigError(env.name, problems));
    }
    if (late.length === 1) throw late[0];
    if (late.length > 1) throw new ConfigError(late.map((e) => e.source).join(", "), late.flatMap((e) => e.problems.map((p) => ({ ...p, path: `${e.source} ${p.path}` }))));

    const findings: Finding[] = [];
    const suppressed: { finding: Finding; reason: string }[] = [];
    if (!opts.skipPolicy) {
      for (const env of environments) {
        const envStacks = stacks.filter((s) => s.environment === env.name).map((s) => ({ name: s.name, json: s.json }));
        const result = runPolicyPack(envStacks, { environment: env.name, isProd: env.tier === "prod" }, env.suppressions);
        findings.push(...result.findings);
        suppressed.push(...result.suppressed);
      }
      const errors = findings.filter((f) => f.severity === "error");
      if (errors.length) throw new PolicyError(findings, environments.flatMap((env) => findingProblems(env, errors.filter((f) => f.stack.startsWith(`${env.name}-`)))));
    }

    writeOpenApiFiles(staging, stacks);
    writeConsumerOpenApiFiles(staging, stacks, environments);
    fs.writeFileSync(path.join(staging, "policy-report.json"), `${JSON.stringify({ findings, suppressed }, null, 2)}\n`);
    carryOverTerraformState(outdir, staging, opts.keepOrphanStackDirs ?? false);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
    return { environments, stacks, findings, suppressed, outdir, quotas };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** What cdktf's own validation pass does (every construct's validations, errors with construct paths), without spawning terraform. */
export function validateConstructs(app: App): void {
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((message) => `[${c.node.path}] ${message}`));
  if (errors.length) throw new Error(`Validation failed with the following errors:\n  ${errors.join("\n  ")}`);
}

/**
 * Keeps what `terraform init` wrote in each stack folder (`.terraform/`: providers and backend
 * configuration; `.terraform.lock.hcl`) across a re-synth, so a re-synth does not force a
 * re-init — and, for a backend migration, Terraform still knows the previous backend.
 */
function carryOverTerraformState(outdir: string, staging: string, keepOrphans: boolean): void {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) return;
  for (const name of fs.readdirSync(stacksDir)) {
    const target = path.join(staging, "stacks", name);
    if (!fs.existsSync(target)) {
      // a stack no longer synthesized
      if (keepOrphans) fs.renameSync(path.join(stacksDir, name), target);
      continue;
    }
    for (const keep of [".terraform", ".terraform.lock.hcl"]) {
      const from = path.join(stacksDir, name, keep);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(target, keep));
    }
  }
}

/** What a consumer of each app gets: `<outdir>/openapi/<env>/<app>.json` (real server URL, no placeholders, no integration internals). */
function writeConsumerOpenApiFiles(outdir: string, stacks: readonly SynthesizedStack[], environments: readonly Environment[]): void {
  for (const s of stacks) {
    const env = environments.find((e) => e.name === s.environment);
    const app = env?.apps.find((a) => a.name === s.app);
    if (!env || !app) continue;
    for (const api of Object.values<{ body?: string }>(s.json.resource?.aws_api_gateway_rest_api ?? {})) {
      if (!api.body) continue;
      const doc = consumerOpenApi(JSON.parse(api.body), { domainName: env.domain.name, basePath: app.basePath, appDocument: app.openApi });
      fs.mkdirSync(path.join(outdir, "openapi", env.name), { recursive: true });
      fs.writeFileSync(path.join(outdir, "openapi", env.name, `${app.name}.json`), `${JSON.stringify(doc, null, 2)}\n`);
    }
  }
}

/** The generated OpenAPI of each app, readable: `<outdir>/openapi/<stack>.json` (Terraform references left as `${...}`). */
function writeOpenApiFiles(outdir: string, stacks: readonly SynthesizedStack[]): void {
  for (const s of stacks) {
    const apis = s.json.resource?.aws_api_gateway_rest_api ?? {};
    for (const api of Object.values<{ body?: string }>(apis)) {
      if (!api.body) continue;
      fs.mkdirSync(path.join(outdir, "openapi"), { recursive: true });
      fs.writeFileSync(path.join(outdir, "openapi", `${s.name}.json`), `${JSON.stringify(JSON.parse(api.body), null, 2)}\n`);
    }
  }
}
