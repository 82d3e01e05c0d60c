import type { Rule, RuleFinding } from "../types";
import { bool, list, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-021",
  title: "VPC link targets an internal Network Load Balancer",
  severity: "error",
  mirrors: ["AWS-0053", "ref:apigw-guide-vpc-links-v1"],
  resourceTypes: ["aws_api_gateway_vpc_link"],
  description: "`target_arns` has exactly one entry; when it references an `aws_lb` of the stack, that LB is `load_balancer_type = \"network\"` and `internal = true`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const link of view.resources("aws_api_gateway_vpc_link")) {
      const targets = list(link.config.target_arns);
      if (targets.length !== 1 && !view.isToken(link.config.target_arns)) out.push(view.at(link, `target_arns has ${targets.length} entries; a REST VPC link targets exactly one NLB`));
      for (const lb of view.referenced(link.config.target_arns, "aws_lb")) {
        if (literal(lb.config.load_balancer_type) !== "network") out.push(view.at(link, `target ${lb.address} is not a network load balancer`));
        if (bool(lb.config.internal) !== true) out.push(view.at(link, `target ${lb.address} is not internal`));
      }
    }
    return out;
  },
};
