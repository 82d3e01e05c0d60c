import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-ELB-002",
  title: "Load balancer deletion protection",
  severity: "error",
  mirrors: ["ELB.6", "CKV_AWS_150"],
  resourceTypes: ["aws_lb"],
  description: "`enable_deletion_protection = true` (error in prod, warning elsewhere).",
  check(view, ctx) {
    const out: RuleFinding[] = [];
    for (const lb of view.resources("aws_lb")) {
      const v = bool(lb.config.enable_deletion_protection);
      if (v !== true && v !== "unknown") out.push(view.at(lb, "enable_deletion_protection is not true", ctx.isProd ? "error" : "warning"));
    }
    return out;
  },
};
