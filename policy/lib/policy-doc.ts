/**
 * IAM-style policy documents normalized from the two forms the stacks use:
 *  - a literal JSON string (`JSON.stringify({...})`, may contain `${...}` inside string values);
 *  - a reference to a `data.aws_iam_policy_document.<name>.json` in the same stack.
 * Anything else (e.g. `${jsonencode({...})}`, `${file(...)}`) is "opaque": not inspectable.
 */
import type { StackView } from "../stack-view";
import { blocks, isPureToken, isToken, list } from "./values";

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser` or `*` (the bare `"Principal": "*"`). */
  readonly type: string;
  readonly id: string;
}

export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: string[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** Empty when the statement has no Principal (identity policies). */
  readonly principals: Principal[];
  readonly notPrincipals: Principal[];
  readonly conditions: Condition[];
}

export interface PolicyDocument {
  readonly statements: Statement[];
  /** Where the document came from. */
  readonly source: "json" | "data";
  /** Size of the literal JSON (for size limits); undefined for data sources. */
  readonly size?: number;
}

export type PolicyRead = { kind: "absent" } | { kind: "opaque"; reason: string } | { kind: "doc"; doc: PolicyDocument };

const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");

function principalsFromJson(p: unknown): Principal[] {
  if (p === undefined || p === null) return [];
  if (typeof p === "string") return [{ type: p === "*" ? "*" : "AWS", id: p }];
  if (typeof p === "object") {
    const out: Principal[] = [];
    for (const [type, ids] of Object.entries(p as Record<string, unknown>)) for (const id of strings(ids)) out.push({ type, id });
    return out;
  }
  return [];
}

function conditionsFromJson(c: unknown): Condition[] {
  if (!c || typeof c !== "object") return [];
  const out: Condition[] = [];
  for (const [test, vars] of Object.entries(c as Record<string, unknown>)) {
    if (!vars || typeof vars !== "object") continue;
    for (const [variable, values] of Object.entries(vars as Record<string, unknown>)) {
      out.push({ test, variable, values: list(values).map((v) => String(v)) });
    }
  }
  return out;
}

function fromJson(doc: any, size: number): PolicyDocument {
  const stmts = list(doc?.Statement).filter((s): s is Record<string, any> => !!s && typeof s === "object");
  return {
    source: "json",
    size,
    statements: stmts.map((s) => ({
      sid: typeof s.Sid === "string" ? s.Sid : undefined,
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      principals: principalsFromJson(s.Principal),
      notPrincipals: principalsFromJson(s.NotPrincipal),
      conditions: conditionsFromJson(s.Condition),
    })),
  };
}

function principalsFromData(v: unknown): Principal[] {
  const out: Principal[] = [];
  for (const b of blocks(v)) {
    const type = typeof b.type === "string" ? b.type : "AWS";
    for (const id of strings(b.identifiers)) out.push({ type, id });
  }
  return out;
}

function fromData(config: Record<string, any>): PolicyDocument {
  return {
    source: "data",
    statements: blocks(config.statement).map((s) => ({
      sid: typeof s.sid === "string" ? s.sid : undefined,
      effect: s.effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principals: principalsFromData(s.principals),
      notPrincipals: principalsFromData(s.not_principals),
      conditions: blocks(s.condition).map((c) => ({
        test: String(c.test ?? ""),
        variable: String(c.variable ?? ""),
        values: list(c.values).map((x) => String(x)),
      })),
    })),
  };
}

/** Reads a policy attribute (`policy`, `assume_role_policy`, ...) of a resource in `view`. */
export function readPolicy(view: StackView, value: unknown): PolicyRead {
  if (value === undefined || value === null || value === "") return { kind: "absent" };
  if (typeof value === "object") return { kind: "doc", doc: fromJson(value, JSON.stringify(value).length) };
  if (typeof value !== "string") return { kind: "opaque", reason: "not a string" };
  if (isPureToken(value)) {
    const ref = view.refsIn(value).find((r) => r.mode === "data" && r.type === "aws_iam_policy_document");
    const data = ref ? view.dataSource(ref.type, ref.name) : undefined;
    if (data && /^\$\{\s*data\.aws_iam_policy_document\.[A-Za-z0-9_-]+\.(json|minified_json)\s*\}$/.test(value)) {
      if (data.config.source_policy_documents || data.config.override_policy_documents) {
        return { kind: "opaque", reason: `${data.address} merges other documents` };
      }
      return { kind: "doc", doc: fromData(data.config) };
    }
    return { kind: "opaque", reason: `computed at plan time (${value.slice(0, 60)}${value.length > 60 ? "…" : ""})` };
  }
  try {
    return { kind: "doc", doc: fromJson(JSON.parse(value), value.length) };
  } catch {
    return { kind: "opaque", reason: isToken(value) ? "interpolated, not literal JSON" : "not valid JSON" };
  }
}

/** `*` principal (bare or `{"AWS": "*"}`). */
export function isAnyPrincipal(p: Principal): boolean {
  return p.id === "*" && (p.type === "*" || p.type === "AWS");
}

/** Whole-account principal: `arn:<partition>:iam::<12 digits>:root` or a bare 12-digit account id. */
export function isAccountPrincipal(p: Principal): boolean {
  return p.type === "AWS" && (/^arn:[a-z-]+:iam::\d{12}:root$/.test(p.id) || /^\d{12}$/.test(p.id));
}

/** Conditions on one variable (case-insensitive name match). */
export function conditionsOn(s: Statement, variable: string | RegExp): Condition[] {
  return s.conditions.filter((c) => (typeof variable === "string" ? c.variable.toLowerCase() === variable.toLowerCase() : variable.test(c.variable)));
}

/**
 * The wildcard-reason convention: a statement that needs a wildcard (in Resource, or a
 * service-wide `svc:*` action) says why in its Sid: `WildcardReason<WhyInPascalCase>`, at least
 * 8 characters after the prefix (Sids allow only letters and digits).
 */
export const WILDCARD_REASON_SID = /^WildcardReason[A-Za-z0-9]{8,}$/;

export function hasWildcardReason(s: Statement): boolean {
  return !!s.sid && WILDCARD_REASON_SID.test(s.sid);
}
