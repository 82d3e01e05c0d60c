import type { Rule, RuleFinding } from "../types";
import { bool, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-ELB-004",
  title: "Cross-zone load balancing on network load balancers",
  severity: "error",
  mirrors: ["CKV_AWS_152"],
  resourceTypes: ["aws_lb"],
  description: '`enable_cross_zone_load_balancing = true` on `load_balancer_type = "network"`: a zone whose endpoint/target is unhealthy must not black-hole its share.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const lb of view.resources("aws_lb")) {
      const type = literal(lb.config.load_balancer_type);
      if (type !== "network" && type !== "gateway") continue;
      const v = bool(lb.config.enable_cross_zone_load_balancing);
      if (v !== true && v !== "unknown") out.push(view.at(lb, "enable_cross_zone_load_balancing is not true"));
    }
    return out;
  },
};
