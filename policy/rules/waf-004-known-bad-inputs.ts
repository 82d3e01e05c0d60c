import type { Rule, RuleFinding } from "../types";
import { aclRules, actionKind, managedGroups } from "../lib/waf";
import { block, blocks } from "../lib/values";

export const KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";
const isLog4j = (name: unknown) => typeof name === "string" && /^Log4JRCE/i.test(name);

export const rule: Rule = {
  id: "AOA-WAF-004",
  title: "AWSManagedRulesKnownBadInputsRuleSet enforced, Log4JRCE not excluded",
  severity: "error",
  mirrors: ["CKV_AWS_192", "CKV2_AWS_77"],
  resourceTypes: ["aws_wafv2_web_acl"],
  description: "A rule uses the AWS managed group `AWSManagedRulesKnownBadInputsRuleSet` with `override_action { none {} }`; no `excluded_rule` and no `rule_action_override` (to count/allow) for `Log4JRCE*`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const acl of view.resources("aws_wafv2_web_acl")) {
      const rules = aclRules(acl.config).filter((r) => managedGroups(r).some((g) => g.name === KNOWN_BAD_INPUTS));
      if (rules.length === 0) {
        out.push(view.at(acl, `no rule uses the managed rule group ${KNOWN_BAD_INPUTS} (Log4j/known bad inputs protection)`));
        continue;
      }
      for (const r of rules) {
        const ov = actionKind(r.override_action);
        if (ov !== undefined && ov !== "none") out.push(view.at(acl, `rule ${JSON.stringify(r.name)}: override_action ${ov} turns ${KNOWN_BAD_INPUTS} off; use none`));
        for (const g of managedGroups(r).filter((x) => x.name === KNOWN_BAD_INPUTS)) {
          for (const ex of blocks(g.excluded_rule)) if (isLog4j(ex.name)) out.push(view.at(acl, `rule ${JSON.stringify(r.name)}: ${ex.name} is excluded`));
          for (const o of blocks(g.rule_action_override)) {
            const kind = actionKind(block(o.action_to_use));
            if (isLog4j(o.name) && (kind === "count" || kind === "allow")) out.push(view.at(acl, `rule ${JSON.stringify(r.name)}: ${o.name} is overridden to ${kind}`));
          }
        }
      }
    }
    return out;
  },
};
