/**
 * Attribute-level plan text, as `terraform show <planfile>` prints it (sensitive values masked by
 * terraform itself, JSON documents such as IAM policies rendered as `jsonencode(...)` with a
 * structured diff, not two escaped strings), split into one block per resource.
 */

export interface PlanBlock {
  readonly address: string;
  /** "created", "updated in-place", "destroyed", "replaced", "read", ... as terraform words it */
  readonly action: string;
  readonly text: string;
}

/** The per-resource blocks of `terraform show` text (`  # <address> will be <action>`). */
export function planBlocks(text: string): PlanBlock[] {
  const clean = text.replace(/\x1b\[[0-9;]*m/g, "");
  const start = clean.search(/^\s+# \S+ (will|must) be /m);
  if (start < 0) return [];
  const body = clean.slice(start).split(/^Plan: /m)[0];
  return body
    .split(/\n(?=\s+# \S+ (?:will|must) be )/)
    .map((b) => b.replace(/\n+$/, ""))
    .filter((b) => b.trim())
    .map((b) => {
      const m = /# (\S+) (?:will|must) be (.+)$/m.exec(b);
      return { address: m?.[1] ?? "?", action: (m?.[2] ?? "").replace(/^(replaced|created|destroyed|updated in-place|read during apply).*$/, "$1"), text: b.replace(/^ {2}/gm, "") };
    });
}

/**
 * What the console shows: every block except plain creations (a fresh environment would print
 * thousands of lines; they are listed by address in the report), each change attribute by attribute.
 */
export function consolePlanText(blocks: readonly PlanBlock[], max = 400): string[] {
  const shown = blocks.filter((b) => b.action !== "created");
  const lines = shown.flatMap((b) => b.text.split("\n"));
  const created = blocks.length - shown.length;
  const out = lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more lines in the report`] : lines;
  if (created && shown.length) out.push(`(+ ${created} resource(s) to create, listed in the report)`);
  return out;
}
