/**
 * Helpers to read Terraform JSON values as cdktf writes them: blocks as an object when single
 * or an array when repeated, booleans and numbers sometimes as strings, and any value possibly a
 * `${...}` interpolation that is only known at plan time.
 */

/** A nested block (or list of blocks) as an array of objects; `[]` when absent. */
export function blocks(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v));
}

/** The first block of a nested block, or undefined. */
export function block(value: unknown): Record<string, any> | undefined {
  return blocks(value)[0];
}

/** A list attribute as an array (single values wrapped); `[]` when absent. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** True when the value is a string that contains a Terraform interpolation. */
export function isToken(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** True when the whole string is one `${...}` interpolation. */
export function isPureToken(value: unknown): boolean {
  if (typeof value !== "string" || !value.startsWith("${") || !value.endsWith("}")) return false;
  const spans = interpolations(value);
  return spans.length === 1 && spans[0].start === 0 && spans[0].end === value.length;
}

export interface Interpolation {
  readonly start: number;
  readonly end: number;
  /** The expression inside `${` and `}`. */
  readonly expression: string;
}

/** Every `${...}` span of a string (brace-balanced; `$${` escapes are skipped). */
export function interpolations(value: string): Interpolation[] {
  const out: Interpolation[] = [];
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf("${", i);
    if (at < 0) break;
    if (at > 0 && value[at - 1] === "$") {
      i = at + 2;
      continue;
    }
    let depth = 0;
    let j = at + 1;
    let inString = false;
    for (; j < value.length; j++) {
      const c = value[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}") {
        depth--;
        if (depth === 0) break;
      }
    }
    const end = Math.min(j + 1, value.length);
    out.push({ start: at, end, expression: value.slice(at + 2, end - 1) });
    i = end;
  }
  return out;
}

/** The string with every interpolation removed (what is known at synth time). */
export function literalPart(value: string): string {
  let out = "";
  let last = 0;
  for (const span of interpolations(value)) {
    out += value.slice(last, span.start);
    last = span.end;
  }
  return out + value.slice(last);
}

export type Tri = true | false | "unknown" | undefined;

/** A boolean attribute: true/false (also as strings), "unknown" for an interpolation, undefined when absent. */
export function bool(value: unknown): Tri {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  if (isToken(value)) return "unknown";
  return undefined;
}

/** A number attribute: a number (also from a numeric string), "unknown" for an interpolation, undefined when absent. */
export function num(value: unknown): number | "unknown" | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    if (isToken(value)) return "unknown";
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A string attribute's value when it is a literal (no interpolation); undefined otherwise. */
export function literal(value: unknown): string | undefined {
  return typeof value === "string" && !isToken(value) ? value : undefined;
}

/** True when the value is absent or an empty string / empty list / empty object. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value as object).length === 0;
  return false;
}

/** Simple glob: `*` matches any run of characters (including none); everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}
