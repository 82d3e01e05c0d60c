import type { Rule, RuleFinding } from "../types";
import { block } from "../lib/values";

export const rule: Rule = {
  id: "AOA-LMB-001",
  title: "Lambda active tracing",
  severity: "error",
  mirrors: ["Lambda.7", "CKV_AWS_50", "AWS-0066"],
  resourceTypes: ["aws_lambda_function"],
  description: '`tracing_config.mode = "Active"` (error in prod, warning elsewhere).',
  check(view, ctx) {
    const out: RuleFinding[] = [];
    for (const fn of view.resources("aws_lambda_function")) {
      const mode = block(fn.config.tracing_config)?.mode;
      if (mode !== "Active" && !view.isToken(mode)) out.push(view.at(fn, `tracing_config.mode is ${JSON.stringify(mode ?? "unset")}; must be "Active"`, ctx.isProd ? "error" : "warning"));
    }
    return out;
  },
};
