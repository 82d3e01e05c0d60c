import type { Rule, RuleFinding } from "../types";
import { aclRules } from "../lib/waf";
import { block, bool } from "../lib/values";

const metricsOn = (v: unknown) => {
  const b = bool(block(v)?.cloudwatch_metrics_enabled);
  return b === true || b === "unknown";
};

export const rule: Rule = {
  id: "AOA-WAF-003",
  title: "CloudWatch metrics on the web ACL and every rule",
  severity: "error",
  mirrors: ["WAF.12"],
  resourceTypes: ["aws_wafv2_web_acl"],
  description: "`visibility_config.cloudwatch_metrics_enabled = true` on the ACL and on every rule.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const acl of view.resources("aws_wafv2_web_acl")) {
      if (!metricsOn(acl.config.visibility_config)) out.push(view.at(acl, "visibility_config.cloudwatch_metrics_enabled is not true on the web ACL"));
      for (const r of aclRules(acl.config)) {
        if (!metricsOn(r.visibility_config)) out.push(view.at(acl, `rule ${JSON.stringify(r.name ?? "?")}: visibility_config.cloudwatch_metrics_enabled is not true`));
      }
    }
    return out;
  },
};
