/**
 * Preflight: before a plan or apply, prove that the caller's credentials reach every account of an
 * environment through the deploy role, and that each role really lives in the account the
 * environment file names.
 *
 * For each account (shared-services + each distinct app account): sts:AssumeRole into
 * `arn:<partition>:iam::<account>:role/<deployRoleName>` from the caller's credentials, then
 * sts:GetCallerIdentity with the assumed credentials, and compare the account with the config.
 * Errors are mapped to what to do about them (trust policy / bootstrap / login / network).
 *
 * The SDK's default credential chain and endpoint resolution apply: AWS_PROFILE, SSO, the
 * variables configure-aws-credentials exports, and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS (moto).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import type { Environment } from "../config/schema";
import { listEnvironmentFiles, loadEnvironmentFile } from "../config/load";
import { roleArn, stackNames } from "../config/naming";
import { environmentAccounts, partitionOf } from "../modules/deploy-permissions";
import { MOTO_CREDENTIALS, localEndpoint } from "./emulator";
import { EXIT, UsageError, parseFlags, table } from "../cli";
import { PIPELINE_ROLES, pipelineRoleName, type PipelineRole } from "./pipeline-role";

export interface PreflightTarget {
  readonly account: string;
  readonly roleArn: string;
  /** `shared-services` or the names of the apps running in the account. */
  readonly purposes: readonly string[];
  /** Where the account id comes from in the environment file. */
  readonly configPaths: readonly string[];
}

export type CheckStatus =
  | "ok"
  | "access-denied"
  | "wrong-account"
  | "no-credentials"
  | "expired-credentials"
  | "invalid-credentials"
  | "region-disabled"
  | "network"
  | "error";

export interface CheckResult {
  readonly target: PreflightTarget;
  readonly status: CheckStatus;
  /** Account GetCallerIdentity reported for the assumed credentials. */
  readonly actualAccount?: string;
  readonly assumedArn?: string;
  /** What went wrong and what to do (absent when ok). */
  readonly message?: string;
  readonly ms: number;
}

export interface PreflightReport {
  readonly environment: string;
  readonly region: string;
  readonly endpoint: string;
  readonly caller?: { readonly arn: string; readonly account: string };
  /** Set when the caller's own credentials failed (then every row carries the same status). */
  readonly callerProblem?: { readonly status: CheckStatus; readonly message: string };
  readonly results: readonly CheckResult[];
  readonly ok: boolean;
  readonly ms: number;
  /** Which pipeline role was checked. @default "deploy" */
  readonly role?: PipelineRole;
}

export { PIPELINE_ROLES, pipelineRoleName, type PipelineRole } from "./pipeline-role";

export interface TargetOptions {
  /** Which pipeline role to check. @default "deploy" */
  readonly role?: PipelineRole;
  /** Check this role name instead of the pipeline role's (e.g. the bootstrap admin role). */
  readonly roleName?: string;
  /** Per-account role ARN overrides: account id -> role ARN (e.g. a role reached under another name during a migration). */
  readonly roleArns?: Readonly<Record<string, string>>;
}

/** Every account of the environment with the role to assume there and what it is for. */
export function preflightTargets(env: Environment, opts: TargetOptions = {}): PreflightTarget[] {
  const partition = partitionOf(env.region);
  return environmentAccounts(env).map((account) => {
    const shared = account === env.accounts.sharedServices;
    const apps = env.apps.map((a, i) => ({ a, i })).filter(({ a }) => a.account === account);
    return {
      account,
      roleArn: opts.roleArns?.[account] ?? roleArn(account, opts.roleName ?? pipelineRoleName(env, opts.role ?? "deploy"), partition),
      purposes: [...(shared ? ["shared-services"] : []), ...apps.map(({ a }) => a.name)],
      configPaths: [...(shared ? ["accounts.sharedServices"] : []), ...apps.map(({ i }) => `apps[${i}].account`)],
    };
  });
}

// ------------------------------------------------------------------ error -> message

export interface ErrorContext {
  readonly env: Environment;
  readonly region: string;
  readonly endpoint: string;
  readonly phase: "caller" | "assume-role" | "verify";
  /** @default "deploy" */
  readonly role?: PipelineRole;
  readonly target?: PreflightTarget;
  readonly caller?: string;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ECONNABORTED", "CERT_HAS_EXPIRED", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN"]);
const NETWORK_NAMES = new Set(["TimeoutError", "NetworkingError", "RequestTimeout", "RequestTimeoutException", "AbortError"]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);
const INVALID = new Set(["InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId", "InvalidToken"]);
const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "NotAuthorized"]);

function errorFields(err: unknown): { name: string; code: string; message: string } {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; Code?: unknown; errno?: unknown; message?: unknown; cause?: unknown };
  const cause = (e.cause ?? {}) as { code?: unknown };
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const message = str(e.message) || String(err);
  // Node's socket errors carry a code; when the SDK had to wrap a foreign error only its text survives ("connect ECONNREFUSED …").
  const fromText = /\b(E[A-Z_]{3,})\b/.exec(message)?.[1];
  return {
    name: str(e.name) || str(e.Code),
    code: str(e.code) || str(cause.code) || str(e.errno) || (fromText && NETWORK_CODES.has(fromText) ? fromText : ""),
    message,
  };
}

/** The pipeline the deploy roles trust, in words (for access-denied hints). */
function trustedPipeline(env: Environment, role: PipelineRole = "deploy"): string {
  const p = env.accounts.pipeline;
  if (p && role === "planner" && p.githubRepository) {
    const ro = p.githubReadonlyEnvironment ?? `${p.githubEnvironment ?? env.name}-readonly`;
    return `GitHub Actions via OIDC with sub "repo:${p.githubRepository}:pull_request" (a pull_request job without an environment) or "repo:${p.githubRepository}:environment:${ro}" (a job declaring "environment: ${ro}", no reviewers)`;
  }
  if (p?.principalArn) return `the pipeline role ${p.principalArn}`;
  if (p) return `GitHub Actions via OIDC with sub "repo:${p.githubRepository}:environment:${p.githubEnvironment ?? env.name}" (the job must declare "environment: ${p.githubEnvironment ?? env.name}")`;
  return "no pipeline: accounts.pipeline is not set in the environment file";
}

/** Maps an SDK error to a status and an actionable message. */
export function explainError(err: unknown, ctx: ErrorContext): { status: CheckStatus; message: string } {
  const { name, code, message } = errorFields(err);
  const t = ctx.target;
  const where = t ? `account ${t.account} (${t.purposes.join(", ")})` : "the caller's account";
  const said = `AWS said: ${name || code || "Error"}: ${message}`;

  if (name === "CredentialsProviderError" || /could not load credentials|no credentials|credential.*not found/i.test(message)) {
    return {
      status: "no-credentials",
      message:
        "no AWS credentials found. Locally: log in (`aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>`, or `aws configure`). " +
        'In CI: the job needs `permissions: id-token: write` and an aws-actions/configure-aws-credentials step with role-to-assume before `npm run preflight`. ' +
        said,
    };
  }
  if (EXPIRED.has(name) || EXPIRED.has(code) || (!INVALID.has(name) && !INVALID.has(code) && /expired/i.test(message) && /token|credential|session/i.test(message))) {
    return {
      status: "expired-credentials",
      message:
        "the caller's AWS credentials have expired. Log in again (`aws sso login --profile <profile>`, or refresh the session); " +
        "in CI, run preflight right after configure-aws-credentials (its session lasts role-duration-seconds, 1 h by default). " +
        said,
    };
  }
  if (INVALID.has(name) || INVALID.has(code)) {
    return {
      status: "invalid-credentials",
      message: `AWS rejected the caller's credentials (the access key does not exist, was deleted or rotated, or the secret/session token does not match). Check AWS_PROFILE / AWS_ACCESS_KEY_ID and log in again. ${said}`,
    };
  }
  if (name === "RegionDisabledException" || code === "RegionDisabledException") {
    return {
      status: "region-disabled",
      message: `STS is not activated in ${ctx.region} for ${where}: activate it (IAM console → Account settings → Security Token Service (STS) → ${ctx.region}) or check the environment's region. ${said}`,
    };
  }
  if (NETWORK_NAMES.has(name) || NETWORK_CODES.has(code) || /socket hang up|getaddrinfo|connect ECONNREFUSED|timed? ?out/i.test(message)) {
    return {
      status: "network",
      message:
        `cannot reach STS at ${ctx.endpoint}${code ? ` (${code})` : ""}. Check the network and proxy (HTTPS_PROXY), ` +
        `AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS (emulator: is moto running on that port?), and the region (${ctx.region}). ${said}`,
    };
  }
  if (DENIED.has(name) || DENIED.has(code)) {
    if (ctx.phase === "assume-role" && t) {
      const role = ctx.role ?? "deploy";
      const chain = roleArn(ctx.env.accounts.sharedServices, pipelineRoleName(ctx.env, role), partitionOf(ctx.env.region));
      return {
        status: "access-denied",
        message:
          `${ctx.caller ?? "the caller"} may not assume ${t.roleArn} in ${where}. Check: ` +
          `(1) the bootstrap stack ${stackNames.bootstrap(ctx.env)} was applied to account ${t.account} (it creates the role); ` +
          `(2) the role's trust policy allows the caller — it trusts ${trustedPipeline(ctx.env, role)}, and the shared-services ${role} role ${chain} (role chaining); ` +
          `run preflight as one of those (in CI: after configure-aws-credentials with the shared-services ${role} role); ` +
          `(3) the caller's own policy allows sts:AssumeRole on ${t.roleArn} and no SCP or permissions boundary denies it. ${said}`,
      };
    }
    return { status: "access-denied", message: `access denied in ${where} during ${ctx.phase}. ${said}` };
  }
  return { status: "error", message: `${ctx.phase} failed for ${where}. ${said}` };
}

/** The message for a role that answered from another account than the config names. */
export function wrongAccountMessage(target: PreflightTarget, actual: string): string {
  return (
    `config says ${target.purposes.join(", ")} run${target.purposes.length === 1 && target.purposes[0] !== "shared-services" ? "s" : ""} in account ${target.account} ` +
    `(${target.configPaths.join(", ")}), but ${target.roleArn} gave credentials in account ${actual}. ` +
    `Fix the account id in the environment file or the role ARN mapping (--role-arn); every provider pins allowed_account_ids, so a plan would fail anyway.`
  );
}

// ------------------------------------------------------------------ running the checks

export interface PreflightOptions extends TargetOptions {
  /** @default the environment's region */
  readonly region?: string;
  /** Base credentials. @default the SDK's default chain */
  readonly credentials?: STSClientConfig["credentials"];
  /** Explicit STS endpoint. @default the SDK's resolution (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, regional endpoint) */
  readonly endpoint?: string;
  /** @default "aoa-preflight-<env>" */
  readonly sessionName?: string;
  /** Per-request timeout. @default 10000 */
  readonly requestTimeoutMs?: number;
  /** @default 2 */
  readonly maxAttempts?: number;
  /** Environment variables used for the endpoint shown in messages. @default process.env */
  readonly vars?: NodeJS.ProcessEnv;
  /** Progress lines (one per finished account). */
  readonly onProgress?: (line: string) => void;
}

/** The STS endpoint the SDK will use, for messages. */
export function stsEndpoint(region: string, explicit?: string, vars: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? vars.AWS_ENDPOINT_URL_STS ?? vars.AWS_ENDPOINT_URL ?? `https://sts.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

export async function runPreflight(env: Environment, opts: PreflightOptions = {}): Promise<PreflightReport> {
  const started = Date.now();
  const region = opts.region ?? env.region;
  const endpoint = stsEndpoint(region, opts.endpoint, opts.vars);
  const targets = preflightTargets(env, opts);
  const base: STSClientConfig = {
    region,
    maxAttempts: opts.maxAttempts ?? 2,
    requestHandler: { connectionTimeout: Math.min(opts.requestTimeoutMs ?? 10000, 5000), requestTimeout: opts.requestTimeoutMs ?? 10000 },
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
  };
  const ctx = { env, region, endpoint };
  const baseClient = new STSClient({ ...base, ...(opts.credentials ? { credentials: opts.credentials } : {}) });
  try {
    let caller: PreflightReport["caller"];
    try {
      const me = await baseClient.send(new GetCallerIdentityCommand({}));
      caller = { arn: me.Arn ?? "?", account: me.Account ?? "?" };
    } catch (e) {
      const problem = explainError(e, { ...ctx, phase: "caller" });
      const results = targets.map((target) => ({ target, status: problem.status, message: problem.message, ms: 0 }));
      return { environment: env.name, region, endpoint, callerProblem: problem, results, ok: false, ms: Date.now() - started, role: opts.role ?? "deploy" };
    }
    const sessionName = (opts.sessionName ?? `aoa-preflight-${env.name}`).slice(0, 64);
    const results = await Promise.all(
      targets.map(async (target): Promise<CheckResult> => {
        const t0 = Date.now();
        const done = (r: Omit<CheckResult, "ms" | "target">): CheckResult => {
          const result = { target, ...r, ms: Date.now() - t0 };
          opts.onProgress?.(`  ${target.account} ${target.purposes.join(", ")}: ${result.status} (${result.ms} ms)`);
          return result;
        };
        let creds;
        try {
          const out = await baseClient.send(new AssumeRoleCommand({ RoleArn: target.roleArn, RoleSessionName: sessionName, DurationSeconds: 900 }));
          creds = out.Credentials;
          if (!creds?.AccessKeyId || !creds.SecretAccessKey) return done({ status: "error", message: `AssumeRole of ${target.roleArn} returned no credentials` });
        } catch (e) {
          return done(explainError(e, { ...ctx, phase: "assume-role", target, caller: caller.arn, role: opts.role }));
        }
        const assumed = new STSClient({ ...base, credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken } });
        try {
          const who = await assumed.send(new GetCallerIdentityCommand({}));
          const actual = who.Account ?? "?";
          if (actual !== target.account) return done({ status: "wrong-account", actualAccount: actual, assumedArn: who.Arn, message: wrongAccountMessage(target, actual) });
          return done({ status: "ok", actualAccount: actual, assumedArn: who.Arn });
        } catch (e) {
          return done(explainError(e, { ...ctx, phase: "verify", target, caller: caller.arn }));
        } finally {
          assumed.destroy();
        }
      }),
    );
    return { environment: env.name, region, endpoint, caller, results, ok: results.every((r) => r.status === "ok"), ms: Date.now() - started, role: opts.role ?? "deploy" };
  } finally {
    baseClient.destroy();
  }
}

// ------------------------------------------------------------------ output

const RESULT_LABEL: Record<CheckStatus, string> = {
  ok: "ok",
  "access-denied": "FAIL access denied",
  "wrong-account": "FAIL wrong account",
  "no-credentials": "FAIL no credentials",
  "expired-credentials": "FAIL credentials expired",
  "invalid-credentials": "FAIL credentials invalid",
  "region-disabled": "FAIL STS region disabled",
  network: "FAIL network",
  error: "FAIL error",
};

function roleLabel(r: CheckResult): string {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(r.target.roleArn);
  return m && m[1] === r.target.account ? m[2] : r.target.roleArn;
}

function resultLabel(r: CheckResult): string {
  return r.status === "wrong-account" ? `${RESULT_LABEL[r.status]} (is ${r.actualAccount})` : RESULT_LABEL[r.status];
}

/** Table + one actionable message per failing account (or one for a caller problem). */
export function formatReport(report: PreflightReport): string {
  const lines: string[] = [];
  lines.push(`preflight ${report.environment}: STS ${report.endpoint} (${report.region})`);
  lines.push(report.caller ? `caller: ${report.caller.arn} (account ${report.caller.account})` : "caller: unknown (see below)");
  lines.push("");
  lines.push(table(["account", "role", "purpose", "result"], report.results.map((r) => [r.target.account, roleLabel(r), r.target.purposes.join(", "), resultLabel(r)])));
  const failed = report.results.filter((r) => r.status !== "ok");
  if (report.callerProblem) {
    lines.push("", `✗ ${report.callerProblem.message}`);
  } else {
    for (const r of failed) lines.push("", `✗ ${r.target.account} (${r.target.purposes.join(", ")}): ${r.message}`);
  }
  lines.push(
    "",
    report.ok
      ? `preflight passed: ${report.results.length}/${report.results.length} accounts reachable through their ${report.role ?? "deploy"} role (${report.ms} ms)`
      : `preflight FAILED: ${failed.length} of ${report.results.length} accounts (${report.ms} ms)`,
  );
  return lines.join("\n");
}

/** Markdown for GITHUB_STEP_SUMMARY. */
export function markdownReport(report: PreflightReport): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const rows = report.results.map((r) => `| ${r.target.account} | ${esc(roleLabel(r))} | ${esc(r.target.purposes.join(", "))} | ${r.status === "ok" ? "✅ ok" : `❌ ${esc(resultLabel(r))}`} |`);
  const problems = report.callerProblem ? [`- ${esc(report.callerProblem.message)}`] : report.results.filter((r) => r.status !== "ok").map((r) => `- **${r.target.account}**: ${esc(r.message ?? "")}`);
  return [`### Preflight ${report.environment}${report.role === "planner" ? " (planner role)" : ""}: ${report.ok ? "passed" : "FAILED"}`, "", "| account | role | purpose | result |", "|---|---|---|---|", ...rows, "", ...problems, ""].join("\n");
}

// ------------------------------------------------------------------ command line

export const USAGE = [
  "usage: npm run preflight -- (--env NAME | --config FILE) [--role deploy|planner]... [--role-name NAME] [--role-arn ACCOUNT=ROLE_ARN]... [--region REGION]",
  "  --role  which pipeline role to check in every account (repeatable, or deploy,planner; default deploy):",
  "          deploy = accounts.deployRoleName (applies), planner = accounts.plannerRoleName (read-only: PR plans, drift)",
].join("\n");

export interface PreflightArgs {
  readonly help: boolean;
  readonly env?: string;
  readonly config?: string;
  readonly roleName?: string;
  readonly roleArns: Record<string, string>;
  readonly region?: string;
  /** `--role` (repeatable). @default ["deploy"] */
  readonly roles?: readonly PipelineRole[];
}

export function parsePreflightArgs(argv: string[]): PreflightArgs {
  const { values, positionals } = parseFlags(
    argv,
    {
      env: { type: "string" },
      config: { type: "string" },
      role: { type: "string", multiple: true },
      "role-name": { type: "string" },
      "role-arn": { type: "string", multiple: true },
      region: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    USAGE,
  );
  if (values.help) return { help: true, roleArns: {} };
  if (positionals.length) throw new UsageError(`unexpected argument${positionals.length > 1 ? "s" : ""} ${positionals.map((p) => `'${p}'`).join(", ")}\n\n${USAGE}`);
  if (!values.env && !values.config) throw new UsageError(`--env or --config is required\n\n${USAGE}`);
  const roleArns: Record<string, string> = {};
  for (const spec of values["role-arn"] ?? []) {
    const m = /^(\d{12})=(arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+)$/.exec(spec);
    if (!m) throw new UsageError(`--role-arn must look like 222222222222=arn:aws:iam::222222222222:role/NAME (got '${spec}')\n\n${USAGE}`);
    roleArns[m[1]] = m[2];
  }
  if (values["role-name"] !== undefined && !/^[\w+=,.@-]{1,64}$/.test(values["role-name"])) throw new UsageError(`--role-name must be an IAM role name (got '${values["role-name"]}')\n\n${USAGE}`);
  if (values.region !== undefined && !/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(values.region)) throw new UsageError(`--region must be an AWS Region like eu-west-1 (got '${values.region}')\n\n${USAGE}`);
  const roles = [...new Set((values.role ?? ["deploy"]).flatMap((r) => r.split(",")).map((r) => r.trim()))];
  const bad = roles.filter((r) => !(PIPELINE_ROLES as readonly string[]).includes(r));
  if (bad.length || !roles.length) throw new UsageError(`--role must be deploy or planner (got ${bad.map((b) => `'${b}'`).join(", ") || "nothing"})\n\n${USAGE}`);
  if (roles.length > 1 && (values["role-name"] !== undefined || values["role-arn"]?.length)) throw new UsageError(`--role-name / --role-arn name one role: use them with a single --role\n\n${USAGE}`);
  return { help: false, env: values.env, config: values.config, roleName: values["role-name"], roleArns, region: values.region, ...(values.role ? { roles: roles as PipelineRole[] } : {}) };
}

/** Loads the environment named by --env (built-in) or --config (a file). Unknown names are usage errors. */
export function loadPreflightEnvironment(args: PreflightArgs, environmentsDir?: string): Environment {
  if (args.config) {
    const env = loadEnvironmentFile(args.config);
    if (args.env && args.env !== env.name) throw new UsageError(`--env ${args.env} does not match the environment in ${args.config} ('${env.name}')\n\n${USAGE}`);
    return env;
  }
  const files = listEnvironmentFiles(environmentsDir);
  const known = files.map((f) => path.basename(f).replace(/\.(ts|json)$/, ""));
  const file = files[known.indexOf(args.env!)];
  if (!file) throw new UsageError(`unknown environment '${args.env}' (known: ${known.join(", ")})\n\n${USAGE}`);
  return loadEnvironmentFile(file);
}

export interface PreflightIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly vars: NodeJS.ProcessEnv;
}

/** The command: 0 when every account passes, 1 otherwise; usage errors are thrown (exit 64 via cli run()). */
export async function preflightMain(argv: string[], io: PreflightIo = { out: (s) => console.log(s), err: (s) => console.error(s), vars: process.env }, extra: Partial<PreflightOptions> = {}): Promise<number> {
  const args = parsePreflightArgs(argv);
  if (args.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  const env = loadPreflightEnvironment(args);
  // an emulator environment (`--env local`): the running `npm run local` moto, with its dummy credentials
  const emulator = env.emulator && !extra.endpoint ? io.vars.AWS_ENDPOINT_URL || localEndpoint() : undefined;
  const local = emulator ? { endpoint: emulator, credentials: MOTO_CREDENTIALS } : {};
  let ok = true;
  for (const role of args.roles ?? ["deploy"]) {
    const targets = preflightTargets(env, { ...args, role });
    io.err(`preflight ${env.name} (${role} role): checking ${targets.length} account${targets.length === 1 ? "" : "s"} (${targets.map((t) => t.account).join(", ")})…`);
    const report = await runPreflight(env, { role, roleName: args.roleName, roleArns: args.roleArns, region: args.region, vars: io.vars, onProgress: io.err, ...local, ...extra });
    const text = formatReport(report);
    if (report.ok) io.out(text);
    else io.err(text);
    ok &&= report.ok;
    if (io.vars.GITHUB_STEP_SUMMARY) {
      try {
        fs.appendFileSync(io.vars.GITHUB_STEP_SUMMARY, markdownReport(report));
      } catch {
        /* the summary is a convenience */
      }
    }
  }
  return ok ? EXIT.ok : EXIT.error;
}
