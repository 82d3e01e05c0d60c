import type { Rule, RuleFinding } from "../types";
import { list, literal } from "../lib/values";
import { coversWholeSpace, parseCidr, type Cidr } from "../../config/aws/net";

export const rule: Rule = {
  id: "AOA-WAF-008",
  title: "WAF IP sets are REGIONAL and never match everything",
  severity: "error",
  mirrors: ["ref:aws-waf-guide-ip-sets"],
  resourceTypes: ["aws_wafv2_ip_set"],
  description: '`scope = "REGIONAL"` (same as the API\'s web ACL), addresses of the set\'s `ip_address_version`, and no `/0` address nor blocks that together cover a family (an allow-list of everything bypasses every rule).',
  check(view) {
    const out: RuleFinding[] = [];
    for (const s of view.resources("aws_wafv2_ip_set")) {
      const scope = literal(s.config.scope);
      if (scope !== undefined && scope !== "REGIONAL") out.push(view.at(s, `scope is ${scope}; API Gateway web ACLs are REGIONAL`));
      const all = list(s.config.addresses).filter((a) => typeof a === "string" && /\/0$/.test(a));
      if (all.length) out.push(view.at(s, `addresses include ${all.join(", ")} (matches every client)`));
      // parsed, not pattern-matched: 0.0.0.0/1 + 128.0.0.0/1 match every client too; one family per set (WAFV2 API_IPSet)
      const parsed = list(s.config.addresses).map((a) => parseCidr(a)).filter((r): r is { ok: true; cidr: Cidr } => r.ok).map((r) => r.cidr);
      const version = literal(s.config.ip_address_version);
      const wrong = parsed.filter((c) => (version === "IPV4" && c.family === 6) || (version === "IPV6" && c.family === 4));
      if (wrong.length) out.push(view.at(s, `ip_address_version ${version} but addresses ${wrong.map((c) => c.text).join(", ")} are of the other family (AWS refuses the set)`));
      for (const fam of [4, 6] as const) {
        if (!all.length && coversWholeSpace(parsed, fam)) out.push(view.at(s, `addresses together cover the whole IPv${fam} space (matches every client)`));
      }
    }
    return out;
  },
};
