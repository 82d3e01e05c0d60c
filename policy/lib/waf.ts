/** WAFv2 web ACL helpers: rules (as blocks), statements found at any depth, action kinds. */
import { block, blocks } from "./values";

export function aclRules(config: Record<string, any>): Record<string, any>[] {
  return blocks(config.rule);
}

/** Every object under `key` anywhere inside `value` (statements nest through and/or/not/scope-down). */
export function findDeep(value: unknown, key: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        if (k === key) out.push(...blocks(child));
        visit(child);
      }
    }
  };
  visit(value);
  return out;
}

/** The single key of an action block: `allow`, `block`, `count`, `captcha`, `challenge`, `none`. */
export function actionKind(value: unknown): string | undefined {
  const b = block(value);
  if (!b) return undefined;
  return Object.keys(b).find((k) => ["allow", "block", "count", "captcha", "challenge", "none"].includes(k));
}

/** Managed rule group statements of a rule (top level of its statement). */
export function managedGroups(rule: Record<string, any>): Record<string, any>[] {
  return findDeep(rule.statement, "managed_rule_group_statement");
}

export function isGroupRule(rule: Record<string, any>): boolean {
  const s = block(rule.statement) ?? {};
  return !!(s.managed_rule_group_statement || s.rule_group_reference_statement);
}
