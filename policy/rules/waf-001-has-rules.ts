import type { Rule, RuleFinding } from "../types";
import { aclRules } from "../lib/waf";

export const rule: Rule = {
  id: "AOA-WAF-001",
  title: "Web ACL has at least one rule",
  severity: "error",
  mirrors: ["WAF.10", "CKV_AWS_175"],
  resourceTypes: ["aws_wafv2_web_acl"],
  description: "At least one `rule` block (rules are written as blocks, not `rule_json`).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const acl of view.resources("aws_wafv2_web_acl")) {
      if (aclRules(acl.config).length === 0) out.push(view.at(acl, "web ACL has no rule blocks"));
    }
    return out;
  },
};
