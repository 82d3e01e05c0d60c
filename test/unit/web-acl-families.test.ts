/**
 * WAF IP sets hold one address family (WAFV2 CreateIPSet, IPAddressVersion): IPv6 ranges of an
 * allow/block list go to an IPV6 set of their own, referenced by their own rule; an IPv4-only
 * list keeps its one set (and its Terraform address).
 */
import { WebAcl } from "../../modules/web-acl";
import { resources, synthJson } from "./helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("WebAcl IP sets by address family", () => {
  it("a mixed block list becomes an IPV4 and an IPV6 set, each holding only its family, each with a block rule", () => {
    const json = synthJson((s, provider) => new WebAcl(s, "waf", { provider, name: "acme-dev", blockCidrs: ["203.0.113.0/24", "2001:db8::/32"], logRetentionDays: 30 }));
    const sets = Object.values<Raw>(resources(json, "aws_wafv2_ip_set"));
    expect(sets.map((x) => [x.name, x.ip_address_version, x.addresses]).sort()).toEqual([
      ["acme-dev-block", "IPV4", ["203.0.113.0/24"]],
      ["acme-dev-block-v6", "IPV6", ["2001:db8::/32"]],
    ]);
    const acl = Object.values<Raw>(resources(json, "aws_wafv2_web_acl"))[0];
    const blockRules = acl.rule.filter((r: Raw) => r.statement?.ip_set_reference_statement);
    expect(blockRules.map((r: Raw) => [r.name, Object.keys(r.action)[0]])).toEqual([["block-listed-ips", "block"], ["block-listed-ips-v6", "block"]]);
    expect(new Set(acl.rule.map((r: Raw) => r.priority)).size).toBe(acl.rule.length);
  });
  it("the valid neighbour: an IPv4-only list keeps one IPV4 set under its original id", () => {
    const json = synthJson((s, provider) => new WebAcl(s, "waf", { provider, name: "acme-dev", allowCidrs: ["198.51.100.0/24"], logRetentionDays: 30 }));
    const sets = resources(json, "aws_wafv2_ip_set");
    expect(Object.keys(sets)).toHaveLength(1);
    expect(Object.keys(sets)[0]).toMatch(/^waf_allow-ips_/);
    expect(Object.values<Raw>(sets)[0].ip_address_version).toBe("IPV4");
  });
});
