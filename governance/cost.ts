/**
 * Monthly cost estimate of one environment from its validated model and the list-price table.
 * It counts what the stacks build (modules/web-acl.ts rules, modules/app-alarms.ts alarms, one
 * interface endpoint per platform AZ per app, ...), so it follows the code, not a second copy.
 */
import type { Environment } from "../config/schema";
import { MANAGED_RULE_GROUPS } from "../modules/web-acl";
import { resourcePrefix } from "../config/naming";
import { ingressShards } from "../config/ingress-shards";
import { table as textTable } from "../cli";
import { loadPriceTable, priceFor, type PriceKey, type PriceStatus, type PriceTable, type ResolvedPrice } from "../pricing/prices";
import { mdTable } from "./markdown";
import { backendsOf } from "../modules/backends";

/** modules/authorizer-function.ts: memorySize 256, arm64. */
export const AUTHORIZER_MEMORY_MB = 256;
/**
 * modules/app-alarms.ts: 5XX rate and 4XX rate are metric-math alarms reading 2 metrics each
 * (errors, requests); p99 latency reads 1.
 */
export const ALARMS_PER_APP = 3;
export const ALARM_METRICS_PER_APP = 5;
/** Load balancers a request crosses on the private path: the platform NLB and the app's NLB. */
export const NLBS_IN_PATH = 2;

export interface CostLine {
  readonly component: string;
  /** Billed units per month (hours, rules, alarm metrics, ...). */
  readonly quantity: number;
  /** What one unit is. */
  readonly unit: string;
  /** List price of one unit. */
  readonly unitUsd: number;
  readonly monthlyUsd: number;
  readonly note: string;
  /** Set on the lines one app adds. */
  readonly app?: string;
  readonly priceStatus: PriceStatus;
}

export interface PerMillionLine {
  readonly component: string;
  /** USD per million requests. */
  readonly usd: number;
  readonly note: string;
  readonly priceStatus: PriceStatus;
}

export interface CostEstimate {
  readonly environment: string;
  readonly region: string;
  readonly currency: "USD";
  /** Sum of `lines`: what the environment costs with no traffic. */
  readonly fixedMonthlyUsd: number;
  readonly lines: readonly CostLine[];
  /** Traffic-driven cost, per million requests (separate from the fixed cost). */
  readonly perMillionRequests: readonly PerMillionLine[];
  readonly perMillionRequestsUsd: number;
  readonly assumptions: readonly string[];
  readonly notIncluded: readonly string[];
  readonly prices: { readonly source: string; readonly region: string; readonly retrieved: string; readonly hoursPerMonth: number };
}

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;
const GB = 1024 ** 3;

/** Only a stand-in price needs a note: the status itself is its own column. */
function statusNote(p: ResolvedPrice, region: string): string {
  return p.fallback ? `no ${region} price in the table: ${p.region} list price used` : "";
}

const joinNotes = (...parts: string[]) => parts.filter(Boolean).join("; ");

/** Availability Zones of the platform subnets (one endpoint network interface, billed per AZ). */
function platformAzCount(env: Environment): number {
  return new Set(env.network.subnets.map((s) => s.az)).size;
}

/** WAF rules as modules/web-acl.ts builds them for this environment. */
export function wafRules(env: Environment): string[] {
  const waf = env.edge.waf;
  const rules: string[] = [];
  if (waf.allowCidrs.length) rules.push("allow-listed-ips");
  if (waf.blockCidrs.length) rules.push("block-listed-ips");
  if (waf.blockedCountries.length) rules.push("block-countries");
  rules.push(...MANAGED_RULE_GROUPS, "rate-limit-per-ip");
  return rules;
}

/** Fixed monthly cost plus per-million-request cost of one environment, at list prices. */
export function estimateCost(env: Environment, prices: PriceTable = loadPriceTable()): CostEstimate {
  const region = env.region;
  const hours = prices.hoursPerMonth;
  const price = (key: PriceKey, size?: string) => priceFor(prices, key, region, size);
  const lines: CostLine[] = [];
  const line = (l: Omit<CostLine, "monthlyUsd" | "priceStatus">, p: ResolvedPrice) =>
    lines.push({ ...l, unitUsd: p.usd, monthlyUsd: round(l.quantity * p.usd), note: joinNotes(l.note, statusNote(p, region)), priceStatus: p.status });
  const prefix = resourcePrefix(env);
  const azs = platformAzCount(env);

  // --- platform (shared-services account)
  const nlb = price("nlbHour");
  const shards = ingressShards(env).length;
  line({ component: `Platform NLB${shards > 1 ? "s" : ""} (internal, VPC link target${shards > 1 ? "s" : ""})`, quantity: hours * shards, unit: "NLB-hour", unitUsd: nlb.usd, note: `${shards} ingress shard${shards > 1 ? "s" : ""} of up to ${env.network.ingressShardSize} apps (${prefix}-ingress${shards > 1 ? ", -1, ..." : ""}); VPC links carry no charge; plus NLCU-hours by traffic (see per-million)` }, nlb);
  const acl = price("wafWebAclMonth");
  line({ component: "WAF web ACL", quantity: 1, unit: "web ACL-month", unitUsd: acl.usd, note: `${prefix}-api, associated with every stage` }, acl);
  const rules = wafRules(env);
  const managed = MANAGED_RULE_GROUPS.length;
  const rule = price("wafRuleMonth");
  line({ component: "WAF rules", quantity: rules.length, unit: "rule-month", unitUsd: rule.usd, note: `${managed} AWS managed groups + rate limit${rules.length > managed + 1 ? ` + ${rules.filter((r) => !(MANAGED_RULE_GROUPS as readonly string[]).includes(r) && r !== "rate-limit-per-ip").join(", ")}` : ""}` }, rule);
  const zone = price("route53HostedZoneMonth");
  if (env.domain.hostedZone.mode === "create") {
    line({ component: "Route 53 hosted zone", quantity: 1, unit: "zone-month", unitUsd: zone.usd, note: `${env.domain.hostedZone.name} (created); alias queries to the custom domain are not charged` }, zone);
  } else {
    line({ component: "Route 53 hosted zone", quantity: 0, unit: "zone-month", unitUsd: zone.usd, note: `${env.domain.hostedZone.name} adopted: already billed where it lives` }, zone);
  }
  const dashboard = price("cloudwatchDashboardMonth");
  line({ component: "CloudWatch dashboard", quantity: 1, unit: "dashboard-month", unitUsd: dashboard.usd, note: `${prefix}-api` }, dashboard);

  // --- per app
  const alarm = price("cloudwatchAlarmMetricMonth");
  for (const app of env.apps) {
    // What the app's backends add (modules/backends/: the private path of an ALB app; nothing fixed for Lambda or mock).
    for (const item of backendsOf(app).flatMap((b) => b.costItems(env, app, { hours, azs }))) {
      const p = price(item.price);
      line({ app: app.name, component: `${app.name}: ${item.component}`, quantity: item.quantity, unit: item.unit, unitUsd: p.usd, note: item.note }, p);
    }
    line({ app: app.name, component: `${app.name}: alarms`, quantity: ALARM_METRICS_PER_APP, unit: "alarm metric-month", unitUsd: alarm.usd, note: `${ALARMS_PER_APP} alarms (5XX and 4XX rate read 2 metrics each, p99 latency 1; billing a metric-math alarm per metric it reads is unverified)` }, alarm);
    if (app.cache) {
      const cache = price("apiGatewayCacheHour", app.cache.sizeGb);
      line({ app: app.name, component: `${app.name}: stage cache ${app.cache.sizeGb} GB`, quantity: hours, unit: "cache-hour", unitUsd: cache.usd, note: "" }, cache);
    }
  }

  // --- per million requests
  const a = prices.assumptions;
  const perMillion: PerMillionLine[] = [];
  const add = (component: string, usd: number, note: string, ...used: ResolvedPrice[]) => {
    const worst = used.find((p) => p.status === "unverified") ?? used.find((p) => p.status === "verified-third-party") ?? used[0];
    const fallback = used.find((p) => p.fallback);
    perMillion.push({ component, usd: round(usd), note: joinNotes(note, fallback ? statusNote(fallback, region) : ""), priceStatus: worst.status });
  };
  const rest = price("apiGatewayRestRequestsPerMillion");
  add("API Gateway REST requests", rest.usd, "first tier (333 million/month)", rest);
  if (env.apps.some((app) => app.api === "http")) {
    // HTTP API apps (api: "http") are billed at the HTTP API rate; their requests pass no WAF and no Lambda authorizer.
    const http = price("apiGatewayHttpRequestsPerMillion");
    add("API Gateway HTTP API requests", http.usd, `first tier (300 million/month), instead of the REST rate for requests to ${env.apps.filter((a) => a.api === "http").map((a) => a.name).join(", ")}; no WAF inspection, no Lambda authorizer (the JWT authorizer is not billed separately)`, http);
  }
  const wafReq = price("wafRequestsPerMillion");
  add("WAF requests inspected", wafReq.usd, `web ACL of ${rules.length} rules, under 1,500 WCU`, wafReq);
  if (env.apps.some((app) => app.routes.some((r) => !r.public))) {
    const req = price("lambdaRequestsPerMillion");
    const gbs = price("lambdaArmGbSecond");
    const perInvocationGbs = (AUTHORIZER_MEMORY_MB / 1024) * (a.authorizerDurationMs / 1000);
    const ttl = env.edge.authorizer.resultTtlSeconds;
    add(
      "Lambda authorizer invocations",
      req.usd + perInvocationGbs * 1e6 * gbs.usd,
      `upper bound: one invocation per authorized request (${AUTHORIZER_MEMORY_MB} MB arm64, ${a.authorizerDurationMs} ms); ${ttl > 0 ? `results are cached ${ttl} s per token and API, so real invocations are far fewer` : "result caching is off (resultTtlSeconds 0): every authorized request invokes"}`,
      req,
      gbs,
    );
  }
  const gbPerMillion = (a.bytesPerRequest * 1e6) / GB;
  const pl = price("interfaceEndpointPerGb");
  add("PrivateLink data processing", gbPerMillion * pl.usd, `${round(gbPerMillion, 2)} GB per million requests at ${a.bytesPerRequest} bytes request + response`, pl);
  const nlcu = price("nlcuHour");
  add("NLB capacity units", gbPerMillion * nlcu.usd * NLBS_IN_PATH, `${NLBS_IN_PATH} NLBs in the path, processed-bytes dimension (1 NLCU = 1 GB/hour); many short connections can make the connection dimension dominate`, nlcu);
  const logs = price("cloudwatchLogsIngestPerGb");
  const logGb = ((a.accessLogBytesPerRequest + a.wafLogBytesPerRequest) * 1e6) / GB;
  add("CloudWatch Logs ingestion (access + WAF logs)", logGb * logs.usd, `${a.accessLogBytesPerRequest} + ${a.wafLogBytesPerRequest} bytes per request${env.tier === "prod" ? "" : "; INFO execution logging in this tier adds more"}`, logs);

  const fixed = round(lines.reduce((s, l) => s + l.monthlyUsd, 0));
  return {
    environment: env.name,
    region,
    currency: "USD",
    fixedMonthlyUsd: fixed,
    lines,
    perMillionRequests: perMillion,
    perMillionRequestsUsd: round(perMillion.reduce((s, l) => s + l.usd, 0)),
    assumptions: [
      `${hours} hours per month; on-demand list prices, no free tier, no discounts`,
      `${a.bytesPerRequest} bytes per request (request + response) through PrivateLink and both NLBs`,
      ...(env.emulator ? ["emulator environment: nothing is billed; the estimate is what the same environment would cost in AWS"] : []),
    ],
    notIncluded: [
      "data transfer out to the internet",
      "CloudWatch Logs storage and X-Ray traces",
      "the apps' own ALBs, Lambda functions and other backends",
      "the regional custom domain and ACM public certificate (no charge)",
    ],
    prices: { source: prices.source, region: prices.region, retrieved: prices.retrieved, hoursPerMonth: hours },
  };
}

const STATUS_LABEL: Record<PriceStatus, string> = { "verified-aws": "verified (AWS page)", "verified-third-party": "verified (third party)", unverified: "unverified" };

export const usd = (n: number) => `$${n.toFixed(2)}`;
/** A unit price with as many decimals as it has (up to 10). */
export const unitUsd = (n: number) => {
  const decimals = (Number(n.toFixed(10)).toString().split(".")[1] ?? "").length;
  return `$${n.toFixed(Math.max(2, decimals))}`;
};
const qty = (n: number) => (Number.isInteger(n) ? String(n) : String(round(n, 2)));

/** The estimate as a text table (`"text"`, for terminals) or Markdown (`"markdown"`, for docs). */
export function formatCost(estimate: CostEstimate, format: "text" | "markdown" = "text"): string {
  const e = estimate;
  const fixedRows = e.lines.map((l) => [l.component, qty(l.quantity), l.unit, unitUsd(l.unitUsd), usd(l.monthlyUsd), STATUS_LABEL[l.priceStatus], l.note]);
  const fixedHead = ["component", "quantity", "unit", "unit price", "monthly", "price check", "note"];
  const pmRows = e.perMillionRequests.map((l) => [l.component, usd(l.usd), STATUS_LABEL[l.priceStatus], l.note]);
  const pmHead = ["component", "per million requests", "price check", "note"];
  const header = `Cost estimate for ${e.environment} (${e.region}), ${e.currency} list prices retrieved ${e.prices.retrieved} (pricing/aws-prices.json)`;
  const fixedTitle = `Fixed monthly: ${usd(e.fixedMonthlyUsd)}`;
  const pmTitle = `Per million requests: ${usd(e.perMillionRequestsUsd)}`;
  const general = (l: CostLine | PerMillionLine) => ("app" in l && l.app ? `per app: ${l.component.slice(l.app.length + 2)}` : l.component);
  const unverified = [...new Set([...e.lines, ...e.perMillionRequests].filter((l) => l.priceStatus === "unverified").map(general))];
  const footer = [
    `Assumptions: ${e.assumptions.join("; ")}.`,
    `Not included: ${e.notIncluded.join("; ")}.`,
    unverified.length ? `Unverified prices (check before relying on them): ${unverified.join(", ")}.` : "All prices used were confirmed on a retrieved page.",
  ];
  if (format === "markdown") {
    return [
      `${header}.`,
      "",
      `**${fixedTitle}**`,
      "",
      mdTable(fixedHead, fixedRows),
      "",
      `**${pmTitle}**`,
      "",
      mdTable(pmHead, pmRows),
      "",
      ...footer.map((f) => `- ${f}`),
    ].join("\n");
  }
  return [header, "", fixedTitle, textTable(fixedHead, fixedRows), "", pmTitle, textTable(pmHead, pmRows), "", ...footer].join("\n");
}
