/**
 * Which platform ingress shard (internal NLB + its REST API VPC link) serves an app.
 *
 * An NLB has at most 50 listeners (a quota that cannot be raised), and every app with a private
 * ALB backend owns one listener (its `ingressPort`). So the platform builds one NLB + VPC link per
 * `network.ingressShardSize` ports of `network.ingressPorts`:
 *
 *     shard = floor((ingressPort - ingressPorts.from) / ingressShardSize)
 *
 * The shard follows from the app's own, stable port alone: adding or removing another app never
 * moves an app to another shard. Only an app whose port opens a shard nobody used yet changes the
 * platform stack (a new NLB and VPC link); `npm run plan` says so.
 */
import type { Environment } from "./schema";

/** Default and maximum shard size: "Listeners per Network Load Balancer" is 50 and cannot be raised. */
export const MAX_LISTENERS_PER_NLB = 50;

type ShardEnv = { readonly network: Pick<Environment["network"], "ingressPorts" | "ingressShardSize"> };

/** The shard of one ingress port. */
export function ingressShardOf(env: ShardEnv, ingressPort: number): number {
  const { from } = env.network.ingressPorts;
  const size = env.network.ingressShardSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_LISTENERS_PER_NLB) throw new Error(`network.ingressShardSize must be 1-${MAX_LISTENERS_PER_NLB} (got ${size})`);
  if (ingressPort < from) throw new Error(`ingressPort ${ingressPort} is below network.ingressPorts.from ${from}`);
  return Math.floor((ingressPort - from) / size);
}

/**
 * Ingress ports in use (apps without one — non-ALB backends — need no listener and no shard).
 * Ports outside `network.ingressPorts` are a configuration error reported by validation; they are
 * left out here so the quota checks can still run alongside it.
 */
function ports(env: ShardEnv & { readonly apps: readonly { readonly ingressPort?: number }[] }): number[] {
  const { from, to } = env.network.ingressPorts;
  return env.apps.map((a) => a.ingressPort).filter((p): p is number => typeof p === "number" && p >= from && p <= to);
}

/**
 * The shards the platform builds: shard 0 always (today's single NLB, so an environment without
 * apps keeps its ingress and existing state stays where it is), plus every shard an app's port
 * falls in. Sorted.
 */
export function ingressShards(env: ShardEnv & { readonly apps: readonly { readonly ingressPort?: number }[] }): number[] {
  return [...new Set([0, ...ports(env).map((p) => ingressShardOf(env, p))])].sort((a, b) => a - b);
}

/** Listeners per shard: shard -> number of apps on it. */
export function listenersPerShard(env: ShardEnv & { readonly apps: readonly { readonly ingressPort?: number }[] }): Map<number, number> {
  const out = new Map<number, number>(ingressShards(env).map((s) => [s, 0]));
  for (const p of ports(env)) {
    const s = ingressShardOf(env, p);
    out.set(s, (out.get(s) ?? 0) + 1);
  }
  return out;
}

/** SSM contract key of a per-shard value: `ingress/shard-<n>/vpc-link-id`. */
export function shardContractKey(shard: number, key: "vpc-link-id" | "nlb-arn"): string {
  return `ingress/shard-${shard}/${key}`;
}

/** Mermaid node id of a shard's VPC link / NLB in the topology docs: shard 0 keeps the plain id. */
export function shardNodeId(base: "vpclink" | "pnlb", shard: number): string {
  return shard === 0 ? base : `${base}_${shard}`;
}
