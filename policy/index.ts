/**
 * The policy pack: checks synthesized Terraform JSON (cdktf stacks) against the project's
 * security and reliability rules, each mirroring Security Hub / checkov / trivy / cdk-nag checks
 * (see README.md in this folder). The synth pipeline calls `runPolicyPack` and fails on errors.
 */
import type { Finding, PolicyContext, PolicyResult, Rule, Suppression, SynthStack } from "./types";
import { RULES } from "./rules";
import { StackView } from "./stack-view";
import { globToRegExp } from "./lib/values";

export type { Finding, PolicyContext, PolicyResult, Rule, RuleFinding, Severity, Suppression, SynthStack } from "./types";
export { StackView } from "./stack-view";
export type { ResourceRef, TfReference } from "./stack-view";
export { RULES };
export { WILDCARD_REASON_SID } from "./lib/policy-doc";

interface CompiledSuppression {
  readonly source: Suppression;
  readonly rule: RegExp;
  readonly stack: RegExp;
  readonly resource: RegExp;
  used: boolean;
}

/** Validates suppressions; throws on an empty reason or a malformed resource pattern. */
export function validateSuppressions(suppressions: readonly Suppression[]): void {
  compile(suppressions);
}

function compile(suppressions: readonly Suppression[]): CompiledSuppression[] {
  return suppressions.map((s, i) => {
    const where = `suppression #${i + 1} (${JSON.stringify(s?.rule)} on ${JSON.stringify(s?.resource)})`;
    if (!s || typeof s.rule !== "string" || s.rule.trim() === "") throw new Error(`${where}: rule is required`);
    if (typeof s.reason !== "string" || s.reason.trim() === "") throw new Error(`${where}: a non-empty reason is required`);
    if (typeof s.resource !== "string") throw new Error(`${where}: resource is required`);
    const slash = s.resource.indexOf("/");
    if (slash <= 0 || slash === s.resource.length - 1) throw new Error(`${where}: resource must look like "<stack>/<type>.<logicalId>" or "<stack>/stack" ("*" allowed in each part)`);
    return {
      source: s,
      rule: globToRegExp(s.rule.trim()),
      stack: globToRegExp(s.resource.slice(0, slash)),
      resource: globToRegExp(s.resource.slice(slash + 1)),
      used: false,
    };
  });
}

/** Runs the rules over a stack set. `rules` defaults to every registered rule. */
export function runPolicyPack(
  stacks: readonly SynthStack[],
  ctx: PolicyContext,
  suppressions: readonly Suppression[] = [],
  rules: readonly Rule[] = RULES,
): PolicyResult {
  const compiled = compile(suppressions);
  const findings: Finding[] = [];
  const suppressed: { finding: Finding; reason: string }[] = [];
  for (const stack of stacks) {
    const view = new StackView(stack.name, stack.json);
    for (const rule of rules) {
      let raw;
      try {
        raw = rule.check(view, ctx);
      } catch (e) {
        raw = [{ resource: "stack", message: `rule failed to run: ${e instanceof Error ? e.message : String(e)}`, severity: "error" as const }];
      }
      for (const r of raw) {
        const finding: Finding = {
          ruleId: rule.id,
          severity: r.severity ?? rule.severity,
          stack: stack.name,
          resource: r.resource,
          ...(r.constructPath ? { constructPath: r.constructPath } : {}),
          message: r.message,
          mirrors: rule.mirrors,
        };
        const match = compiled.find((s) => s.rule.test(finding.ruleId) && s.stack.test(finding.stack) && s.resource.test(finding.resource));
        if (match) {
          match.used = true;
          suppressed.push({ finding, reason: match.source.reason });
        } else findings.push(finding);
      }
    }
  }
  const rank = (f: Finding) => (f.severity === "error" ? 0 : 1);
  findings.sort((a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack) || a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource));
  return { findings, suppressed, unusedSuppressions: compiled.filter((s) => !s.used).map((s) => s.source) };
}

/** True when the result has an unsuppressed error (the synth should fail). */
export function hasErrors(result: PolicyResult): boolean {
  return result.findings.some((f) => f.severity === "error");
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.min(Math.max(...rows.map((r) => r[i].length)), i === rows[0].length - 1 ? 120 : 60));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** Human-readable summary for the synth output. */
export function formatFindings(result: PolicyResult): string {
  const errors = result.findings.filter((f) => f.severity === "error").length;
  const warnings = result.findings.length - errors;
  const lines: string[] = [];
  if (result.findings.length > 0) {
    lines.push(
      table([
        ["SEVERITY", "RULE", "STACK", "RESOURCE", "MESSAGE"],
        ...result.findings.map((f) => [f.severity.toUpperCase(), f.ruleId, f.stack, f.resource, `${f.message}${f.constructPath ? ` [${f.constructPath}]` : ""} (mirrors ${f.mirrors.join(", ")})`]),
      ]),
    );
  }
  if (result.suppressed.length > 0) {
    lines.push("", "Suppressed:");
    for (const s of result.suppressed) lines.push(`  ${s.finding.ruleId}  ${s.finding.stack}/${s.finding.resource}  — ${s.reason}`);
  }
  if (result.unusedSuppressions.length > 0) {
    lines.push("", "Unused suppressions (matched nothing; remove them):");
    for (const s of result.unusedSuppressions) lines.push(`  ${s.rule}  ${s.resource}  — ${s.reason}`);
  }
  lines.push(
    "",
    `Policy pack: ${errors} error(s), ${warnings} warning(s), ${result.suppressed.length} suppressed, ${result.unusedSuppressions.length} unused suppression(s).`,
  );
  return lines.join("\n").replace(/^\n/, "");
}
