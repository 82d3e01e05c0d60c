/**
 * The list-price table (`pricing/aws-prices.json`): loading, shape checks and per-region lookup.
 * Prices live in the table only; code never hard-codes a dollar amount.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const PRICE_TABLE_FILE = path.resolve(__dirname, "aws-prices.json");

/** How a price was confirmed: on an AWS-owned page, only on third-party pages quoting it, or not at all. */
export type PriceStatus = "verified-aws" | "verified-third-party" | "unverified";
const STATUSES: readonly PriceStatus[] = ["verified-aws", "verified-third-party", "unverified"];

export interface RegionalPrice {
  readonly usd: number;
  readonly status: PriceStatus;
  readonly evidence?: string;
}

export interface PriceEntry extends Partial<RegionalPrice> {
  readonly description: string;
  /** Priced the same in every Region. */
  readonly global?: boolean;
  readonly byRegion?: Readonly<Record<string, RegionalPrice>>;
  /** Prices by size (API Gateway cache). */
  readonly bySize?: Readonly<Record<string, RegionalPrice>>;
}

export interface PriceAssumptions {
  /** Average request + response size through the private path. */
  readonly bytesPerRequest: number;
  /** Average billed duration of one authorizer invocation. */
  readonly authorizerDurationMs: number;
  readonly accessLogBytesPerRequest: number;
  readonly wafLogBytesPerRequest: number;
}

export interface PriceTable {
  readonly source: string;
  /** The base region of `usd` values. */
  readonly region: string;
  /** ISO date the prices were retrieved. */
  readonly retrieved: string;
  readonly currency: "USD";
  readonly hoursPerMonth: number;
  readonly notes?: readonly string[];
  readonly prices: Readonly<Record<string, PriceEntry>>;
  readonly assumptions: PriceAssumptions;
}

/** The keys estimateCost reads. */
export const PRICE_KEYS = [
  "apiGatewayRestRequestsPerMillion",
  "apiGatewayHttpRequestsPerMillion",
  "apiGatewayCacheHour",
  "wafWebAclMonth",
  "wafRuleMonth",
  "wafRequestsPerMillion",
  "nlbHour",
  "nlcuHour",
  "interfaceEndpointAzHour",
  "interfaceEndpointPerGb",
  "route53HostedZoneMonth",
  "cloudwatchAlarmMetricMonth",
  "cloudwatchDashboardMonth",
  "cloudwatchLogsIngestPerGb",
  "lambdaRequestsPerMillion",
  "lambdaArmGbSecond",
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

/** A price resolved for one region: the amount and how far it can be trusted there. */
export interface ResolvedPrice {
  readonly usd: number;
  readonly status: PriceStatus;
  /** The region the amount is the list price of. */
  readonly region: string;
  /** Set when the base-region price stands in for a region the table has no price for. */
  readonly fallback?: boolean;
}

function problem(where: string, message: string): never {
  throw new Error(`price table ${where}: ${message}`);
}

function checkRegional(where: string, p: unknown): RegionalPrice {
  const r = p as RegionalPrice;
  if (!r || typeof r !== "object") problem(where, "must be an object with usd and status");
  if (typeof r.usd !== "number" || !Number.isFinite(r.usd) || r.usd < 0) problem(`${where}.usd`, `must be a non-negative number (got ${JSON.stringify(r.usd)})`);
  if (!STATUSES.includes(r.status)) problem(`${where}.status`, `must be one of ${STATUSES.join(", ")} (got ${JSON.stringify(r.status)})`);
  return r;
}

/** Checks the shape of a parsed table; throws naming the first bad field. */
export function validatePriceTable(raw: unknown): PriceTable {
  const t = raw as PriceTable;
  if (!t || typeof t !== "object") problem("(root)", "must be an object");
  for (const k of ["source", "region", "retrieved"] as const) if (typeof t[k] !== "string" || !t[k]) problem(k, "must be a non-empty string");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.retrieved)) problem("retrieved", `must be an ISO date (got ${JSON.stringify(t.retrieved)})`);
  if (t.currency !== "USD") problem("currency", "must be USD");
  if (typeof t.hoursPerMonth !== "number" || t.hoursPerMonth <= 0) problem("hoursPerMonth", "must be a positive number");
  if (!t.prices || typeof t.prices !== "object") problem("prices", "must be an object");
  for (const key of PRICE_KEYS) {
    const e = t.prices[key];
    if (!e) problem(`prices.${key}`, "is missing");
    if (typeof e.description !== "string") problem(`prices.${key}.description`, "must be a string");
    if (e.bySize) {
      for (const [size, p] of Object.entries(e.bySize)) checkRegional(`prices.${key}.bySize.${size}`, p);
    } else {
      checkRegional(`prices.${key}`, e);
    }
    for (const [region, p] of Object.entries(e.byRegion ?? {})) checkRegional(`prices.${key}.byRegion.${region}`, p);
  }
  const a = t.assumptions;
  if (!a || typeof a !== "object") problem("assumptions", "must be an object");
  for (const k of ["bytesPerRequest", "authorizerDurationMs", "accessLogBytesPerRequest", "wafLogBytesPerRequest"] as const) {
    if (typeof a[k] !== "number" || a[k] < 0) problem(`assumptions.${k}`, "must be a non-negative number");
  }
  return t;
}

let cached: PriceTable | undefined;

/** Loads `pricing/aws-prices.json` (or another table file). */
export function loadPriceTable(file: string = PRICE_TABLE_FILE): PriceTable {
  if (file === PRICE_TABLE_FILE && cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`price table ${path.basename(file)}: cannot be read as JSON: ${(e as Error).message}`);
  }
  const table = validatePriceTable(raw);
  if (file === PRICE_TABLE_FILE) cached = table;
  return table;
}

/**
 * The price of `key` in `region`: the region's own entry, else the base price (trusted as is for
 * global services, otherwise reported as unverified for that region).
 */
export function priceFor(table: PriceTable, key: PriceKey, region: string, size?: string): ResolvedPrice {
  const e = table.prices[key];
  if (size !== undefined) {
    const p = e.bySize?.[size];
    if (!p) throw new Error(`price table has no ${key} price for size ${size}`);
    return region === table.region ? { ...p, region } : { usd: p.usd, status: "unverified", region: table.region, fallback: true };
  }
  const regional = e.byRegion?.[region];
  if (regional) return { usd: regional.usd, status: regional.status, region };
  const base = { usd: e.usd as number, status: e.status as PriceStatus };
  if (region === table.region || e.global) return { ...base, region };
  return { usd: base.usd, status: "unverified", region: table.region, fallback: true };
}
