import type { Rule, RuleFinding } from "../types";
import { blocks } from "../lib/values";

export const rule: Rule = {
  id: "AOA-R53-002",
  title: "Public hosted zones log DNS queries (advisory)",
  severity: "warning",
  mirrors: ["Route53.2", "CKV2_AWS_39"],
  resourceTypes: ["aws_route53_zone", "aws_route53_query_log"],
  description: "Each public zone has an `aws_route53_query_log` whose `zone_id` references it (needs a us-east-1 log group).",
  check(view) {
    const out: RuleFinding[] = [];
    const logs = view.resources("aws_route53_query_log");
    for (const z of view.resources("aws_route53_zone")) {
      if (blocks(z.config.vpc).length > 0) continue;
      if (!logs.some((l) => view.refersTo(l.config.zone_id, z))) out.push(view.at(z, "no aws_route53_query_log for this zone"));
    }
    return out;
  },
};
