import type { Rule, RuleFinding } from "../types";
import { block, bool, isEmpty } from "../lib/values";

export const rule: Rule = {
  id: "AOA-ELB-003",
  title: "Load balancer access logs (advisory)",
  severity: "warning",
  mirrors: ["ELB.5", "CKV_AWS_91", "AwsSolutions-ELB2"],
  resourceTypes: ["aws_lb"],
  description: "`access_logs { enabled = true, bucket = … }` (advisory; NLBs log TLS listeners only, API Gateway access logs cover requests).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const lb of view.resources("aws_lb")) {
      const a = block(lb.config.access_logs);
      if (!a || bool(a.enabled) === false || isEmpty(a.bucket)) out.push(view.at(lb, "access_logs not enabled"));
    }
    return out;
  },
};
