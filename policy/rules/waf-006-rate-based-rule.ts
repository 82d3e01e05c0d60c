import type { Rule, RuleFinding } from "../types";
import { aclRules, actionKind, findDeep } from "../lib/waf";
import { num } from "../lib/values";

export const rule: Rule = {
  id: "AOA-WAF-006",
  title: "Web ACL has a blocking rate-based rule",
  severity: "error",
  mirrors: ["ref:aws-waf-guide-rate-based-rules", "ref:aws-facts-shared-account-throttle"],
  resourceTypes: ["aws_wafv2_web_acl"],
  description: "At least one rule with a `rate_based_statement` (limit >= 10) and action block/captcha/challenge: one client cannot exhaust the account throttle all apps share.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const acl of view.resources("aws_wafv2_web_acl")) {
      const rate = aclRules(acl.config).filter((r) => findDeep(r.statement, "rate_based_statement").length > 0);
      const blocking = rate.filter((r) => ["block", "captcha", "challenge"].includes(actionKind(r.action) ?? ""));
      if (blocking.length === 0) {
        out.push(view.at(acl, rate.length ? "the rate-based rule does not block (action is count/allow)" : "no rate-based rule"));
        continue;
      }
      for (const r of blocking) {
        for (const s of findDeep(r.statement, "rate_based_statement")) {
          const limit = num(s.limit);
          if (typeof limit === "number" && limit < 10) out.push(view.at(acl, `rule ${JSON.stringify(r.name)}: rate limit ${limit} is below WAF's minimum of 10`));
        }
      }
    }
    return out;
  },
};
