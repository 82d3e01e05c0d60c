/**
 * The order in which to apply what a plan found — the app lifecycle of README.md ("Adding an app",
 * "Moving an app", "Removing an app"), read off the plan of every stack of one environment:
 *
 * 1. `<env>-bootstrap` first when it creates something (a deploy role in a new workload account:
 *    the app stack in that account cannot run before it). It is applied by an administrator
 *    (docs/bootstrap.md), never by the pipeline.
 * 2. `<env>-platform` when it changes (adding, moving or removing an app never changes it).
 * 3. The app stacks: first those that release a base path or an ingress port (their API mapping or
 *    platform NLB listener is deleted, replaced or changed), then the others — a base path freed by
 *    one app and claimed by another in the same change is only free once the first one applied.
 * 4. `<env>-bootstrap` last when it only removes (a workload account left the environment): the
 *    app stacks that ran there must be destroyed before their deploy role goes. An app removed from
 *    its environment file no longer has a stack in the plan: destroy it first (README "Removing an app").
 */
import type { PlannedChange, RunReport, StackReport } from "./plan-report";

export interface ApplyStep {
  readonly stack: string;
  /** `administrator` (bootstrap, docs/bootstrap.md) or `pipeline` (`npm run apply`). */
  readonly by: "administrator" | "pipeline";
  readonly why: string;
}

export interface ApplyOrder {
  readonly steps: readonly ApplyStep[];
  /** Stacks with nothing to apply. */
  readonly unchanged: readonly string[];
  /** Things to do outside the plan (destroy a removed app's stack first, ...). */
  readonly notes: readonly string[];
}

/** Resource types whose removal or change releases a name another app may claim. */
const RELEASES: Record<string, string> = {
  aws_apigatewayv2_api_mapping: "a base path",
  aws_lb_listener: "an ingress port",
};
const ROLE = /^aws_iam_role\.workload-(\d{12})-deployer/;
const TYPE = (address: string) => address.replace(/^module\.[^.]+\./, "").split(".")[0];

const changed = (s: StackReport) => (s.changes?.length ?? 0) > 0 || s.status === "blocked";
const only = (s: StackReport, kind: PlannedChange["kind"]) => (s.changes ?? []).filter((c) => c.kind === kind);

/** What the stack releases (base path, ingress port) before the others may claim it. */
function releases(s: StackReport): string[] {
  const out = new Set<string>();
  for (const c of s.changes ?? []) {
    const what = RELEASES[TYPE(c.address)];
    if (what && c.kind !== "create") out.add(what);
  }
  return [...out];
}

/** Orders the stacks of one plan run (see the module comment). */
export function applyOrder(report: Pick<RunReport, "stacks">): ApplyOrder {
  const stacks = report.stacks;
  const steps: ApplyStep[] = [];
  const notes: string[] = [];
  const bootstrap = stacks.find((s) => s.role === "bootstrap" && changed(s));
  const newAccounts = bootstrap ? [...new Set(only(bootstrap, "create").map((c) => ROLE.exec(c.address)?.[1]).filter((a): a is string => !!a))] : [];
  const goneAccounts = bootstrap ? [...new Set(only(bootstrap, "delete").map((c) => ROLE.exec(c.address)?.[1]).filter((a): a is string => !!a))] : [];
  const bootstrapFirst = bootstrap && (bootstrap.changes ?? []).some((c) => c.kind !== "delete");

  if (bootstrap && bootstrapFirst) {
    steps.push({
      stack: bootstrap.stack,
      by: "administrator",
      why: newAccounts.length ? `first: creates the deploy role in new account${newAccounts.length > 1 ? "s" : ""} ${newAccounts.join(", ")}` : "first: the other stacks run as the roles it manages",
    });
  }
  for (const s of stacks.filter((x) => x.role === "platform" && changed(x))) {
    steps.push({ stack: s.stack, by: "pipeline", why: "the shared edge and the SSM contract the apps read" });
  }
  const apps = stacks.filter((s) => s.role === "app" && changed(s));
  const releasing = apps.filter((s) => releases(s).length);
  for (const s of releasing) steps.push({ stack: s.stack, by: "pipeline", why: `releases ${releases(s).join(" and ")}: before the apps that may claim it` });
  for (const s of apps.filter((x) => !releasing.includes(x))) {
    const created = only(s, "create").length;
    const fresh = s.status === "blocked" || (created > 0 && created === (s.changes ?? []).length);
    steps.push({ stack: s.stack, by: "pipeline", why: s.status === "blocked" ? "after the platform (its contract is not in SSM yet)" : fresh ? "new stack" : "changes" });
  }
  if (bootstrap && !bootstrapFirst) {
    steps.push({
      stack: bootstrap.stack,
      by: "administrator",
      why: goneAccounts.length ? `last: removes the deploy role of account${goneAccounts.length > 1 ? "s" : ""} ${goneAccounts.join(", ")}` : "last: it only removes",
    });
  }
  if (newAccounts.length) {
    notes.push(`the app stacks in ${newAccounts.join(", ")} plan cleanly only once ${bootstrap!.stack} is applied (their deploy role does not exist before)`);
  }
  if (goneAccounts.length) {
    notes.push(
      `account${goneAccounts.length > 1 ? "s" : ""} ${goneAccounts.join(", ")} left the environment: destroy the app stacks that ran there before applying ${bootstrap!.stack} (README "Removing an app")`,
    );
  }
  const inSteps = new Set(steps.map((s) => s.stack));
  return { steps, unchanged: stacks.filter((s) => !inSteps.has(s.stack) && s.status !== "failed" && s.status !== "skipped").map((s) => s.stack), notes };
}

/** The apply order as lines for the terminal (printed by `npm run plan`). */
export function formatApplyOrder(report: Pick<RunReport, "stacks" | "environment">): string {
  const order = applyOrder(report);
  if (!order.steps.length) return `\napply order (${report.environment}): nothing to apply`;
  const width = Math.max(...order.steps.map((s) => s.stack.length));
  const lines = [`\napply order (${report.environment}):`];
  order.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s.stack.padEnd(width)}  ${s.by === "administrator" ? "administrator (docs/bootstrap.md)" : "npm run apply"}: ${s.why}`));
  if (order.unchanged.length) lines.push(`  unchanged: ${order.unchanged.join(", ")}`);
  for (const n of order.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
