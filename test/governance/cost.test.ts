import * as fs from "node:fs";
import * as path from "node:path";
import { estimateCost, formatCost, ALARM_METRICS_PER_APP, type CostEstimate } from "../../governance/cost";
import { loadPriceTable, priceFor, validatePriceTable, PRICE_TABLE_FILE, type PriceTable } from "../../pricing/prices";
import { addInventoryApp, devEnv } from "./helpers";

/** The committed table, read independently of the code under test. */
const raw = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "pricing", "aws-prices.json"), "utf8"));
const euw1 = (key: string): number => raw.prices[key].byRegion?.["eu-west-1"]?.usd ?? raw.prices[key].usd;
const line = (e: CostEstimate, component: string) => {
  const l = e.lines.find((x) => x.component === component);
  if (!l) throw new Error(`no line ${component}: ${e.lines.map((x) => x.component).join(", ")}`);
  return l;
};

describe("price table", () => {
  it("has source, region and retrieved date and a status on every price", () => {
    expect(raw.source).toMatch(/list prices/);
    expect(raw.region).toBe("us-east-1");
    expect(raw.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(() => validatePriceTable(raw)).not.toThrow();
    expect(loadPriceTable().retrieved).toBe(raw.retrieved);
  });

  it("rejects a malformed table naming the field", () => {
    const bad = JSON.parse(JSON.stringify(raw));
    bad.prices.nlbHour.status = "probably";
    expect(() => validatePriceTable(bad)).toThrow(/prices\.nlbHour\.status/);
    delete bad.prices.wafRuleMonth;
    expect(() => validatePriceTable(bad)).toThrow(/wafRuleMonth/);
  });

  it("resolves regional prices, global prices, and marks a base-region stand-in unverified", () => {
    const t = loadPriceTable();
    expect(priceFor(t, "nlbHour", "eu-west-1")).toEqual({ usd: raw.prices.nlbHour.byRegion["eu-west-1"].usd, status: "unverified", region: "eu-west-1" });
    expect(priceFor(t, "nlbHour", "us-east-1")).toEqual({ usd: raw.prices.nlbHour.usd, status: raw.prices.nlbHour.status, region: "us-east-1" });
    expect(priceFor(t, "wafWebAclMonth", "ap-southeast-2")).toMatchObject({ usd: raw.prices.wafWebAclMonth.usd, status: raw.prices.wafWebAclMonth.status });
    expect(priceFor(t, "nlbHour", "ap-southeast-2")).toEqual({ usd: raw.prices.nlbHour.usd, status: "unverified", region: "us-east-1", fallback: true });
  });
});

describe("estimateCost", () => {
  const dev = estimateCost(devEnv());
  const hours = raw.hoursPerMonth;

  it("prices every line from the table (dev is eu-west-1)", () => {
    expect(line(dev, "Platform NLB (internal, VPC link target)")).toMatchObject({ quantity: hours, unitUsd: euw1("nlbHour") });
    expect(line(dev, "WAF web ACL")).toMatchObject({ quantity: 1, unitUsd: euw1("wafWebAclMonth") });
    expect(line(dev, "Route 53 hosted zone")).toMatchObject({ quantity: 1, unitUsd: euw1("route53HostedZoneMonth") });
    expect(line(dev, "CloudWatch dashboard")).toMatchObject({ quantity: 1, unitUsd: euw1("cloudwatchDashboardMonth") });
    expect(line(dev, "orders: interface endpoint")).toMatchObject({ quantity: hours * 2, unitUsd: euw1("interfaceEndpointAzHour") });
    expect(line(dev, "orders: alarms")).toMatchObject({ quantity: ALARM_METRICS_PER_APP, unitUsd: euw1("cloudwatchAlarmMetricMonth") });
    expect(dev.perMillionRequests.find((l) => l.component === "API Gateway REST requests")!.usd).toBe(euw1("apiGatewayRestRequestsPerMillion"));
    expect(dev.perMillionRequests.find((l) => l.component === "WAF requests inspected")!.usd).toBe(euw1("wafRequestsPerMillion"));
    for (const l of dev.lines) expect(l.monthlyUsd).toBeCloseTo(l.quantity * l.unitUsd, 4);
  });

  it("counts the WAF rules the web ACL module builds: 3 managed groups + rate limit, + allow/block/geo when set", () => {
    expect(line(dev, "WAF rules").quantity).toBe(4);
    const all = estimateCost(devEnv((e) => (e.edge.waf = { allowCidrs: ["203.0.113.0/24"], blockCidrs: ["198.51.100.0/24"], blockedCountries: ["RU"] })));
    expect(line(all, "WAF rules").quantity).toBe(7);
    expect(all.fixedMonthlyUsd - dev.fixedMonthlyUsd).toBeCloseTo(3 * euw1("wafRuleMonth"), 4);
  });

  it("sums the lines into fixedMonthlyUsd, separately from per-million-request costs", () => {
    expect(dev.fixedMonthlyUsd).toBeCloseTo(dev.lines.reduce((s, l) => s + l.monthlyUsd, 0), 4);
    const expected =
      3 * hours * euw1("nlbHour") + // platform NLB + one NLB per app
      2 * 2 * hours * euw1("interfaceEndpointAzHour") + // 2 apps x 2 platform AZs
      euw1("wafWebAclMonth") + 4 * euw1("wafRuleMonth") + euw1("route53HostedZoneMonth") + euw1("cloudwatchDashboardMonth") +
      2 * 5 * euw1("cloudwatchAlarmMetricMonth");
    expect(dev.fixedMonthlyUsd).toBeCloseTo(expected, 2);
    expect(dev.perMillionRequestsUsd).toBeCloseTo(dev.perMillionRequests.reduce((s, l) => s + l.usd, 0), 4);
    expect(dev.perMillionRequests.map((l) => l.component)).toEqual([
      "API Gateway REST requests",
      "WAF requests inspected",
      "Lambda authorizer invocations",
      "PrivateLink data processing",
      "NLB capacity units",
      "CloudWatch Logs ingestion (access + WAF logs)",
    ]);
  });

  it("adding an app adds exactly its NLB, its interface endpoint per platform AZ and its alarm metrics", () => {
    const three = estimateCost(devEnv(addInventoryApp));
    const perApp = hours * euw1("nlbHour") + 2 * hours * euw1("interfaceEndpointAzHour") + ALARM_METRICS_PER_APP * euw1("cloudwatchAlarmMetricMonth");
    expect(three.fixedMonthlyUsd - dev.fixedMonthlyUsd).toBeCloseTo(perApp, 4);
    const added = three.lines.filter((l) => l.app === "inventory");
    expect(added.map((l) => l.component)).toEqual(["inventory: workload NLB (alb target)", "inventory: interface endpoint", "inventory: alarms"]);
    expect(added.reduce((s, l) => s + l.monthlyUsd, 0)).toBeCloseTo(perApp, 4);
    // traffic cost per request does not depend on the number of apps
    expect(three.perMillionRequestsUsd).toBe(dev.perMillionRequestsUsd);
  });

  it("one more platform AZ costs one more endpoint-AZ-hour per app", () => {
    const threeAz = estimateCost(devEnv((e) => e.network.subnets.push({ id: "subnet-0a1b2c3d4e5f60013", az: "eu-west-1c" })));
    expect(threeAz.fixedMonthlyUsd - dev.fixedMonthlyUsd).toBeCloseTo(2 * hours * euw1("interfaceEndpointAzHour"), 4);
  });

  it("prices a stage cache, and an adopted hosted zone as nothing", () => {
    const cached = estimateCost(
      devEnv((e) => {
        e.apps[0].cache = { sizeGb: "0.5" };
        e.apps[0].routes[1].cache = { headers: ["Authorization"] }; // a stage cache needs a cached route
      }),
    );
    expect(line(cached, "orders: stage cache 0.5 GB")).toMatchObject({ quantity: hours, unitUsd: raw.prices.apiGatewayCacheHour.bySize["0.5"].usd, priceStatus: "unverified" });
    const adopted = estimateCost(devEnv((e) => (e.domain.hostedZone = { mode: "adopt", name: "dev.acme-example.com", zoneId: "Z0123456789ABC" })));
    expect(line(adopted, "Route 53 hosted zone").monthlyUsd).toBe(0);
    expect(dev.fixedMonthlyUsd - adopted.fixedMonthlyUsd).toBeCloseTo(euw1("route53HostedZoneMonth"), 4);
  });

  it("drops the authorizer line when no route needs it, and notes disabled result caching", () => {
    const allPublic = estimateCost(devEnv((e) => e.apps.forEach((a: any) => a.routes.forEach((r: any) => { delete r.scopes; r.public = { reason: "open data for everyone" }; })))); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(allPublic.perMillionRequests.some((l) => l.component.includes("authorizer"))).toBe(false);
    const noCache = estimateCost(devEnv((e) => (e.edge.authorizer.resultTtlSeconds = 0)));
    expect(noCache.perMillionRequests.find((l) => l.component.includes("authorizer"))!.note).toMatch(/caching is off/);
  });

  it("uses the table it is given", () => {
    const table = loadPriceTable();
    const doubled: PriceTable = JSON.parse(JSON.stringify(table));
    for (const p of Object.values(doubled.prices) as any[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (typeof p.usd === "number") p.usd *= 2;
      for (const r of Object.values(p.byRegion ?? {}) as any[]) r.usd *= 2; // eslint-disable-line @typescript-eslint/no-explicit-any
    }
    expect(estimateCost(devEnv(), doubled).fixedMonthlyUsd).toBeCloseTo(2 * dev.fixedMonthlyUsd, 2);
    expect(PRICE_TABLE_FILE.endsWith(path.join("pricing", "aws-prices.json"))).toBe(true);
  });
});

describe("formatCost", () => {
  const e = estimateCost(devEnv());
  it("prints the totals, every line and the unverified prices as text", () => {
    const text = formatCost(e);
    expect(text).toContain(`Fixed monthly: $${e.fixedMonthlyUsd.toFixed(2)}`);
    expect(text).toContain(`Per million requests: $${e.perMillionRequestsUsd.toFixed(2)}`);
    for (const l of e.lines) expect(text).toContain(l.component);
    expect(text).toMatch(/Unverified prices \(check before relying on them\): .*per app: workload NLB/);
    expect(text).not.toContain("|");
  });
  it("renders Markdown tables for the docs", () => {
    const md = formatCost(e, "markdown");
    expect(md).toContain("| component | quantity | unit | unit price | monthly | price check | note |");
    expect(md).toContain(`**Fixed monthly: $${e.fixedMonthlyUsd.toFixed(2)}**`);
  });
});
