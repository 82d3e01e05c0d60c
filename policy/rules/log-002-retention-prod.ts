import type { Rule, RuleFinding } from "../types";
import { num } from "../lib/values";

export const PROD_MIN_RETENTION_DAYS = 365;

export const rule: Rule = {
  id: "AOA-LOG-002",
  title: "Production log groups keep logs for at least a year",
  severity: "error",
  mirrors: ["CKV_AWS_338", "CloudWatch.16"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  description: "In prod, `retention_in_days` >= 365 (only checked when the context is prod).",
  check(view, ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.isProd) return out;
    for (const lg of view.resources("aws_cloudwatch_log_group")) {
      const r = num(lg.config.retention_in_days);
      if (typeof r === "number" && r > 0 && r < PROD_MIN_RETENTION_DAYS) out.push(view.at(lg, `retention_in_days is ${r}; prod keeps logs >= ${PROD_MIN_RETENTION_DAYS} days`));
    }
    return out;
  },
};
