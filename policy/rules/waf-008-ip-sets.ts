import type { Rule, RuleFinding } from "../types";
import { list, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-WAF-008",
  title: "WAF IP sets are REGIONAL and never match everything",
  severity: "error",
  mirrors: ["ref:aws-waf-guide-ip-sets"],
  resourceTypes: ["aws_wafv2_ip_set"],
  description: '`scope = "REGIONAL"` (same as the API\'s web ACL) and no `/0` address (an allow-list of everything bypasses every rule).',
  check(view) {
    const out: RuleFinding[] = [];
    for (const s of view.resources("aws_wafv2_ip_set")) {
      const scope = literal(s.config.scope);
      if (scope !== undefined && scope !== "REGIONAL") out.push(view.at(s, `scope is ${scope}; API Gateway web ACLs are REGIONAL`));
      const all = list(s.config.addresses).filter((a) => typeof a === "string" && /\/0$/.test(a));
      if (all.length) out.push(view.at(s, `addresses include ${all.join(", ")} (matches every client)`));
    }
    return out;
  },
};
