/** Printing the quota report of one environment (config/quotas.ts): headroom per quota, warnings with what to raise. */
import { QUOTAS, type QuotaCheck } from "../config/quotas";
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
