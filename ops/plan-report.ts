/**
 * Plan summaries: the counts of a saved plan (`terraform show -json <plan>`), the per-stack
 * status of a plan/apply run, and the reports written for it (`<out>/plan-<env>.md|json`,
 * `<out>/apply-<env>.md|json`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { table } from "../cli";
import { formatDuration } from "./terraform";

/* eslint-disable @typescript-eslint/no-explicit-any */

export type ChangeKind = "create" | "update" | "delete" | "replace" | "forget";

export interface PlannedChange {
  readonly address: string;
  readonly kind: ChangeKind;
  /** Terraform's actions, e.g. ["create","delete"] (create-before-destroy replacement). */
  readonly actions: readonly string[];
  /** Why it is replaced (attribute paths), when terraform says. */
  readonly replacePaths?: readonly string[];
}

export interface PlanCounts {
  /** As in terraform's "Plan: N to add, M to change, K to destroy" (a replacement counts in add and destroy). */
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Replacements (also counted in add and destroy). */
  readonly replace: number;
}

export interface PlanSummary extends PlanCounts {
  readonly changes: readonly PlannedChange[];
  /**
   * Resources terraform found changed outside of it while refreshing (`resource_drift` of the JSON
   * plan; see ops/drift.ts for the filtered view). Absent when the plan had no changes: its JSON is
   * then not read (`npm run drift` reports drift).
   */
  readonly driftedOutside?: number;
  /** Names of root outputs that change. */
  readonly outputChanges: readonly string[];
  /** The plan failed to be applied by terraform already (`errored: true` in the plan JSON). */
  readonly errored: boolean;
}

function kindOf(actions: readonly string[]): ChangeKind | undefined {
  const a = [...actions].sort().join(",");
  switch (a) {
    case "create":
      return "create";
    case "update":
      return "update";
    case "delete":
      return "delete";
    case "create,delete":
      return "replace";
    case "forget":
      return "forget";
    default:
      return undefined; // no-op, read
  }
}

/** Summarizes `terraform show -json <planfile>`. */
export function summarizePlan(plan: any): PlanSummary {
  const changes: PlannedChange[] = [];
  let add = 0;
  let change = 0;
  let destroy = 0;
  let replace = 0;
  for (const rc of plan?.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const actions: string[] = rc.change?.actions ?? [];
    const kind = kindOf(actions);
    if (!kind) continue;
    if (kind === "create") add++;
    else if (kind === "update") change++;
    else if (kind === "delete") destroy++;
    else if (kind === "replace") {
      replace++;
      add++;
      destroy++;
    }
    const replacePaths = kind === "replace" && Array.isArray(rc.change?.replace_paths) ? rc.change.replace_paths.map((p: unknown[]) => p.join(".")) : undefined;
    changes.push({ address: rc.address, kind, actions, ...(replacePaths?.length ? { replacePaths } : {}) });
  }
  const outputChanges = Object.entries<any>(plan?.output_changes ?? {})
    .filter(([, c]) => !(c.actions?.length === 1 && c.actions[0] === "no-op"))
    .map(([k]) => k);
  const driftedOutside = (plan?.resource_drift ?? []).length;
  return { add, change, destroy, replace, changes, driftedOutside, outputChanges, errored: plan?.errored === true };
}

export const hasChanges = (s: PlanCounts) => s.add + s.change + s.destroy > 0;

/** The summary of a plan terraform reported as empty (`-detailed-exitcode` 0: no resource and no output changes). */
export const NO_CHANGES: PlanSummary = Object.freeze({ add: 0, change: 0, destroy: 0, replace: 0, changes: [], outputChanges: [], errored: false });

/**
 * What a reviewer must know about a plan beyond its counts: a new private ingress shard (the one
 * case where adding an app changes the platform stack, config/ingress-shards.ts).
 */
export function planNotes(changes: readonly PlannedChange[]): string[] {
  const notes: string[] = [];
  for (const c of changes) {
    const m = /^aws_lb\.ingress-shard-(\d+)_nlb_/.exec(c.address);
    if (m && c.kind === "create") notes.push(`opens private ingress shard ${m[1]} (new NLB + VPC link for the apps on its ports): apply the platform before those apps`);
    if (m && (c.kind === "delete" || c.kind === "replace")) notes.push(`${c.kind === "delete" ? "removes" : "REPLACES"} private ingress shard ${m[1]}: every app on it loses its listener`);
  }
  return notes;
}

/** Status of one stack in a plan or apply run. */
export type StackStatus =
  /** plan: nothing to do */
  | "no-changes"
  /** plan: changes planned (not applied) */
  | "changes"
  /** apply: the saved plan was applied */
  | "applied"
  /** plan: the app stack's plan needs the platform's SSM contract, which does not exist yet */
  | "blocked"
  | "failed"
  /** not started because an earlier stack failed (or a dependency was blocked/failed) */
  | "skipped";

export interface StackReport {
  readonly stack: string;
  readonly role: string;
  readonly status: StackStatus;
  /** One line for the table: "blocked: platform not applied", the first error line, ... */
  readonly detail?: string;
  readonly counts?: PlanCounts;
  readonly changes?: readonly PlannedChange[];
  readonly outputChanges?: readonly string[];
  /** The full error, for the markdown report. */
  readonly error?: string;
  readonly planFile?: string;
  /** App stacks: the route-level summary (ops/plan-routes.ts). */
  readonly routes?: readonly string[];
  /** `terraform show` text of each changed resource, attribute by attribute (ops/plan-text.ts). */
  readonly planText?: string;
  readonly ms: number;
}

export interface RunReport {
  readonly command: "plan" | "apply" | "destroy";
  readonly environment: string;
  readonly startedAt: string;
  readonly ms: number;
  readonly ok: boolean;
  readonly stacks: readonly StackReport[];
}

export function statusLabel(s: StackReport): string {
  if (s.status === "blocked") return `blocked: ${s.detail ?? "platform not applied"}`;
  if (s.status === "failed") return `failed: ${s.detail ?? "error"}`;
  if (s.status === "skipped") return `skipped${s.detail ? `: ${s.detail}` : ""}`;
  return s.status;
}

const num = (s: StackReport, k: keyof PlanCounts): string | number => (s.counts ? s.counts[k] : "-");

export function runTable(report: RunReport): string {
  return table(
    ["stack", "add", "change", "destroy", "replace", "status", "time"],
    report.stacks.map((s) => [s.stack, num(s, "add"), num(s, "change"), num(s, "destroy"), num(s, "replace"), statusLabel(s), formatDuration(s.ms)]),
  );
}

const mdEscape = (v: string | number) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");

export function runMarkdown(report: RunReport): string {
  const lines = [
    `# ${report.command} ${report.environment}`,
    "",
    `${report.ok ? "OK" : "FAILED"} — started ${report.startedAt}, took ${formatDuration(report.ms)}.`,
    "",
    "| stack | add | change | destroy | replace | status |",
    "|---|---:|---:|---:|---:|---|",
    ...report.stacks.map((s) => `| ${s.stack} | ${num(s, "add")} | ${num(s, "change")} | ${num(s, "destroy")} | ${num(s, "replace")} | ${mdEscape(statusLabel(s))} |`),
  ];
  for (const s of report.stacks) {
    if (!s.changes?.length && !s.error && !s.outputChanges?.length) continue;
    lines.push("", `## ${s.stack}`, "");
    for (const n of planNotes(s.changes ?? [])) lines.push(`- **note:** ${n}`);
    if (s.routes?.length) lines.push("Routes:", "", "```diff", ...s.routes, "```", "");
    for (const c of s.changes ?? []) lines.push(`- ${c.kind} \`${c.address}\`${c.replacePaths?.length ? ` (forces replacement: ${c.replacePaths.join(", ")})` : ""}`);
    if (s.outputChanges?.length) lines.push(`- outputs changed: ${s.outputChanges.map((o) => `\`${o}\``).join(", ")}`);
    if (s.planText) lines.push("", "<details><summary>attribute-level changes (terraform show)</summary>", "", "```", s.planText.length > 200_000 ? `${s.planText.slice(0, 200_000)}\n… (truncated; the saved plan has it all)` : s.planText, "```", "", "</details>");
    if (s.error) lines.push("", "```", s.error.trim(), "```");
  }
  return `${lines.join("\n")}\n`;
}

/** Writes `<dir>/<command>-<env>.md` and `.json`; returns both paths. */
export function writeRunReport(report: RunReport, dir: string): { md: string; json: string } {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${report.command}-${report.environment}`);
  fs.writeFileSync(`${base}.md`, runMarkdown(report));
  // no machine paths in reports: saved plan files relative to the working directory
  const portable = { ...report, stacks: report.stacks.map((s) => (s.planFile ? { ...s, planFile: path.relative(process.cwd(), s.planFile) } : s)) };
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(portable, null, 2)}\n`);
  return { md: `${base}.md`, json: `${base}.json` };
}

/** Counts as terraform prints them: "2 to add, 1 to change, 0 to destroy (1 replaced)". */
export function countsLine(c: PlanCounts): string {
  return `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy${c.replace ? ` (${c.replace} replaced)` : ""}`;
}
