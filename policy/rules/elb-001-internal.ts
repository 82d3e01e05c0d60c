import type { Rule, RuleFinding } from "../types";
import { bool, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-ELB-001",
  title: "Load balancers are internal",
  severity: "error",
  mirrors: ["AWS-0053"],
  resourceTypes: ["aws_lb"],
  description: "`internal = true` (gateway load balancers excepted): the only public entry point is API Gateway.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const lb of view.resources("aws_lb")) {
      if (literal(lb.config.load_balancer_type) === "gateway") continue;
      const v = bool(lb.config.internal);
      if (v !== true && v !== "unknown") out.push(view.at(lb, "internal is not true: the load balancer would be internet-facing"));
    }
    return out;
  },
};
