import type { Rule, RuleFinding } from "../types";
import { list, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-WAF-002",
  title: "Web ACL logging to an aws-waf-logs-* destination",
  severity: "error",
  mirrors: ["WAF.11", "CKV2_AWS_31"],
  resourceTypes: ["aws_wafv2_web_acl", "aws_wafv2_web_acl_logging_configuration", "aws_cloudwatch_log_group"],
  description: "Each web ACL has an `aws_wafv2_web_acl_logging_configuration` (same stack, `resource_arn` referencing it) whose destinations are named `aws-waf-logs-*`.",
  check(view) {
    const out: RuleFinding[] = [];
    const configs = view.resources("aws_wafv2_web_acl_logging_configuration");
    for (const acl of view.resources("aws_wafv2_web_acl")) {
      if (!configs.some((c) => view.refersTo(c.config.resource_arn, acl))) out.push(view.at(acl, "no aws_wafv2_web_acl_logging_configuration references this web ACL"));
    }
    for (const c of configs) {
      const dests = list(c.config.log_destination_configs);
      if (dests.length === 0) out.push(view.at(c, "log_destination_configs is empty"));
      for (const d of dests) {
        for (const lg of view.referenced(d, "aws_cloudwatch_log_group")) {
          const name = literal(lg.config.name);
          if (name !== undefined && !name.startsWith("aws-waf-logs-")) out.push(view.at(c, `destination ${lg.address} is named ${JSON.stringify(name)}; WAF requires aws-waf-logs-*`));
        }
        const lit = literal(d);
        if (lit !== undefined && !/aws-waf-logs-/.test(lit)) out.push(view.at(c, `destination ${lit} is not named aws-waf-logs-*`));
      }
    }
    return out;
  },
};
