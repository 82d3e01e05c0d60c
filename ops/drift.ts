/**
 * Drift: for every stack of an environment, a non-locking plan into a saved file, `show -json`,
 * and from it
 *   - resources changed or deleted outside Terraform (`resource_drift`), each changed attribute
 *     as "last applied → actual", and whether an apply would revert it;
 *   - configuration not applied yet (`resource_changes` not explained by that drift).
 *
 * It must not cry wolf. A refresh reports plenty that is not a change (tags null → {}, a policy
 * re-serialized, a computed attribute filled in); two layers filter it:
 *   1. the normalizer (`canonical`): null ≡ "" ≡ 0 ≡ false ≡ [] ≡ {}, JSON documents compared
 *      parsed (key order, whitespace; IAM policies: scalar vs one-element list, list order),
 *      lists compared as sets, `tags_all` dropped when `tags` already says it;
 *   2. the plan itself: an attribute terraform does not plan to put back (computed, "known after
 *      apply", or not managed by the configuration — e.g. a REST API's `policy` owned by a
 *      separate policy resource) is not drift of this configuration.
 * What is filtered is kept in the JSON report (`ignored`), with the reason.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Environment } from "../config/schema";
import { EXIT, table } from "../cli";
import type { SynthesizedStack } from "../synth";
import { defaultLog, defaultReportDir, isContractMissing, missingContractKeys, runOrdered, runnerFor, synthesizeEnvironment, parseStackRunFlags, type CommandResult, type OpsContext, type StackRunOptions } from "./orchestrate";
import { withCredentialsHint } from "./credentials-hint";
import { TerraformError, WORK_DIR, findTerraform, formatDuration, summarizeTerraformError } from "./terraform";

/* eslint-disable @typescript-eslint/no-explicit-any */

/* ------------------------------------------------------------------ normalizer */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys of an IAM-style policy statement whose values are order-free lists (a scalar is a one-element list). */
const POLICY_LIST_KEYS = new Set(["Action", "NotAction", "Resource", "NotResource"]);

function sortedList(v: unknown): unknown[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map(canonicalJson).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

/** A parsed JSON document in canonical form: keys sorted; IAM policy lists order-free. */
export function canonicalJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalJson);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  const isPolicy = "Statement" in v;
  for (const k of Object.keys(v).sort()) {
    let x = v[k];
    if (isPolicy && k === "Statement") x = sortedList(x).map((s) => (isObject(s) ? canonicalStatement(s) : s));
    out[k] = canonicalJson(x);
  }
  return out;
}

function canonicalStatement(s: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(s).sort()) {
    const v = s[k];
    if (POLICY_LIST_KEYS.has(k)) out[k] = sortedList(v);
    else if ((k === "Principal" || k === "NotPrincipal") && isObject(v)) out[k] = Object.fromEntries(Object.keys(v).sort().map((p) => [p, sortedList(v[p])]));
    else if (k === "Condition" && isObject(v)) {
      out[k] = Object.fromEntries(Object.keys(v).sort().map((op) => [op, isObject(v[op]) ? Object.fromEntries(Object.keys(v[op] as object).sort().map((ck) => [ck, sortedList((v[op] as any)[ck])])) : v[op]]));
    } else out[k] = canonicalJson(v);
  }
  return out;
}

function parseJsonDocument(s: string): unknown {
  const t = s.trim();
  if (!((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]")))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/**
 * The comparable form of a value from a plan: empty and zero values are null, JSON documents
 * inside strings are parsed and canonical, lists are order-free, object keys sorted and empty
 * members dropped.
 */
export function canonical(v: unknown): unknown {
  if (v === null || v === undefined || v === "" || v === 0 || v === false) return null;
  if (typeof v === "string") {
    const doc = parseJsonDocument(v);
    return doc === undefined ? v : { $json: canonicalJson(doc) };
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    return v.map(canonical).sort((a, b) => {
      const x = JSON.stringify(a) ?? "";
      const y = JSON.stringify(b) ?? "";
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical(v[k]);
      if (c !== null) out[k] = c;
    }
    return Object.keys(out).length ? out : null;
  }
  return v;
}

export const equivalent = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export type NoiseReason =
  /** null vs "", 0, false, [] or {} */
  | "empty-equivalent"
  /** the same JSON document (whitespace, key order, policy list forms) */
  | "json-equivalent"
  /** the same list in another order */
  | "order-only"
  /** `tags_all` repeats a change already reported under `tags` */
  | "tags_all-derived"
  /** computed by the provider: "known after apply" in the plan */
  | "computed"
  /** terraform plans no change back: computed, or not managed by this configuration */
  | "unmanaged";

export interface AttributeChange {
  /** `retention_in_days`, `settings[0].throttling_rate_limit`, `tags_all.hotfix` */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly sensitive: boolean;
}

export interface IgnoredDiff {
  readonly address: string;
  readonly path: string;
  readonly reason: NoiseReason;
}

type Segment = string | number;
const pathString = (segs: readonly Segment[]) => segs.reduce<string>((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), "");

const isEmpty = (v: unknown) => canonical(v) === null;

function noiseReason(b: unknown, a: unknown): NoiseReason {
  if (isEmpty(b) && isEmpty(a)) return "empty-equivalent";
  if (typeof b === "string" || typeof a === "string") return "json-equivalent";
  if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
    const plain = (x: unknown[]) => JSON.stringify([...x].map((e) => JSON.stringify(e)).sort());
    if (plain(b) === plain(a)) return "order-only";
  }
  return "empty-equivalent";
}

/** Value at a path (undefined when absent). */
export function valueAt(root: unknown, segs: readonly Segment[]): unknown {
  let v: any = root;
  for (const s of segs) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[s as any];
  }
  return v;
}

/** Is the path marked in a `*_sensitive` / `after_unknown` tree (a `true` at it or at an ancestor)? */
export function markedAt(tree: unknown, segs: readonly Segment[]): boolean {
  let v: any = tree;
  if (v === true) return true;
  for (const s of segs) {
    if (v === null || typeof v !== "object") return false;
    v = v[s as any];
    if (v === true) return true;
  }
  return false;
}

/**
 * The attribute-level differences between two values of one resource, refresh noise removed.
 * Returns the real changes and what was filtered (with the reason).
 */
export function diffAttributes(
  before: unknown,
  after: unknown,
  opts: { beforeSensitive?: unknown; afterSensitive?: unknown } = {},
): { changes: AttributeChange[]; ignored: { path: string; reason: NoiseReason }[] } {
  const changes: AttributeChange[] = [];
  const ignored: { path: string; reason: NoiseReason }[] = [];
  const walk = (b: unknown, a: unknown, segs: Segment[]) => {
    if (JSON.stringify(b) === JSON.stringify(a)) return;
    if (equivalent(b, a)) {
      ignored.push({ path: pathString(segs), reason: noiseReason(b, a) });
      return;
    }
    const bo = isObject(b) || (b == null && isObject(a));
    const ao = isObject(a) || (a == null && isObject(b));
    if (bo && ao && (isObject(a) || isObject(b))) {
      const bb = (b ?? {}) as Record<string, unknown>;
      const aa = (a ?? {}) as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(bb), ...Object.keys(aa)])].sort()) walk(bb[k], aa[k], [...segs, k]);
      return;
    }
    if (Array.isArray(b) && Array.isArray(a) && b.length === a.length && b.every(isObject) && a.every(isObject)) {
      b.forEach((_, i) => walk(b[i], a[i], [...segs, i]));
      return;
    }
    const sensitive = markedAt(opts.beforeSensitive, segs) || markedAt(opts.afterSensitive, segs);
    changes.push({ path: pathString(segs), before: b, after: a, sensitive });
  };
  const bObj = isObject(before) ? before : {};
  const aObj = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(bObj), ...Object.keys(aObj)])].sort();
  for (const k of keys) if (k !== "tags_all") walk(bObj[k], aObj[k], [k]);
  // tags_all = tags + the provider's default tags: only news when `tags` did not already say it
  const tagsChanged = changes.some((c) => c.path === "tags" || c.path.startsWith("tags."));
  if (keys.includes("tags_all")) {
    if (tagsChanged && !equivalent(bObj.tags_all, aObj.tags_all)) ignored.push({ path: "tags_all", reason: "tags_all-derived" });
    else walk(bObj.tags_all, aObj.tags_all, ["tags_all"]);
  }
  return { changes, ignored };
}

/* ------------------------------------------------------------------ plan analysis */

export interface DriftedResource {
  readonly address: string;
  readonly type: string;
  /** `changed`: attributes differ from what was applied; `deleted`: the object is gone. */
  readonly kind: "changed" | "deleted";
  readonly attributes: readonly AttributeChange[];
  /** Terraform's planned action for it (an apply puts the configuration back). */
  readonly plannedAction: string;
}

export interface PendingChange {
  readonly address: string;
  readonly action: "create" | "update" | "delete" | "replace";
  /** For updates and replacements: deployed → planned ("(known after apply)" for computed). */
  readonly attributes: readonly AttributeChange[];
}

export interface PlanDrift {
  readonly drifted: readonly DriftedResource[];
  readonly pending: readonly PendingChange[];
  readonly ignored: readonly IgnoredDiff[];
  /** The stack has no resources in its state (never applied, or destroyed). */
  readonly notDeployed: boolean;
}

const actionOf = (actions: readonly string[] = []): string => {
  const a = [...actions].sort().join(",");
  return a === "create,delete" ? "replace" : a || "no-op";
};

/** Analyzes `terraform show -json <plan>` (a normal, refreshing plan). */
export function analyzePlan(plan: any): PlanDrift {
  const planned = new Map<string, any>();
  for (const rc of plan?.resource_changes ?? []) if (rc.mode !== "data") planned.set(rc.address, rc);
  const drifted: DriftedResource[] = [];
  const ignored: IgnoredDiff[] = [];

  for (const d of plan?.resource_drift ?? []) {
    if (d.mode === "data") continue;
    const p = planned.get(d.address);
    const plannedAction = actionOf(p?.change?.actions);
    const actions: string[] = d.change?.actions ?? [];
    if (actions.includes("delete") && (d.change?.after === null || d.change?.after === undefined)) {
      drifted.push({ address: d.address, type: d.type, kind: "deleted", attributes: [], plannedAction });
      continue;
    }
    const diff = diffAttributes(d.change?.before, d.change?.after, { beforeSensitive: d.change?.before_sensitive, afterSensitive: d.change?.after_sensitive });
    for (const i of diff.ignored) ignored.push({ address: d.address, ...i });
    const real: AttributeChange[] = [];
    for (const c of diff.changes) {
      const segs = parseSegments(c.path);
      if (!p || plannedAction === "no-op" || plannedAction === "read") {
        ignored.push({ address: d.address, path: c.path, reason: "unmanaged" });
      } else if (markedAt(p.change?.after_unknown, segs)) {
        ignored.push({ address: d.address, path: c.path, reason: "computed" });
      } else if ((plannedAction === "update" || plannedAction === "replace") && equivalent(valueAt(p.change?.after, segs), c.after)) {
        ignored.push({ address: d.address, path: c.path, reason: "unmanaged" });
      } else {
        real.push(c);
      }
    }
    if (real.length) drifted.push({ address: d.address, type: d.type, kind: "changed", attributes: real, plannedAction });
  }

  const driftedAddresses = new Set(drifted.map((d) => d.address));
  const pending: PendingChange[] = [];
  for (const [address, rc] of planned) {
    const action = actionOf(rc.change?.actions);
    if (action === "no-op" || action === "read" || action === "forget") continue;
    if (driftedAddresses.has(address)) continue; // the plan puts the drift back
    let attributes: AttributeChange[] = [];
    if (action === "update" || action === "replace") {
      const diff = diffAttributes(rc.change?.before, rc.change?.after, { beforeSensitive: rc.change?.before_sensitive, afterSensitive: rc.change?.after_sensitive });
      attributes = diff.changes.filter((c) => !markedAt(rc.change?.after_unknown, parseSegments(c.path)));
    }
    pending.push({ address, action: action as PendingChange["action"], attributes });
  }

  const resources = plan?.prior_state?.values?.root_module;
  const managed = [...(resources?.resources ?? []), ...(resources?.child_modules ?? []).flatMap((m: any) => m.resources ?? [])].filter((r: any) => r.mode === "managed");
  return { drifted, pending, ignored, notDeployed: managed.length === 0 };
}

/** `settings[0].throttling_rate_limit` → ["settings", 0, "throttling_rate_limit"] */
export function parseSegments(p: string): Segment[] {
  const out: Segment[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/* ------------------------------------------------------------------ report */

/** `blocked`: a deployed app stack cannot be planned because a platform contract key is missing (the platform's drift). */
export type StackDriftStatus = "clean" | "drifted" | "not-deployed" | "blocked" | "failed";

export interface StackDrift {
  readonly stack: string;
  readonly role: string;
  readonly status: StackDriftStatus;
  readonly drifted: readonly DriftedResource[];
  readonly pending: readonly PendingChange[];
  readonly ignored: readonly IgnoredDiff[];
  readonly error?: string;
  readonly ms: number;
}

export interface DriftReport {
  readonly environment: string;
  readonly startedAt: string;
  readonly ms: number;
  /** 0 clean, 2 drift, 1 error */
  readonly exitCode: number;
  readonly stacks: readonly StackDrift[];
}

export const MASK = "(sensitive)";

/** A value for display: masked when sensitive, JSON otherwise, shortened. */
export function show(v: unknown, sensitive: boolean, max = 200): string {
  if (sensitive) return MASK;
  if (v === undefined) return "(absent)";
  if (v === "(known after apply)") return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The report with sensitive values replaced (what is written to disk). */
export function maskReport(r: DriftReport): DriftReport {
  const mask = (a: AttributeChange): AttributeChange => (a.sensitive ? { ...a, before: MASK, after: MASK } : a);
  return {
    ...r,
    stacks: r.stacks.map((s) => ({
      ...s,
      drifted: s.drifted.map((d) => ({ ...d, attributes: d.attributes.map(mask) })),
      pending: s.pending.map((p) => ({ ...p, attributes: p.attributes.map(mask) })),
    })),
  };
}

function noiseSummary(ignored: readonly IgnoredDiff[]): string {
  if (!ignored.length) return "none";
  const by = new Map<string, number>();
  for (const i of ignored) by.set(i.reason, (by.get(i.reason) ?? 0) + 1);
  const resources = new Set(ignored.map((i) => i.address)).size;
  return `${ignored.length} attribute${ignored.length === 1 ? "" : "s"} on ${resources} resource${resources === 1 ? "" : "s"} (${[...by].map(([k, n]) => `${k}: ${n}`).join(", ")})`;
}

const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function driftMarkdown(r: DriftReport): string {
  const verdict = r.exitCode === 0 ? "CLEAN" : r.exitCode === 2 ? "DRIFT" : "ERROR";
  const lines = [
    `# drift ${r.environment}`,
    "",
    `${verdict} — started ${r.startedAt}, took ${formatDuration(r.ms)}. Exit code ${r.exitCode} (0 clean, 2 drift, 1 error).`,
    "",
    "| stack | status | changed outside Terraform | configuration not applied | refresh noise filtered |",
    "|---|---|---:|---:|---|",
    ...r.stacks.map((s) => `| ${s.stack} | ${s.status} | ${s.drifted.length} | ${s.pending.length} | ${md(noiseSummary(s.ignored))} |`),
  ];
  for (const s of r.stacks) {
    if (!s.drifted.length && !s.pending.length && !s.error) continue;
    lines.push("", `## ${s.stack}`);
    if (s.error) lines.push("", "```", s.error.trim(), "```");
    const changed = s.drifted.filter((d) => d.kind === "changed");
    const deleted = s.drifted.filter((d) => d.kind === "deleted");
    if (changed.length) {
      lines.push("", "### Changed outside Terraform", "");
      for (const d of changed) {
        lines.push(`- \`${d.address}\`${d.plannedAction !== "no-op" ? ` — an apply would ${d.plannedAction} it back` : ""}`, "", "  | attribute | last applied | actual |", "  |---|---|---|");
        for (const a of d.attributes) lines.push(`  | \`${md(a.path)}\` | ${md(show(a.before, a.sensitive))} | ${md(show(a.after, a.sensitive))} |`);
        lines.push("");
      }
    }
    if (deleted.length) {
      lines.push("", "### Deleted outside Terraform", "");
      for (const d of deleted) lines.push(`- \`${d.address}\`${d.plannedAction === "create" ? " — an apply would create it again" : ""}`);
    }
    if (s.pending.length) {
      lines.push("", "### Configuration not applied (the plan wants to change it)", "");
      for (const p of s.pending) {
        lines.push(`- ${p.action} \`${p.address}\``);
        for (const a of p.attributes) lines.push(`  - \`${a.path}\`: ${show(a.before, a.sensitive)} → ${show(a.after, a.sensitive)}`);
      }
    }
  }
  lines.push("", "Refresh noise is filtered by ops/drift.ts (null vs empty, JSON documents compared parsed, list order, tags_all, computed and unmanaged attributes); the JSON report lists every filtered attribute under `ignored`.");
  return `${lines.join("\n")}\n`;
}

export function driftTable(r: DriftReport): string {
  return table(
    ["stack", "status", "drifted", "pending", "noise filtered"],
    r.stacks.map((s) => [s.stack, s.status, s.drifted.length, s.pending.length, s.ignored.length]),
  );
}

/** Human lines naming each drifted resource and attribute (console output). */
export function driftLines(r: DriftReport): string[] {
  const out: string[] = [];
  for (const s of r.stacks) {
    for (const d of s.drifted) {
      if (d.kind === "deleted") out.push(`${s.stack}: ${d.address} was deleted outside Terraform`);
      for (const a of d.attributes) out.push(`${s.stack}: ${d.address} ${a.path}: ${show(a.before, a.sensitive, 80)} → ${show(a.after, a.sensitive, 80)}`);
    }
    for (const p of s.pending) {
      out.push(`${s.stack}: ${p.address} — configuration not applied (${p.action})`);
      for (const a of p.attributes) out.push(`${s.stack}:   ${a.path}: ${show(a.before, a.sensitive, 80)} → ${show(a.after, a.sensitive, 80)}`);
    }
    if (s.status === "failed") out.push(`${s.stack}: failed — ${s.error?.split("\n")[0]}`);
    if (s.status === "blocked") out.push(`${s.stack}: ${s.error}`);
  }
  return out;
}

/* ------------------------------------------------------------------ command */

export type DriftOptions = StackRunOptions;
export type DriftResult = CommandResult<DriftReport>;

async function driftOfStack(stack: SynthesizedStack, env: Environment, opts: DriftOptions, planDir: string): Promise<StackDrift> {
  const t0 = Date.now();
  const log = opts.log ?? defaultLog;
  const runner = runnerFor(stack, env, opts);
  const base = { stack: stack.name, role: stack.role, drifted: [], pending: [], ignored: [] };
  try {
    await runner.init();
    const planFile = path.join(planDir, `${stack.name}.drift.plan`);
    fs.rmSync(planFile, { force: true });
    await runner.plan({ out: planFile, lock: false });
    const json = await runner.showJson(planFile);
    const a = analyzePlan(json);
    const status: StackDriftStatus = a.notDeployed ? "not-deployed" : a.drifted.length || a.pending.length ? "drifted" : "clean";
    log(`[${stack.name}] ${status}${a.drifted.length ? `: ${a.drifted.length} changed outside Terraform` : ""}${a.pending.length ? `, ${a.pending.length} not applied` : ""} (${a.ignored.length} noise attribute(s) filtered)`);
    return { ...base, status, drifted: a.notDeployed ? [] : a.drifted, pending: a.notDeployed ? [] : a.pending, ignored: a.ignored, ms: Date.now() - t0 };
  } catch (e) {
    if (e instanceof TerraformError && isContractMissing(e.stderr)) {
      // never deployed in an environment whose platform is not applied either?
      const state = await runner.showJson().catch(() => undefined);
      if (!state?.values?.root_module?.resources?.length) {
        log(`[${stack.name}] not deployed (and the platform contract is missing)`);
        return { ...base, status: "not-deployed", ms: Date.now() - t0 };
      }
      const keys = missingContractKeys(e.stderr);
      const error = `blocked: contract key ${keys.join(", ") || "(unknown)"} is missing — the platform's drift: a contract parameter was deleted outside Terraform (an apply of the platform stack writes it again)`;
      log(`[${stack.name}] ${error}`);
      return { ...base, status: "blocked", error, ms: Date.now() - t0 };
    }
    const msg = withCredentialsHint(e instanceof TerraformError ? summarizeTerraformError(e.stderr || e.stdout) : (e as Error).message, env);
    log(`[${stack.name}] failed: ${msg}`);
    return { ...base, status: "failed", error: msg, ms: Date.now() - t0 };
  }
}

/** Checks every stack of an environment for drift; writes `<out>/drift-<env>.md` and `.json`. */
export async function driftEnvironment(opts: DriftOptions): Promise<DriftResult> {
  const started = Date.now();
  const workDir = opts.workDir ?? WORK_DIR;
  if (!opts.terraformBin) findTerraform(opts.vars); // a missing terraform is reported before anything else runs
  const { env, synth } = await synthesizeEnvironment({ ...opts, workDir });
  const stacks = synth.stacks.filter((s) => !(opts.skipBootstrap && s.role === "bootstrap"));
  const planDir = path.join(workDir, "plans", env.name);
  fs.mkdirSync(planDir, { recursive: true });
  (opts.log ?? defaultLog)(`drift ${env.name}: ${stacks.map((s) => s.name).join(", ")}`);
  const results = new Map<string, StackDrift>();
  // independent reads: no ordering needed, only the bound on parallel terraform processes
  await runOrdered(
    stacks.map((s) => ({ name: s.name, dependsOn: [], stack: s })),
    opts.parallel ?? 2,
    async ({ stack }) => {
      const r = await driftOfStack(stack, env, opts, planDir);
      results.set(stack.name, r);
      return "ok";
    },
  );
  const ordered = stacks.map((s) => results.get(s.name)!);
  const exitCode = ordered.some((s) => s.status === "failed") ? EXIT.error : ordered.some((s) => s.status === "drifted" || s.status === "blocked") ? EXIT.drift : EXIT.ok;
  const report: DriftReport = { environment: env.name, startedAt: new Date(started).toISOString(), ms: Date.now() - started, exitCode, stacks: ordered };
  let files: { md: string; json: string } | undefined;
  if (opts.out !== null) {
    const dir = opts.out ?? defaultReportDir();
    fs.mkdirSync(dir, { recursive: true });
    const masked = maskReport(report);
    files = { md: path.join(dir, `drift-${env.name}.md`), json: path.join(dir, `drift-${env.name}.json`) };
    fs.writeFileSync(files.md, driftMarkdown(masked));
    fs.writeFileSync(files.json, `${JSON.stringify(masked, null, 2)}\n`);
  }
  return { report, env, files };
}

export const DRIFT_USAGE = [
  "usage: npm run drift -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]",
  "  --env             a built-in environment (environments/<name>.ts)",
  "  --config          an environment file (.ts or .json), e.g. .work/local/local.json",
  "  --stack           only these stacks (repeatable)",
  "  --skip-bootstrap  leave out <env>-bootstrap (applied by an administrator)",
  "  --parallel        terraform processes at once (default 2)",
  "  --out             report directory (default reports/): drift-<env>.md and .json",
  "exit codes: 0 no drift, 2 drift (changed outside Terraform or configuration not applied), 1 error, 64 usage",
].join("\n");

export interface CommandIo {
  readonly out: (line: string) => void;
}
const consoleIo: CommandIo = { out: (l) => console.log(l) };

/** `npm run drift` as a function: returns the exit code. */
export async function driftMain(argv: string[], ctx: OpsContext = {}, io: CommandIo = consoleIo): Promise<number> {
  const flags = parseStackRunFlags(argv, DRIFT_USAGE, io.out);
  if (!flags) return EXIT.ok;
  const { report, files } = await driftEnvironment({ ...ctx, ...flags });
  io.out(driftTable(report));
  const lines = driftLines(report);
  if (lines.length) io.out(`\n${lines.join("\n")}`);
  if (files) io.out(`\nreport: ${path.relative(process.cwd(), files.md) || files.md}, ${path.relative(process.cwd(), files.json) || files.json}`);
  io.out(report.exitCode === EXIT.ok ? "no drift" : report.exitCode === EXIT.drift ? "DRIFT detected (exit 2)" : "drift check FAILED (exit 1)");
  return report.exitCode;
}
