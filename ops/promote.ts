/**
 * Promotion: an app version may enter an environment only if it is live in the environment it
 * promotes from. "Live" is read from the SOURCE environment's deployed state — the release
 * parameter the app stack writes (`/<org>/<env>/apps/<app>/release`, read through the deploy
 * role), or the app stack's terraform output `version` — never from the source's config file.
 *
 * On success the target's pin is rewritten in place: the `version: "x.y.z"` literal inside that
 * app's `deployApp(<app>, { ... })` block of environments/<to>.ts (or `apps[].version` of a JSON
 * environment), a one-line diff; then the file is loaded and validated again (a fresh process for
 * .ts files), and restored if that fails.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { Environment } from "../config/schema";
import { ConfigError, ENVIRONMENTS_DIR, PROJECT_ROOT, loadEnvironmentFile } from "../config/load";
import { appReleasePrefix, roleArn, stackNames } from "../config/naming";
import { partitionOf } from "../modules/deploy-permissions";
import { EXIT, UsageError, parseFlags, table } from "../cli";
import { localEndpoint, MOTO_CREDENTIALS } from "./emulator";
import { runnerFor, synthesizeEnvironment, type OpsContext } from "./orchestrate";
import { credentialsHint } from "./credentials-hint";
import { TerraformError, summarizeTerraformError } from "./terraform";
import { compareVersions } from "../config/versions";
import { formatPreview, previewPromotion, type PromotionPreview } from "./promotion-preview";

/* ------------------------------------------------------------------ versions */

export { compareVersions } from "../config/versions";

/* ------------------------------------------------------------------ the pin rewrite */

export class PinRewriteError extends Error {}

/** Where one string literal sits in a source text. */
interface Literal {
  readonly start: number; // index of the opening quote
  readonly end: number; // index after the closing quote
  readonly quote: string;
  readonly value: string;
}

/**
 * Scans from `open` (a `{`) to its matching `}`, skipping strings, template literals and
 * comments; returns the end index and the `version: "<literal>"` property found at depth 1.
 */
function scanObject(src: string, open: number): { close: number; version?: Literal } {
  let depth = 0;
  let version: Literal | undefined;
  let i = open;
  const readString = (q: string, from: number): number => {
    let j = from + 1;
    while (j < src.length && src[j] !== q) j += src[j] === "\\" ? 2 : 1;
    return j + 1;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      i = src.indexOf("\n", i);
      if (i < 0) break;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i + 2) + 2;
      if (i < 2) break;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      i = readString(c, i);
      continue;
    }
    if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      depth--;
      if (depth === 0) return { close: i, version };
    } else if (depth === 1 && /[A-Za-z_$]/.test(c) && !/[\w$]/.test(src[i - 1] ?? "")) {
      const m = /^(version)\s*:\s*(["'])((?:\\.|(?!\2)[^\\\n])*)\2/.exec(src.slice(i));
      if (m && !version) {
        const start = i + m[0].length - m[3].length - 2;
        version = { start, end: i + m[0].length, quote: m[2], value: m[3] };
      }
      const word = /^[\w$]+/.exec(src.slice(i))![0];
      i += word.length;
      continue;
    }
    i++;
  }
  throw new PinRewriteError("unbalanced braces");
}

/** `import orders from "./apps/orders"` → identifier → module path. */
function importsOf(src: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of src.matchAll(/^\s*import\s+([A-Za-z_$][\w$]*)\s+from\s+["']([^"']+)["']/gm)) out.set(m[1], m[2]);
  return out;
}

/** The app name an identifier passed to deployApp stands for (its module's `name:`), else the identifier. */
export function appNameOf(ident: string, src: string, file: string): string {
  const spec = importsOf(src).get(ident);
  if (spec && (spec.startsWith(".") || path.isAbsolute(spec))) {
    const base = path.resolve(path.dirname(file), spec);
    for (const f of [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts")]) {
      if (!fs.existsSync(f) || !fs.statSync(f).isFile()) continue;
      const m = /\bname\s*:\s*["']([a-z][a-z0-9-]*)["']/.exec(fs.readFileSync(f, "utf8"));
      if (m) return m[1];
    }
  }
  return ident;
}

export interface PinEdit {
  readonly text: string;
  /** 1-based line of the change. */
  readonly line: number;
  readonly before: string;
  readonly after: string;
  readonly oldVersion: string;
}

function lineEdit(oldText: string, newText: string, at: number, oldVersion: string): PinEdit {
  const line = oldText.slice(0, at).split("\n").length;
  return { text: newText, line, before: oldText.split("\n")[line - 1], after: newText.split("\n")[line - 1], oldVersion };
}

/** Rewrites the version literal of `app`'s `deployApp(<app>, { ... })` block in a TypeScript environment file. */
export function rewriteTsPin(src: string, app: string, version: string, file = path.join(ENVIRONMENTS_DIR, "x.ts")): PinEdit {
  const found: { ident: string; literal?: Literal }[] = [];
  for (const m of src.matchAll(/\bdeployApp\s*\(\s*([A-Za-z_$][\w$]*)\s*,\s*\{/g)) {
    const open = m.index! + m[0].length - 1;
    if (appNameOf(m[1], src, file) !== app) continue;
    found.push({ ident: m[1], literal: scanObject(src, open).version });
  }
  if (found.length === 0) throw new PinRewriteError(`no deployApp(<${app}>, { ... }) block for app '${app}' in ${path.relative(PROJECT_ROOT, file) || file}`);
  if (found.length > 1) throw new PinRewriteError(`app '${app}' is deployed by ${found.length} deployApp blocks in ${file}; edit it by hand`);
  const lit = found[0].literal;
  if (!lit) throw new PinRewriteError(`the deployApp(${found[0].ident}, { ... }) block in ${file} has no \`version: "x.y.z"\` literal at its top level; edit it by hand`);
  const text = `${src.slice(0, lit.start)}${lit.quote}${version}${lit.quote}${src.slice(lit.end)}`;
  return lineEdit(src, text, lit.start, lit.value);
}

/** Rewrites `apps[<app>].version` of a JSON environment file, keeping its layout. */
export function rewriteJsonPin(src: string, app: string, version: string): PinEdit {
  const doc = JSON.parse(src);
  const entry = (doc.apps ?? []).find((a: { name?: string }) => a.name === app);
  if (!entry) throw new PinRewriteError(`app '${app}' is not in the file's apps`);
  if (typeof entry.version !== "string") throw new PinRewriteError(`app '${app}' has no version string`);
  const oldVersion = entry.version;
  // a textual edit: the "version" member of that app's object (found by walking the parsed layout)
  const indent = /\n([ \t]+)"/.exec(src)?.[1] ?? "  ";
  const reserialized = `${JSON.stringify(doc, null, indent)}${src.endsWith("\n") ? "\n" : ""}`;
  entry.version = version;
  const next = `${JSON.stringify(doc, null, indent)}${src.endsWith("\n") ? "\n" : ""}`;
  if (reserialized === src) {
    const at = firstDifference(src, next);
    return lineEdit(src, next, at, oldVersion);
  }
  // unusual layout: replace only the literal inside the app's object
  const nameAt = src.search(new RegExp(`"name"\\s*:\\s*${JSON.stringify(app).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  const objStart = src.lastIndexOf("{", nameAt);
  const { close } = scanObject(src, objStart);
  const body = src.slice(objStart, close);
  const m = /"version"\s*:\s*"([^"]*)"/.exec(body);
  if (nameAt < 0 || !m) throw new PinRewriteError(`cannot locate the version of '${app}' in the JSON text`);
  const litStart = objStart + m.index! + m[0].length - m[1].length - 2;
  const text = `${src.slice(0, litStart)}"${version}"${src.slice(litStart + m[1].length + 2)}`;
  return lineEdit(src, text, litStart, oldVersion);
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

export function rewritePin(file: string, src: string, app: string, version: string): PinEdit {
  return file.endsWith(".json") ? rewriteJsonPin(src, app, version) : rewriteTsPin(src, app, version, file);
}

/** Loads and validates an environment file as written (a fresh process for .ts: no module cache). */
export function revalidate(file: string): { ok: true; env: Environment } | { ok: false; message: string } {
  if (file.endsWith(".json")) {
    try {
      return { ok: true, env: loadEnvironmentFile(file) };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  }
  const script = `
    const { loadEnvironmentFile } = require(${JSON.stringify(path.join(PROJECT_ROOT, "config", "load.ts"))});
    try { process.stdout.write(JSON.stringify({ ok: true, env: loadEnvironmentFile(${JSON.stringify(file)}) })); }
    catch (e) { process.stdout.write(JSON.stringify({ ok: false, message: e.message })); }`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", cwd: PROJECT_ROOT });
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { ok: false, message: `could not load ${file}: ${(r.stderr || r.stdout).trim().slice(0, 2000)}` };
  }
}

/* ------------------------------------------------------------------ deployed versions */

export interface DeployedVersion {
  readonly version: string;
  /** Where it was read: `ssm:/acme/dev/apps/orders/release` or `terraform output of dev-app-orders`. */
  readonly source: string;
}

/** What is live for `app` in `env`; undefined when it is not deployed. */
export type DeployedReader = (env: Environment, app: string) => Promise<DeployedVersion | undefined>;

export class NotDeployedError extends Error {}

/** Reads the release parameter in the environment's shared-services account through its deploy role. */
export function ssmReader(ctx: OpsContext = {}): DeployedReader {
  return async (env, app) => {
    const vars = ctx.vars ?? process.env;
    const endpoint = ctx.endpoint ?? (env.emulator ? vars.AWS_ENDPOINT_URL || localEndpoint() : undefined);
    if (env.emulator && !endpoint) throw new Error(`environment '${env.name}' targets an emulator but no endpoint is known: run \`npm run local -- up\` or set AWS_ENDPOINT_URL`);
    const base = { region: env.region, ...(endpoint ? { endpoint } : {}), ...(env.emulator ? { credentials: MOTO_CREDENTIALS } : {}) };
    const sts = new STSClient(base);
    const role = roleArn(env.accounts.sharedServices, env.accounts.deployRoleName, partitionOf(env.region));
    const name = `${appReleasePrefix(env, app)}release`;
    try {
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: `aoa-promote-${env.name}` }));
      const c = assumed.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${role} returned no credentials`);
      const ssm = new SSMClient({ ...base, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
      try {
        const out = await ssm.send(new GetParameterCommand({ Name: name }));
        const release = JSON.parse(out.Parameter?.Value ?? "{}") as { version?: string; app?: string };
        if (!release.version) throw new Error(`${name} has no version: ${out.Parameter?.Value}`);
        return { version: release.version, source: `ssm:${name}` };
      } catch (e) {
        if ((e as { name?: string }).name === "ParameterNotFound") return undefined;
        throw e;
      } finally {
        ssm.destroy();
      }
    } catch (e) {
      if (e instanceof Error && /AccessDenied|not authorized/i.test(`${e.name} ${e.message}`)) {
        throw new Error(`cannot read ${name}: assuming ${role} (account ${env.accounts.sharedServices}) was denied (${e.message}). Promotion reads the source environment's deployed state with its deploy role — check it with \`npm run preflight -- --env ${env.name}\`.`);
      }
      if (e instanceof Error && credentialsHint(`${e.name} ${e.message}`, env)) {
        throw new Error(`cannot read ${name} in account ${env.accounts.sharedServices} through role ${role}: ${e.message}\n${credentialsHint(`${e.name} ${e.message} ${role}`, env)}`);
      }
      throw e;
    } finally {
      sts.destroy();
    }
  };
}

/** Reads the app stack's terraform output `version` (init with the configured backend, `output -json`). */
export function terraformReader(ctx: OpsContext & { environmentFile: (env: string) => string }): DeployedReader {
  return async (env, app) => {
    const stack = stackNames.app(env, app);
    const { synth } = await synthesizeEnvironment({ configFile: ctx.environmentFile(env.name), stacks: [stack], workDir: ctx.workDir });
    const runner = runnerFor(synth.stacks[0], env, ctx);
    try {
      await runner.init();
      const outputs = await runner.outputs();
      return typeof outputs.version === "string" ? { version: outputs.version, source: `terraform output of ${stack}` } : undefined;
    } catch (e) {
      throw new Error(`cannot read the state of ${stack}: ${e instanceof TerraformError ? summarizeTerraformError(e.stderr) : (e as Error).message}`);
    }
  };
}

/* ------------------------------------------------------------------ promote */

export interface PromoteOptions extends OpsContext {
  readonly from: string;
  readonly to: string;
  /** One app. @default every app of the target environment */
  readonly app?: string;
  /** Directory of the environment files. @default environments/ */
  readonly configDir?: string;
  /** How the source's deployed version is read. @default "ssm" */
  readonly via?: "ssm" | "terraform";
  /** Inject the reader (tests). */
  readonly readDeployed?: DeployedReader;
  /** Decide and print, write nothing. @default false */
  readonly dryRun?: boolean;
  /** Compute the route and stack changes in --to (synthesizes it twice in-process). @default true */
  readonly preview?: boolean;
}

export interface PromotionDecision {
  readonly app: string;
  readonly status: "promoted" | "unchanged" | "refused";
  readonly reason?: string;
  /** The target's pin before. */
  readonly pinned?: string;
  /** What is live in the source. */
  readonly deployed?: DeployedVersion;
  /** The source's config version (for hints only — never what is promoted). */
  readonly sourceConfigured?: string;
  readonly edit?: Omit<PinEdit, "text">;
}

export interface PromoteResult {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly decisions: readonly PromotionDecision[];
  readonly written: boolean;
  readonly exitCode: number;
  /** Route and stack changes the promoted pins make in --to (absent when nothing is promoted). */
  readonly preview?: PromotionPreview;
}

export class PromotionRefused extends Error {}

export function environmentFileIn(dir: string, name: string): string | undefined {
  for (const ext of [".ts", ".json"]) {
    const f = path.join(dir, `${name}${ext}`);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

function knownEnvironments(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /^[a-z][a-z0-9]*\.(ts|json)$/.test(f)).map((f) => f.replace(/\.(ts|json)$/, "")).sort();
}

export async function promote(opts: PromoteOptions): Promise<PromoteResult> {
  const dir = path.resolve(opts.configDir ?? ENVIRONMENTS_DIR);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--config-dir ${opts.configDir}: not a directory`);
  if (opts.from === opts.to) throw new UsageError(`--from and --to are the same environment ('${opts.from}')`);
  const fileOf = (name: string, flag: string) => {
    const f = environmentFileIn(dir, name);
    if (!f) throw new UsageError(`${flag} ${name}: unknown environment in ${path.relative(process.cwd(), dir) || dir} (known: ${knownEnvironments(dir).join(", ") || "none"})`);
    return f;
  };
  const sourceFile = fileOf(opts.from, "--from");
  const targetFile = fileOf(opts.to, "--to");
  const source = loadEnvironmentFile(sourceFile);
  const target = loadEnvironmentFile(targetFile);
  if (target.promotesFrom !== opts.from) {
    throw new PromotionRefused(
      target.promotesFrom
        ? `refusing: '${opts.to}' promotes from '${target.promotesFrom}', not from '${opts.from}' (promotesFrom in ${path.relative(process.cwd(), targetFile)})`
        : `refusing: '${opts.to}' does not promote from '${opts.from}' — it has no promotesFrom (set promotesFrom: "${opts.from}" in ${path.relative(process.cwd(), targetFile)} to allow it)`,
    );
  }
  const apps = opts.app ? [opts.app] : target.apps.map((a) => a.name);
  if (opts.app && !target.apps.some((a) => a.name === opts.app) && !source.apps.some((a) => a.name === opts.app)) {
    throw new PromotionRefused(`refusing: app '${opts.app}' is in neither '${opts.from}' nor '${opts.to}' (apps of ${opts.to}: ${target.apps.map((a) => a.name).join(", ") || "none"})`);
  }
  const reader =
    opts.readDeployed ??
    (opts.via === "terraform" ? terraformReader({ ...opts, environmentFile: (n) => (n === source.name ? sourceFile : targetFile) }) : ssmReader(opts));

  const decisions: PromotionDecision[] = [];
  let text = fs.readFileSync(targetFile, "utf8");
  const original = text;
  for (const app of apps) {
    const inTarget = target.apps.find((a) => a.name === app);
    const inSource = source.apps.find((a) => a.name === app);
    if (!inTarget) {
      decisions.push({ app, status: "refused", reason: `app '${app}' is not in '${opts.to}' — add it to ${path.relative(process.cwd(), targetFile)} first (promotion only moves versions)` });
      continue;
    }
    if (!inSource) {
      decisions.push({ app, status: "refused", pinned: inTarget.version, reason: `app '${app}' is not in '${opts.from}', so no version of it can be live there` });
      continue;
    }
    const deployed = await reader(source, app);
    const base = { app, pinned: inTarget.version, sourceConfigured: inSource.version, deployed };
    if (!deployed) {
      decisions.push({ ...base, status: "refused", reason: `'${app}' is not deployed in '${opts.from}' (nothing live to promote; '${opts.from}' pins ${inSource.version} in its config — apply ${stackNames.app(source, app)} first)` });
      continue;
    }
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(deployed.version)) {
      decisions.push({ ...base, status: "refused", reason: `'${opts.from}' reports ${app} version '${deployed.version}' (${deployed.source}), which is not a semantic version` });
      continue;
    }
    const notApplied = inSource.version !== deployed.version ? ` ('${opts.from}' pins ${inSource.version} in its config, but that is not deployed — apply ${opts.from} first)` : "";
    const cmp = compareVersions(deployed.version, inTarget.version);
    if (cmp === 0) {
      // already up to date is success, with or without --app (like `terraform apply` with no changes)
      decisions.push({ ...base, status: "unchanged", reason: `'${opts.from}' runs ${app} ${deployed.version}, which '${opts.to}' already pins${notApplied}` });
      continue;
    }
    if (cmp < 0) {
      decisions.push({ ...base, status: "refused", reason: `'${opts.from}' runs ${app} ${deployed.version}, older than the ${inTarget.version} '${opts.to}' pins — promotion never downgrades${notApplied}` });
      continue;
    }
    try {
      const edit = rewritePin(targetFile, text, app, deployed.version);
      text = edit.text;
      const { text: _t, ...rest } = edit; // eslint-disable-line @typescript-eslint/no-unused-vars
      decisions.push({ ...base, status: "promoted", edit: rest, ...(notApplied ? { reason: `promoting what is live${notApplied}` } : {}) });
    } catch (e) {
      decisions.push({ ...base, status: "refused", reason: (e as Error).message });
    }
  }

  // what the new pins change in the target: routes per app, stacks (ops/promotion-preview.ts)
  let preview: PromotionPreview | undefined;
  const pins = new Map(decisions.filter((d) => d.status === "promoted").map((d) => [d.app, d.deployed!.version]));
  if (pins.size && opts.preview !== false) {
    try {
      preview = previewPromotion(targetFile, target, pins);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      throw new PromotionRefused(`refusing: ${opts.to} does not validate with the promoted version${pins.size === 1 ? "" : "s"}, nothing written:\n${e.message}`);
    }
  }

  let written = false;
  if (text !== original && !opts.dryRun) {
    fs.writeFileSync(targetFile, text);
    const check = revalidate(targetFile);
    const promoted = decisions.filter((d) => d.status === "promoted");
    const mismatch = check.ok ? promoted.find((d) => check.env.apps.find((a) => a.name === d.app)?.version !== d.deployed?.version) : undefined;
    if (!check.ok || mismatch) {
      fs.writeFileSync(targetFile, original);
      throw new PromotionRefused(
        `refusing: ${path.relative(process.cwd(), targetFile)} did not validate after the rewrite, restored it unchanged:\n${check.ok ? `app '${mismatch!.app}' still reads version ${check.env.apps.find((a) => a.name === mismatch!.app)?.version}` : check.message}`,
      );
    }
    written = true;
  }
  const refused = decisions.some((d) => d.status === "refused");
  return { from: opts.from, to: opts.to, file: targetFile, decisions, written, exitCode: refused ? EXIT.error : EXIT.ok, ...(preview ? { preview } : {}) };
}

/* ------------------------------------------------------------------ command line */

export const PROMOTE_USAGE = [
  "usage: npm run promote -- --from ENV --to ENV [--app NAME] [--config-dir DIR] [--via ssm|terraform] [--dry-run]",
  "  --from        the environment the version must be live in (deployed, not just configured)",
  "  --to          the environment whose pin is rewritten; its promotesFrom must be --from",
  "  --app         one app (default: every app of --to; an app already up to date is left alone)",
  "  --config-dir  directory of the environment files (default environments/)",
  "  --via         read what is live from the release SSM parameter (ssm, default) or the app stack's terraform output (terraform)",
  "  --dry-run     decide and print, change nothing",
  "exit codes: 0 promoted or up to date, 1 refused or error, 64 usage",
].join("\n");

export function formatPromotion(r: PromoteResult): string[] {
  const rel = path.relative(process.cwd(), r.file) || r.file;
  const lines = [
    table(
      ["app", "live in " + r.from, r.to + " pin", "result"],
      r.decisions.map((d) => [d.app, d.deployed?.version ?? "-", d.pinned ?? "-", d.status === "promoted" ? `${d.pinned} → ${d.deployed!.version}` : d.status]),
    ),
  ];
  for (const d of r.decisions) {
    if (d.status === "promoted" && d.edit) {
      lines.push("", `${r.written ? "changed" : "would change"} ${rel}:${d.edit.line} (${d.app}: ${d.edit.oldVersion} → ${d.deployed!.version}, live in ${r.from} per ${d.deployed!.source})`, `- ${d.edit.before}`, `+ ${d.edit.after}`);
      if (d.reason) lines.push(`  note: ${d.reason}`);
    } else if (d.reason) {
      lines.push("", `${d.status === "refused" ? "refused" : "unchanged"} ${d.app}: ${d.reason}`);
    }
  }
  if (r.preview) lines.push(...formatPreview(r.preview, r.written));
  if (r.written) lines.push("", `${rel} re-validated. Review and commit it, then plan/apply ${r.to}.`);
  return lines;
}

export async function promoteMain(argv: string[], ctx: OpsContext & { readDeployed?: DeployedReader } = {}, io: { out: (l: string) => void; err: (l: string) => void } = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      from: { type: "string" },
      to: { type: "string" },
      app: { type: "string" },
      "config-dir": { type: "string" },
      via: { type: "string" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    PROMOTE_USAGE,
  );
  if (values.help) {
    io.out(PROMOTE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\n\n${PROMOTE_USAGE}`);
  if (!values.from || !values.to) throw new UsageError(`--from and --to are required\n\n${PROMOTE_USAGE}`);
  if (values.via !== undefined && values.via !== "ssm" && values.via !== "terraform") throw new UsageError(`--via must be ssm or terraform (got '${values.via}')\n\n${PROMOTE_USAGE}`);
  try {
    const r = await promote({ ...ctx, from: values.from, to: values.to, app: values.app, configDir: values["config-dir"], via: values.via as "ssm" | "terraform" | undefined, dryRun: values["dry-run"] });
    for (const l of formatPromotion(r)) io.out(l);
    return r.exitCode;
  } catch (e) {
    if (e instanceof PromotionRefused) {
      io.err(e.message);
      return EXIT.error;
    }
    throw e;
  }
}
