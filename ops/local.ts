/**
 * `npm run local -- up|down|status`: the whole App of Apps on your machine, in the moto emulator.
 *
 * up:     checks terraform, moto and the hashicorp/aws provider; starts moto on 127.0.0.1 in the
 *         background (or reuses the running one); creates what the local environment assumes
 *         already exists (VPCs, subnets, each app's internal ALB) through AssumeRole into each
 *         account; writes .work/local/local.json; synthesizes it; applies bootstrap → platform →
 *         apps; prints the route map, the URLs and how to look at it with the AWS CLI.
 * down:   destroys the apps, the platform and the bootstrap, stops moto, removes .work/local.
 * status: is moto up, what is applied (from the state files), the URLs.
 *
 * The bootstrap is applied too: it creates the deploy roles the other stacks assume, the same
 * order as in a real account — moto does not enforce IAM, so leaving it out (--skip-bootstrap)
 * changes nothing else.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Environment, EnvironmentInput } from "../config/schema";
import { PROJECT_ROOT, loadEnvironmentFile } from "../config/load";
import { stackNames } from "../config/naming";
import { buildRouteMap, formatAuth } from "../governance/routes";
import { EXIT, UsageError, parseFlags, table } from "../cli";
import { deriveLocalEnvironment, localFiles } from "./local-env";
import { MOTO_INSTALL_HINT, findMotoPython, readMotoState, runningMoto, startDetachedMoto, stopMoto, type MotoInfo } from "./emulator";
import { defaultLog, destroyStacks, runEnvironment, synthesizeEnvironment, type OpsContext } from "./orchestrate";
import { runTable } from "./plan-report";
import { AWS_PROVIDER_VERSION, WORK_DIR, findTerraform, formatDuration, mirrorHasAwsProvider, terraformVersion, type Log } from "./terraform";

export interface LocalOptions extends OpsContext {
  /** Where the emulator's files live. @default .work/local */
  readonly localDir?: string;
  /** The environment to run. @default environments/local.ts */
  readonly baseEnvironment?: EnvironmentInput;
  readonly skipBootstrap?: boolean;
  /** @default 2 */
  readonly parallel?: number;
}

const rel = (f: string) => path.relative(process.cwd(), f) || f;

/* ------------------------------------------------------------------ tool check */

export interface ToolCheck {
  readonly problems: readonly string[];
  readonly found: readonly string[];
  readonly python?: string;
}

async function registryReachable(timeoutMs = 5000): Promise<boolean> {
  try {
    const res = await fetch("https://registry.terraform.io/.well-known/terraform.json", { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** terraform, moto and the provider: every problem at once, each with how to fix it. */
export async function checkLocalTools(vars: NodeJS.ProcessEnv = process.env): Promise<ToolCheck> {
  const problems: string[] = [];
  const found: string[] = [];
  try {
    const bin = findTerraform(vars);
    const v = terraformVersion(bin);
    found.push(`terraform ${v ?? "?"} (${bin})`);
    if (v && /^(0\.|1\.([0-9]|10)\.)/.test(v)) problems.push(`terraform ${v} is too old: install 1.11 or newer (https://developer.hashicorp.com/terraform/install)`);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const moto = findMotoPython(vars);
  if (moto.problem) problems.push(`moto: ${moto.problem}`);
  else found.push(`moto ${moto.version} (${moto.python})`);
  const mirror = vars.TF_PLUGIN_MIRROR;
  if (mirror) {
    if (mirrorHasAwsProvider(mirror)) found.push(`hashicorp/aws ${AWS_PROVIDER_VERSION} from TF_PLUGIN_MIRROR=${mirror}`);
    else problems.push(`provider: TF_PLUGIN_MIRROR=${mirror} has no registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION} — point it at the folder that contains registry.terraform.io/ (build one with \`terraform providers mirror <dir>\`), or unset it to download from the registry`);
  } else if (fs.existsSync(path.join(WORK_DIR, "plugin-cache", "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION))) {
    found.push(`hashicorp/aws ${AWS_PROVIDER_VERSION} from the plugin cache (.work/plugin-cache)`);
  } else if (await registryReachable()) {
    found.push(`hashicorp/aws ${AWS_PROVIDER_VERSION} from registry.terraform.io (downloaded on first init)`);
  } else {
    problems.push(`provider: registry.terraform.io is not reachable and TF_PLUGIN_MIRROR is not set — set TF_PLUGIN_MIRROR to a filesystem mirror holding hashicorp/aws ${AWS_PROVIDER_VERSION} (the folder that contains registry.terraform.io/)`);
  }
  return { problems, found, python: moto.python };
}

/* ------------------------------------------------------------------ paths */

/** The files of the local environment (.work/local). */
export const localPaths = localFiles;

/** An AWS CLI config with one profile per account of the environment, through the deploy role. */
export function writeAwsCliConfig(file: string, env: Environment, endpoint: string, session = "aoa-local"): { file: string; profiles: { profile: string; account: string; purpose: string }[] } {
  const profiles = [
    { profile: "aoa-local-shared", account: env.accounts.sharedServices, purpose: "shared-services (domain, APIs, WAF, SSM contract)" },
    ...[...new Set(env.apps.map((a) => a.account))].map((account) => ({
      profile: `aoa-local-${env.apps.filter((a) => a.account === account).map((a) => a.name).join("-")}`,
      account,
      purpose: `workload (${env.apps.filter((a) => a.account === account).map((a) => a.name).join(", ")})`,
    })),
  ];
  // the session name carries the emulator instance: the AWS CLI caches assumed-role credentials per
  // role and session, and a previous moto's cached keys would land in its default account
  const lines = ["# written by `npm run local -- up` (moto accepts any credentials; each profile assumes the deploy role of one account)", "[profile aoa-local]", `region = ${env.region}`, `endpoint_url = ${endpoint}`, "aws_access_key_id = testing", "aws_secret_access_key = testing", ""];
  for (const p of profiles) lines.push(`[profile ${p.profile}]`, `region = ${env.region}`, `endpoint_url = ${endpoint}`, `role_arn = arn:aws:iam::${p.account}:role/${env.accounts.deployRoleName}`, `role_session_name = ${session}`, "source_profile = aoa-local", "");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join("\n"));
  return { file, profiles };
}

/* ------------------------------------------------------------------ state files */

interface StackState {
  readonly stack: string;
  readonly resources: number;
  readonly outputs: Record<string, unknown>;
}

function readState(stateDir: string, stack: string): StackState | undefined {
  const file = path.resolve(PROJECT_ROOT, stateDir, `${stack}.tfstate`);
  try {
    const s = JSON.parse(fs.readFileSync(file, "utf8"));
    const resources = (s.resources ?? []).filter((r: { mode: string }) => r.mode === "managed").reduce((n: number, r: { instances?: unknown[] }) => n + (r.instances?.length ?? 0), 0);
    const outputs = Object.fromEntries(Object.entries<{ value: unknown }>(s.outputs ?? {}).map(([k, v]) => [k, v.value]));
    return { stack, resources, outputs };
  } catch {
    return undefined;
  }
}

/* ------------------------------------------------------------------ summaries */

export function routeLines(env: Environment, states: readonly (StackState | undefined)[] = []): string[] {
  const map = buildRouteMap(env);
  const rows = map.apps.flatMap((a) => a.routes.map((r) => [r.method, r.url, formatAuth(r.auth).replace(/`/g, ""), a.name] as const));
  const lines = [`Route map of '${env.name}' (https://${env.domain.name}):`, table(["method", "url", "auth", "app"], rows)];
  const urls = env.apps.map((a) => {
    const st = states.find((s) => s?.stack === stackNames.app(env, a.name));
    return [a.name, a.version, String(st?.outputs.url ?? `https://${env.domain.name}/${a.basePath}`), String(st?.outputs.api_id ?? "-"), st ? `${st.resources} resources` : "not applied"] as const;
  });
  lines.push("", "Apps:", table(["app", "version", "url", "rest api id", "state"], urls));
  return lines;
}

export function inspectLines(env: Environment, endpoint: string, awsConfig: string): string[] {
  const cfg = rel(awsConfig);
  return [
    `moto does not serve the APIs (no requests reach them); it holds the control plane. Inspect it with the AWS CLI at ${endpoint}:`,
    `  export AWS_CONFIG_FILE=${cfg}   # profiles: aoa-local-shared, one per workload account (assume the deploy role)`,
    "  aws --profile aoa-local-shared apigateway get-rest-apis --query 'items[].[id,name]' --output table",
    `  aws --profile aoa-local-shared apigateway get-domain-name --domain-name ${env.domain.name}`,
    `  aws --profile aoa-local-shared apigatewayv2 get-api-mappings --domain-name ${env.domain.name}`,
    `  aws --profile aoa-local-shared ssm get-parameters-by-path --path /${env.orgPrefix}/${env.name}/ --recursive --query 'Parameters[].[Name,Value]' --output text`,
    `  aws --profile aoa-local-shared wafv2 list-web-acls --scope REGIONAL`,
    "Run the pipeline commands against it: npm run plan|apply|drift -- --env local",
  ];
}

/* ------------------------------------------------------------------ up / down / status */

export interface LocalUpResult {
  readonly ok: boolean;
  readonly moto: MotoInfo;
  readonly reusedMoto: boolean;
  readonly envFile: string;
  readonly env: Environment;
  readonly ms: number;
}

export async function localUp(opts: LocalOptions = {}): Promise<LocalUpResult> {
  const started = Date.now();
  const log: Log = opts.log ?? defaultLog;
  const p = localPaths(opts.localDir);
  const tools = await checkLocalTools(opts.vars);
  if (tools.problems.length) throw new Error(`cannot start the local environment — missing tools:\n${tools.problems.map((m) => `  - ${m}`).join("\n")}`);
  log(`tools: ${tools.found.join("; ")}`);

  let moto = await runningMoto(p.moto);
  const reusedMoto = !!moto;
  if (moto) log(`reusing moto on ${moto.endpoint} (pid ${moto.pid}, started ${moto.startedAt})`);
  else {
    // a moto from an earlier `up` is gone: what its state files describe went with it
    fs.rmSync(path.resolve(PROJECT_ROOT, p.stateDir), { recursive: true, force: true });
    fs.rmSync(p.envFile, { force: true });
    moto = await startDetachedMoto({ python: tools.python!, file: p.moto });
    log(`started moto on ${moto.endpoint} (pid ${moto.pid}; log ${rel(moto.log)})`);
  }
  const endpoint = moto.endpoint;

  try {
    log("finding or creating the fixtures the local environment assumes exist (VPCs, subnets, internal ALBs)…");
    const { envFile } = await deriveLocalEnvironment({ endpoint, localDir: p.dir, base: opts.baseEnvironment, log });
    const run = await runEnvironment("apply", { ...opts, endpoint, configFile: envFile, skipBootstrap: opts.skipBootstrap, parallel: opts.parallel, out: path.join(p.dir, "reports") });
    log(`\n${runTable(run.report)}`);
    const env = run.env;
    writeAwsCliConfig(p.awsConfig, env, endpoint, `aoa-local-${moto.pid}-${moto.port}`);
    if (!run.report.ok && !reusedMoto) await stopStarted(p, log, "the apply failed");
    return { ok: run.report.ok, moto, reusedMoto, envFile, env, ms: Date.now() - started };
  } catch (e) {
    if (!reusedMoto) await stopStarted(p, log, "local up failed");
    throw e;
  }
}

/** A failed `up` leaves no emulator behind that it started itself (its log stays for a look). */
async function stopStarted(p: ReturnType<typeof localFiles>, log: Log, why: string): Promise<void> {
  if (await stopMoto(p.moto)) log(`${why}: stopped the emulator this run started (its log: ${rel(path.join(p.dir, "moto.log"))}); the next \`npm run local -- up\` starts from nothing`);
  fs.rmSync(path.resolve(PROJECT_ROOT, p.stateDir), { recursive: true, force: true });
  fs.rmSync(p.envFile, { force: true });
  fs.rmSync(p.moto, { force: true });
}

export interface LocalDownResult {
  readonly destroyed: readonly string[];
  readonly failed: readonly { stack: string; error: string }[];
  readonly stoppedMoto: boolean;
  readonly ms: number;
}

export async function localDown(opts: LocalOptions & { skipDestroy?: boolean } = {}): Promise<LocalDownResult> {
  const started = Date.now();
  const log: Log = opts.log ?? defaultLog;
  const p = localPaths(opts.localDir);
  const moto = await runningMoto(p.moto);
  let envName = "local";
  try {
    envName = JSON.parse(fs.readFileSync(p.envFile, "utf8")).name ?? envName;
  } catch {
    /* no environment file */
  }
  const destroyed: string[] = [];
  const failed: { stack: string; error: string }[] = [];
  if (!moto) log("the emulator is not running: nothing to destroy");
  else if (opts.skipDestroy) log("--skip-destroy: stopping the emulator without destroying (everything in it is discarded)");
  else if (!fs.existsSync(p.envFile)) log(`no ${rel(p.envFile)}: nothing was applied`);
  else {
    const { env, synth } = await synthesizeEnvironment({ configFile: p.envFile, workDir: opts.workDir });
    const applied = synth.stacks.filter((s) => (readState(p.stateDir, s.name)?.resources ?? 0) > 0);
    if (applied.length) {
      const results = await destroyStacks({ ...opts, endpoint: moto.endpoint, environment: env, stacks: applied, parallel: opts.parallel });
      for (const [stack, r] of results) {
        if (r.outcome === "ok") destroyed.push(stack);
        else failed.push({ stack, error: r.error ?? r.reason ?? r.outcome });
      }
    } else log("nothing applied");
  }
  const stoppedMoto = await stopMoto(p.moto);
  if (stoppedMoto) log(`stopped moto (pid ${moto?.pid ?? readMotoState(p.moto)?.pid})`);
  fs.rmSync(p.dir, { recursive: true, force: true });
  // the synthesized stacks and saved plans of the local environment go with it
  for (const d of [path.join(opts.workDir ?? WORK_DIR, "synth", envName), path.join(opts.workDir ?? WORK_DIR, "plans", envName)]) fs.rmSync(d, { recursive: true, force: true });
  log(`removed ${rel(p.dir)}`);
  if (failed.length) log(`destroy failed for ${failed.map((f) => f.stack).join(", ")} — the emulator is stopped anyway, nothing is left behind`);
  return { destroyed, failed, stoppedMoto, ms: Date.now() - started };
}

export interface LocalStatus {
  readonly running: boolean;
  readonly moto?: MotoInfo;
  readonly env?: Environment;
  readonly stacks: readonly { stack: string; resources: number }[];
  readonly lines: readonly string[];
}

export async function localStatus(opts: LocalOptions = {}): Promise<LocalStatus> {
  const p = localPaths(opts.localDir);
  const moto = await runningMoto(p.moto);
  const lines: string[] = [];
  if (!moto) {
    lines.push(readMotoState(p.moto) ? "emulator: stopped (the recorded moto is gone) — run `npm run local -- up`" : "emulator: not running — run `npm run local -- up`");
    return { running: false, stacks: [], lines };
  }
  lines.push(`emulator: moto on ${moto.endpoint} (pid ${moto.pid}, since ${moto.startedAt})`);
  if (!fs.existsSync(p.envFile)) {
    lines.push(`environment: not created yet (${rel(p.envFile)} missing) — run \`npm run local -- up\``);
    return { running: true, moto, stacks: [], lines };
  }
  const env = loadEnvironmentFile(p.envFile);
  const names = [stackNames.bootstrap(env), stackNames.platform(env), ...env.apps.map((a) => stackNames.app(env, a.name))];
  const states = names.map((n) => readState(p.stateDir, n));
  const stacks = names.map((n, i) => ({ stack: n, resources: states[i]?.resources ?? 0 }));
  lines.push(`environment: ${rel(p.envFile)}`, table(["stack", "resources"], stacks.map((s) => [s.stack, s.resources])), "", ...routeLines(env, states), "", ...inspectLines(env, moto.endpoint, p.awsConfig));
  return { running: true, moto, env, stacks, lines };
}

/* ------------------------------------------------------------------ command line */

export const LOCAL_USAGE = [
  "usage: npm run local -- up [--skip-bootstrap] [--parallel N] | down [--skip-destroy] | status",
  "  up      check tools, start moto on 127.0.0.1 (background; reused when running), create the fixtures,",
  "          apply bootstrap, platform and apps of the local environment, print the route map and URLs",
  "  down    destroy apps, platform and bootstrap, stop moto, remove .work/local",
  "  status  is the emulator up, what is applied, the URLs",
  `needs: terraform >= 1.11, moto (${MOTO_INSTALL_HINT}), hashicorp/aws ${AWS_PROVIDER_VERSION} (registry or TF_PLUGIN_MIRROR)`,
  "exit codes: 0 ok, 1 error (status: 1 when the emulator is not running), 64 usage",
].join("\n");

export async function localMain(argv: string[], ctx: LocalOptions = {}, io: { out: (l: string) => void } = { out: (l) => console.log(l) }): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { "skip-bootstrap": { type: "boolean" }, "skip-destroy": { type: "boolean" }, parallel: { type: "string" }, help: { type: "boolean", short: "h" } },
    LOCAL_USAGE,
  );
  if (values.help) {
    io.out(LOCAL_USAGE);
    return EXIT.ok;
  }
  const [cmd, ...rest] = positionals;
  if (!cmd) throw new UsageError(`up, down or status?\n\n${LOCAL_USAGE}`);
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'\n\n${LOCAL_USAGE}`);
  if (values.parallel !== undefined && !/^[1-9]\d*$/.test(values.parallel)) throw new UsageError(`--parallel must be a positive integer (got '${values.parallel}')\n\n${LOCAL_USAGE}`);
  const parallel = values.parallel ? Number(values.parallel) : undefined;
  if (cmd === "up") {
    if (values["skip-destroy"]) throw new UsageError(`--skip-destroy belongs to down\n\n${LOCAL_USAGE}`);
    const r = await localUp({ ...ctx, skipBootstrap: values["skip-bootstrap"], parallel });
    const p = localPaths(ctx.localDir);
    const states = [stackNames.bootstrap(r.env), stackNames.platform(r.env), ...r.env.apps.map((a) => stackNames.app(r.env, a.name))].map((n) => readState(p.stateDir, n));
    io.out(["", ...routeLines(r.env, states), "", ...inspectLines(r.env, r.moto.endpoint, p.awsConfig), "", `${r.ok ? "local environment is up" : "local up FAILED"} in ${formatDuration(r.ms)}. Stop it with: npm run local -- down`].join("\n"));
    return r.ok ? EXIT.ok : EXIT.error;
  }
  if (cmd === "down") {
    if (values["skip-bootstrap"]) throw new UsageError(`--skip-bootstrap belongs to up\n\n${LOCAL_USAGE}`);
    const r = await localDown({ ...ctx, skipDestroy: values["skip-destroy"], parallel });
    io.out(`local environment is down in ${formatDuration(r.ms)}${r.destroyed.length ? ` (destroyed ${r.destroyed.join(", ")})` : ""}`);
    return r.failed.length ? EXIT.error : EXIT.ok;
  }
  if (cmd === "status") {
    const s = await localStatus(ctx);
    io.out(s.lines.join("\n"));
    return s.running ? EXIT.ok : EXIT.error;
  }
  throw new UsageError(`unknown subcommand '${cmd}' (up, down or status)\n\n${LOCAL_USAGE}`);
}
