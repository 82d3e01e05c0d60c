/** What `npm run synth` prints of the quotas: one line while nothing needs attention, the rows that matter otherwise. */
import { checkUsage, type QuotaId } from "../../config/quotas";
import { quotaSummary, quotasThatMatter } from "../../governance/quotas";

const use = (id: QuotaId, used: number, limit: number, raised?: { limit: number; reason: string }) => checkUsage({ id, used, limit, where: "x", field: "apps", raised });
const FULL = "npm run synth -- --quotas";

test("all comfortably below their limits: one line naming the fullest quota", () => {
  const checks = [use("regionalApisPerRegion", 3, 600), use("managedPolicySize", 3966, 6144), use("nlbListenersPerNlb", 2, 50)];
  const out = quotaSummary("dev", checks, FULL);
  expect(out.split("\n")).toHaveLength(1);
  expect(out).toBe("quotas of dev: 3 checked, all below 80 % of their limits, fullest: Managed policy size 65 % (3,966 of 6,144) — full table: npm run synth -- --quotas");
});

test.each([
  ["within 80 % of a limit", use("nlbListenersPerNlb", 41, 50), /Listeners per Network Load Balancer.*41.*50.*82 %.*WARNING/s],
  ["above an adjustable default", use("vpcLinksPerRegion", 21, 20), /VPC links.*21.*20.*WARNING[\s\S]*raise it to at least 21/],
  ["over a quota that cannot be raised", use("regionalApisPerRegion", 601, 600), /Regional APIs.*601.*ERROR/s],
  ["a declared raise", use("interfaceEndpointsPerVpc", 60, 100, { limit: 100, reason: "case 123" }), /endpoints per VPC.*100 \(raised\)[\s\S]*raised: interfaceEndpointsPerVpc to 100: case 123/],
])("%s: the row is shown, the comfortable ones are not", (_what, check, pattern) => {
  const ok = use("regionalApisPerRegion", 3, 600);
  const out = quotaSummary("dev", [ok, check], FULL);
  expect(out).toMatch(/^quotas of dev: 1 of 2 need attention \(full table: npm run synth -- --quotas\):/);
  expect(out).toMatch(pattern);
  expect(out).not.toMatch(/Regional APIs per Region\s+per account and Region\s+3\b/);
  expect(quotasThatMatter([ok, check])).toEqual([check]);
});

test("79 % is not shown, 81 % is", () => {
  expect(quotasThatMatter([use("nlbListenersPerNlb", 39, 50)])).toEqual([]);
  expect(quotasThatMatter([use("nlbListenersPerNlb", 41, 50)])).toHaveLength(1);
});
