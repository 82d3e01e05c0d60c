import type { Rule, RuleFinding } from "../types";
import { aclRules, actionKind, isGroupRule } from "../lib/waf";

export const rule: Rule = {
  id: "AOA-WAF-005",
  title: "Web ACL default action set and every rule has an action",
  severity: "error",
  mirrors: ["CKV_AWS_342"],
  resourceTypes: ["aws_wafv2_web_acl"],
  description: "`default_action` is allow or block; rule-group rules have `override_action`, other rules an `action`; at least one rule blocks (not everything in count mode).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const acl of view.resources("aws_wafv2_web_acl")) {
      const def = actionKind(acl.config.default_action);
      if (def !== "allow" && def !== "block") out.push(view.at(acl, "default_action must be allow {} or block {}"));
      let enforcing = 0;
      for (const r of aclRules(acl.config)) {
        const name = JSON.stringify(r.name ?? "?");
        if (isGroupRule(r)) {
          const ov = actionKind(r.override_action);
          if (!ov) out.push(view.at(acl, `rule ${name}: rule group without override_action`));
          if (ov === "none") enforcing++;
        } else {
          const a = actionKind(r.action);
          if (!a) out.push(view.at(acl, `rule ${name}: no action`));
          if (a === "block" || a === "captcha" || a === "challenge") enforcing++;
        }
      }
      if (aclRules(acl.config).length > 0 && enforcing === 0 && def !== "block") out.push(view.at(acl, "no rule blocks anything (all rules count/allow)"));
    }
    return out;
  },
};
