/** Printing the quota report of one environment (config/quotas.ts): headroom per quota, warnings with what to raise. */
import { QUOTAS, WARN_AT, type QuotaCheck } from "../config/quotas";
import { table } from "../cli";

const n = (v: number) => v.toLocaleString("en-US");

/** The headroom table plus one line per warning or error. */
export function quotaTable(environment: string, checks: readonly QuotaCheck[]): string {
  const rows = checks.map((c) => {
    const q = QUOTAS[c.id];
    const headroom = c.limit - c.used;
    return [q.name, q.scope, n(c.used), `${n(c.limit)}${c.raised ? " (raised)" : ""}`, headroom >= 0 ? `${n(headroom)} (${Math.round((headroom / c.limit) * 100)} %)` : `-${n(-headroom)}`, q.adjustable ? "yes" : "no", c.status === "ok" ? "ok" : c.status.toUpperCase()] as const;
  });
  const out = [`AWS quotas of ${environment} (largest use per scope; sources: config/quotas.ts):`, table(["quota", "scope", "used", "limit", "headroom", "adjustable", "status"], rows)];
  for (const c of checks.filter((x) => x.status !== "ok")) out.push(`  ${c.status}: ${c.id}: ${c.message}`);
  return out.join("\n");
}

/** The rows a person must see: within WARN_AT of a limit, above an adjustable default, over a limit, or a declared raise. */
export function quotasThatMatter(checks: readonly QuotaCheck[]): QuotaCheck[] {
  return checks.filter((c) => c.status !== "ok" || c.raised);
}

/**
 * What `npm run synth` prints per environment: one line while every quota is comfortably below its
 * limit (the fullest one named), otherwise the rows that matter and their warnings. The full table
 * is behind `--quotas` and in `<outdir>/quotas.md`.
 */
export function quotaSummary(environment: string, checks: readonly QuotaCheck[], fullTable: string): string {
  const matter = quotasThatMatter(checks);
  const fullest = [...checks].sort((a, b) => b.used / b.limit - a.used / a.limit)[0];
  const pct = (c: QuotaCheck) => `${Math.round((c.used / c.limit) * 100)} %`;
  if (!matter.length) {
    const head = fullest ? `, fullest: ${QUOTAS[fullest.id].name} ${pct(fullest)} (${n(fullest.used)} of ${n(fullest.limit)})` : "";
    return `quotas of ${environment}: ${checks.length} checked, all below ${Math.round(WARN_AT * 100)} % of their limits${head} — full table: ${fullTable}`;
  }
  const rows = matter.map((c) => [QUOTAS[c.id].name, QUOTAS[c.id].scope, n(c.used), `${n(c.limit)}${c.raised ? " (raised)" : ""}`, pct(c), c.status === "ok" ? "ok" : c.status.toUpperCase()] as const);
  const out = [`quotas of ${environment}: ${matter.length} of ${checks.length} need attention (full table: ${fullTable}):`, table(["quota", "scope", "used", "limit", "use", "status"], rows)];
  for (const c of matter.filter((x) => x.status !== "ok")) out.push(`  ${c.status}: ${c.id}: ${c.message}`);
  for (const c of matter.filter((x) => x.raised)) out.push(`  raised: ${c.id} to ${n(c.raised!.limit)}: ${c.raised!.reason}`);
  return out.join("\n");
}
