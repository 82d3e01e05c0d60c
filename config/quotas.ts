/**
 * Every AWS quota the design consumes, and what one environment uses of each.
 *
 * moto enforces none of these; AWS refuses at apply time (often halfway through an
 * environment). So the usage is computed here — from the validated environment, and for policy
 * and parameter sizes from the synthesized stacks — and checked before anything is written:
 *  - a quota that cannot be raised and is exceeded is a configuration error naming the field
 *    that drives it (`apps`) and the quota;
 *  - an adjustable quota above 80 % of its limit (or above AWS's default) is a warning naming
 *    the quota to raise; once raised, declare it in the environment (`quotas:`) with a reason
 *    and the checks use the raised limit (exceeding a declared limit is an error).
 *
 * Defaults, adjustability and sources: the AWS quota pages named in `source` (checked 2026-12).
 */
import { isPrivateApp } from "./private-apis";
import type { Environment } from "./schema";
import type { ConfigProblem } from "./problem";
import { ingressShards, listenersPerShard, MAX_LISTENERS_PER_NLB } from "./ingress-shards";
import { QUOTAS, type QuotaDefinition, type QuotaId } from "./quota-catalogue";

export { QUOTAS, QUOTA_IDS, type QuotaDefinition, type QuotaId } from "./quota-catalogue";


/** Above this share of the limit an adjustable quota is reported with a warning. */
export const WARN_AT = 0.8;

/** WCUs of the rules modules/web-acl.ts builds (AWS managed rule groups list: capacity per group). */
export const WAF_RULE_WCU: Readonly<Record<string, number>> = {
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
  "rate-limit-per-ip": 2,
  "allow-listed-ips": 1,
  "block-listed-ips": 1,
  "block-countries": 1,
};
const MANAGED_GROUPS = ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"];

export interface QuotaUsage {
  readonly id: QuotaId;
  /** The largest use of the quota in the environment (per scope: the fullest NLB, role, ...). */
  readonly used: number;
  /** The limit that applies: a declared raise, else AWS's default. */
  readonly limit: number;
  /** Where the largest use is (account, NLB, stack/resource). */
  readonly where: string;
  /** The configuration field that drives the use. */
  readonly field: string;
  /** Set when the environment declared a raised limit. */
  readonly raised?: { readonly limit: number; readonly reason: string };
}

export type QuotaStatus = "ok" | "warning" | "error";

export interface QuotaCheck extends QuotaUsage {
  readonly status: QuotaStatus;
  readonly message?: string;
}

type MinimalApp = {
  readonly name: string;
  readonly account: string;
  readonly basePath: string;
  readonly ingressPort?: number;
  readonly api?: "rest" | "http";
  readonly routes: readonly { readonly path: string; readonly public?: unknown }[];
  readonly usagePlans: readonly { readonly apiKeys: readonly string[] }[];
};

function limitOf(env: Environment, id: QuotaId): { limit: number; raised?: { limit: number; reason: string } } {
  const raised = (env.quotas as Partial<Record<QuotaId, { limit: number; reason: string }>> | undefined)?.[id];
  return raised ? { limit: raised.limit, raised } : { limit: QUOTAS[id].default };
}

/** REST API resources an app's routes create: every path prefix, the root included. */
export function restApiResources(routes: readonly { readonly path: string }[]): number {
  const paths = new Set<string>(["/"]);
  for (const r of routes) {
    const segs = r.path.split("/").filter(Boolean);
    for (let i = 1; i <= segs.length; i++) paths.add(`/${segs.slice(0, i).join("/")}`);
  }
  return paths.size;
}

/** Capacity of the environment's web ACL as modules/web-acl.ts builds it. */
export function webAclCapacity(env: Pick<Environment, "edge">): number {
  const waf = env.edge.waf;
  let wcu = MANAGED_GROUPS.reduce((n, g) => n + WAF_RULE_WCU[g], 0) + WAF_RULE_WCU["rate-limit-per-ip"];
  if (waf.allowCidrs.length) wcu += WAF_RULE_WCU["allow-listed-ips"];
  if (waf.blockCidrs.length) wcu += WAF_RULE_WCU["block-listed-ips"];
  if (waf.blockedCountries.length) wcu += WAF_RULE_WCU["block-countries"];
  return wcu;
}

function maxBy<T>(items: readonly T[], f: (t: T) => number): { item?: T; value: number } {
  let best: T | undefined;
  let value = 0;
  for (const i of items) {
    const v = f(i);
    if (best === undefined || v > value) {
      best = i;
      value = v;
    }
  }
  return { item: best, value };
}

/** What the environment uses of every quota that follows from its configuration. */
export function configQuotaUsage(env: Environment): QuotaUsage[] {
  const apps = env.apps as readonly MinimalApp[];
  const shared = env.accounts.sharedServices;
  const withIngress = apps.filter((a) => typeof a.ingressPort === "number");
  const use = (id: QuotaId, used: number, where: string, field: string): QuotaUsage => ({ id, used, where, field, ...limitOf(env, id) });
  const out: QuotaUsage[] = [];

  // --- private ingress (shared-services account, platform VPC)
  const perShard = listenersPerShard(env);
  const fullest = maxBy([...perShard], ([, n]) => n);
  out.push(use("nlbListenersPerNlb", fullest.value, `platform ingress shard ${fullest.item?.[0] ?? 0}`, "network.ingressShardSize"));
  const shards = ingressShards(env).length;
  // Each app's own NLB lives in its workload account.
  const perWorkload = new Map<string, number>();
  for (const a of withIngress) perWorkload.set(a.account, (perWorkload.get(a.account) ?? 0) + 1);
  const busiest = maxBy([...perWorkload], ([, n]) => n);
  out.push(busiest.value > shards ? use("nlbsPerRegion", busiest.value, `workload account ${busiest.item![0]} (one NLB per app)`, "apps") : use("nlbsPerRegion", shards, `shared-services account ${shared} (one NLB per ingress shard)`, "apps"));
  out.push(use("targetGroupsPerRegion", withIngress.length, `shared-services account ${shared} (one ip target group per app)`, "apps"));
  out.push(use("interfaceEndpointsPerVpc", withIngress.length, `platform VPC ${env.network.vpcId} (one interface endpoint per app)`, "apps"));
  out.push(use("vpcLinksPerRegion", shards, `shared-services account ${shared} (one VPC link per ingress shard)`, "apps"));

  // --- API Gateway (shared-services account, the one custom domain)
  // private apps count against their own quota (REST API quotas: "Private APIs per account per Region")
  const privateApps = apps.filter((a) => isPrivateApp(env, a)).length;
  out.push(use("regionalApisPerRegion", apps.length - privateApps, `shared-services account ${shared} (one REST or HTTP API per public app; counted together, conservatively: the HTTP API quota page lists no API count of its own)`, "apps"));
  out.push(use("privateApisPerRegion", privateApps, `shared-services account ${shared} (one REST API per private app)`, "apps"));
  const associations = env.privateApis?.domain ? env.privateApis.endpoints.filter((e) => e.account === shared).length : 0;
  out.push(use("accessAssociationsPerAccount", associations, `shared-services account ${shared} (one per endpoint there on the private domain)`, "privateApis.endpoints"));
  out.push(use("multiLevelMappingsPerDomain", apps.filter((a) => a.basePath.includes("/")).length, `domain ${env.domain.name}`, "apps"));
  const biggest = maxBy(apps.map((a, i) => ({ a, i })).filter(({ a }) => a.api !== "http"), ({ a }) => restApiResources(a.routes));
  out.push(use("resourcesPerApi", biggest.value, biggest.item ? `REST API of ${biggest.item.a.name}` : "no apps", biggest.item ? `apps[${biggest.item.i}].routes` : "apps"));
  const plans = apps.reduce((n, a) => n + a.usagePlans.length, 0);
  out.push(use("usagePlansPerAccount", plans, `shared-services account ${shared}`, "apps"));
  const keys = apps.reduce((n, a) => n + a.usagePlans.reduce((m, p) => m + p.apiKeys.length, 0), 0);
  out.push(use("apiKeysPerAccount", keys, `shared-services account ${shared}`, "apps"));

  // --- HTTP APIs: one route per configured route; one integration (two for a VPC-link app: public and protected routes); one VPC link v2 per VPC-link app
  const http = apps.map((a, i) => ({ a, i })).filter(({ a }) => a.api === "http");
  const mostRoutes = maxBy(http, ({ a }) => a.routes.length);
  out.push(use("httpRoutesPerApi", mostRoutes.value, mostRoutes.item ? `HTTP API of ${mostRoutes.item.a.name}` : "no HTTP API apps", mostRoutes.item ? `apps[${mostRoutes.item.i}].routes` : "apps"));
  const integrations = maxBy(http, ({ a }) => (typeof a.ingressPort === "number" ? 2 : 1));
  out.push(use("httpIntegrationsPerApi", integrations.value, integrations.item ? `HTTP API of ${integrations.item.a.name}` : "no HTTP API apps", integrations.item ? `apps[${integrations.item.i}].backend` : "apps"));
  out.push(use("httpVpcLinksPerRegion", http.filter(({ a }) => typeof a.ingressPort === "number").length, `shared-services account ${shared} (one VPC link v2 per HTTP API app with an ALB backend)`, "apps"));

  // --- WAF
  out.push(use("webAclCapacity", webAclCapacity(env), `web ACL ${env.orgPrefix}-${env.name}`, "edge.waf"));
  const allow = env.edge.waf.allowCidrs.length;
  const block = env.edge.waf.blockCidrs.length;
  out.push(allow >= block ? use("ipSetAddresses", allow, "allow IP set", "edge.waf.allowCidrs") : use("ipSetAddresses", block, "block IP set", "edge.waf.blockCidrs"));

  return out;
}

// ---------------------------------------------------------------- synthesized documents

/** A synthesized stack: its name and parsed cdk.tf.json. */
export interface SynthesizedStackJson {
  readonly name: string;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** IAM's size: characters of the document without whitespace. */
export function iamPolicyChars(doc: string): number {
  return doc.replace(/\s+/g, "").length;
}

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const resourcesOf = (s: SynthesizedStackJson, type: string): [string, Res][] => Object.entries<Res>(s.json?.resource?.[type] ?? {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** One measured policy document or parameter value of the synthesized stacks. */
export interface DocumentSize {
  readonly quota: QuotaId;
  readonly size: number;
  /** `<stack>/<type>.<logicalId>` (or the role for per-role aggregates). */
  readonly where: string;
}

/**
 * Sizes of every IAM policy, role, REST API resource policy and SSM parameter value in the
 * synthesized stacks. Terraform references (`${...}`) are measured as written — close to, not
 * exactly, the resolved value.
 */
export function documentSizes(stacks: readonly SynthesizedStackJson[]): DocumentSize[] {
  const out: DocumentSize[] = [];
  // function name -> bytes, across the stacks (app stacks add permissions to the platform's function)
  const lambdaPolicies = new Map<string, number>();
  for (const s of stacks) {
    for (const [id, p] of resourcesOf(s, "aws_iam_policy")) {
      const doc = str(p.policy);
      if (doc) out.push({ quota: "managedPolicySize", size: iamPolicyChars(doc), where: `${s.name}/aws_iam_policy.${id}${p.name ? ` (${p.name})` : ""}` });
    }
    const inline = new Map<string, number>();
    const attached = new Map<string, number>();
    const roleKey = (ref: string) => {
      const m = /^\$\{aws_iam_role\.([^.}]+)\.(name|id)\}$/.exec(ref);
      return m ? `aws_iam_role.${m[1]}` : ref;
    };
    for (const [id, r] of resourcesOf(s, "aws_iam_role")) {
      const key = `aws_iam_role.${id}`;
      const trust = str(r.assume_role_policy);
      if (trust) out.push({ quota: "roleTrustPolicyLength", size: iamPolicyChars(trust), where: `${s.name}/${key}${r.name ? ` (${r.name})` : ""}` });
      for (const ip of Array.isArray(r.inline_policy) ? r.inline_policy : []) if (str(ip.policy)) inline.set(key, (inline.get(key) ?? 0) + iamPolicyChars(ip.policy));
      if (Array.isArray(r.managed_policy_arns)) attached.set(key, (attached.get(key) ?? 0) + r.managed_policy_arns.length);
    }
    for (const [, rp] of resourcesOf(s, "aws_iam_role_policy")) {
      const key = roleKey(String(rp.role));
      if (str(rp.policy)) inline.set(key, (inline.get(key) ?? 0) + iamPolicyChars(rp.policy));
    }
    for (const [, att] of resourcesOf(s, "aws_iam_role_policy_attachment")) {
      const key = roleKey(String(att.role));
      attached.set(key, (attached.get(key) ?? 0) + 1);
    }
    for (const [role, n] of inline) out.push({ quota: "inlinePoliciesPerRole", size: n, where: `${s.name}/${role}` });
    for (const [role, n] of attached) out.push({ quota: "managedPoliciesPerRole", size: n, where: `${s.name}/${role}` });
    for (const [id, p] of resourcesOf(s, "aws_api_gateway_rest_api_policy")) {
      const doc = str(p.policy);
      if (doc) out.push({ quota: "restApiPolicyLength", size: doc.length, where: `${s.name}/aws_api_gateway_rest_api_policy.${id}` });
    }
    // Each aws_lambda_permission adds one statement to its function's resource policy (20 KB in total).
    for (const [, perm] of resourcesOf(s, "aws_lambda_permission")) {
      const fn = String(perm.function_name);
      const statement = { Sid: perm.statement_id ?? "terraform-generated-0123456789", Effect: "Allow", Principal: { Service: perm.principal }, Action: perm.action, Resource: `arn:aws:lambda:xx-xxxx-1:000000000000:function:${fn}`, Condition: perm.source_arn ? { ArnLike: { "AWS:SourceArn": perm.source_arn } } : undefined };
      lambdaPolicies.set(fn, (lambdaPolicies.get(fn) ?? 40) + JSON.stringify(statement).length + 1);
    }
    for (const [id, p] of resourcesOf(s, "aws_ssm_parameter")) {
      const value = str(p.value);
      if (value && (p.tier ?? "Standard") === "Standard") out.push({ quota: "ssmStandardParameterValue", size: Buffer.byteLength(value), where: `${s.name}/aws_ssm_parameter.${id}` });
    }
  }
  for (const [fn, n] of lambdaPolicies) out.push({ quota: "lambdaFunctionPolicySize", size: n, where: `function ${fn}` });
  return out;
}

/** The largest measured document per quota, as usages. */
export function synthQuotaUsage(env: Environment, stacks: readonly SynthesizedStackJson[]): QuotaUsage[] {
  const sizes = documentSizes(stacks);
  const ids: QuotaId[] = ["lambdaFunctionPolicySize", "managedPolicySize", "managedPoliciesPerRole", "inlinePoliciesPerRole", "roleTrustPolicyLength", "restApiPolicyLength", "ssmStandardParameterValue"];
  return ids.map((id) => {
    const largest = maxBy(sizes.filter((d) => d.quota === id), (d) => d.size);
    return { id, used: largest.value, where: largest.item?.where ?? "none synthesized", field: "(synthesized)", ...limitOf(env, id) };
  });
}

// ---------------------------------------------------------------- checks

/** Status and message of one usage. */
export function checkUsage(u: QuotaUsage): QuotaCheck {
  const q: QuotaDefinition = QUOTAS[u.id];
  const unit = q.unit ? ` ${q.unit}` : "";
  const ofLimit = `${u.used.toLocaleString("en-US")} of ${u.limit.toLocaleString("en-US")}${unit}`;
  if (u.used > u.limit) {
    if (!q.adjustable) return { ...u, status: "error", message: `exceeds the AWS quota "${q.name}" (${q.scope}, cannot be raised): ${ofLimit} at ${u.where} (${q.source})` };
    if (u.raised) return { ...u, status: "error", message: `exceeds the raised quota "${q.name}" declared in quotas.${u.id}: ${ofLimit} at ${u.where}` };
    return { ...u, status: "warning", message: `above AWS's default for "${q.name}" (${ofLimit} at ${u.where}): raise it to at least ${u.used} in Service Quotas before apply, then declare quotas.${u.id} with the reason (${q.source})` };
  }
  if (u.used > u.limit * WARN_AT) {
    const what = q.adjustable ? `raise "${q.name}" in Service Quotas (then declare quotas.${u.id})` : `"${q.name}" cannot be raised: plan the split before the next apps`;
    return { ...u, status: "warning", message: `${Math.round((u.used / u.limit) * 100)} % of the quota (${ofLimit} at ${u.where}): ${what}` };
  }
  return { ...u, status: "ok" };
}

/** Declared raises that AWS does not allow. */
function declaredProblems(env: Environment): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const [id, raised] of Object.entries(env.quotas ?? {}) as [QuotaId, { limit: number; reason: string }][]) {
    const q: QuotaDefinition = QUOTAS[id];
    if (!q.adjustable) {
      out.push({ path: `quotas.${id}`, message: `"${q.name}" cannot be raised (not adjustable: ${q.source})`, value: raised });
      continue;
    }
    if ("max" in q && q.max !== undefined && raised.limit > q.max) out.push({ path: `quotas.${id}.limit`, message: `"${q.name}" can be raised to at most ${q.max} (${q.source})`, value: raised.limit });
  }
  return out;
}

/** Problems of the checks as configuration problems (errors only), naming the field and the quota. */
export function quotaProblems(checks: readonly QuotaCheck[]): ConfigProblem[] {
  return checks.filter((c) => c.status === "error").map((c) => ({ path: c.field, message: c.message!, value: c.used }));
}

/** Configuration-level checks (run with validation): errors become ConfigProblems. */
export function configQuotaProblems(env: Environment): ConfigProblem[] {
  return [...declaredProblems(env), ...quotaProblems(configQuotaUsage(env).map(checkUsage))];
}

/** Every check of one environment (config + synthesized documents), for the synth report. */
export function quotaReport(env: Environment, stacks: readonly SynthesizedStackJson[]): QuotaCheck[] {
  return [...configQuotaUsage(env), ...synthQuotaUsage(env, stacks)].map(checkUsage);
}

/** Shard count the environment builds (for reports). */
export function shardCount(env: Environment): number {
  return ingressShards(env).length;
}

export { MAX_LISTENERS_PER_NLB };
