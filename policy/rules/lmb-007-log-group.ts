import type { Rule, RuleFinding } from "../types";
import { block, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-LMB-007",
  title: "Lambda logs go to a log group the stack manages",
  severity: "warning",
  mirrors: ["CKV_AWS_66", "ref:lambda-implicit-log-group-never-expires"],
  resourceTypes: ["aws_lambda_function", "aws_cloudwatch_log_group"],
  description: "`logging_config.log_group` references a log group of the stack, or the stack has `/aws/lambda/<function_name>` (otherwise Lambda creates one that never expires).",
  check(view) {
    const out: RuleFinding[] = [];
    const groups = view.resources("aws_cloudwatch_log_group");
    const names = new Set(groups.map((g) => literal(g.config.name)).filter(Boolean));
    for (const fn of view.resources("aws_lambda_function")) {
      const lc = block(fn.config.logging_config);
      if (lc?.log_group !== undefined) {
        if (view.referenced(lc.log_group, "aws_cloudwatch_log_group").length > 0 || names.has(literal(lc.log_group))) continue;
        if (view.isToken(lc.log_group)) continue;
      }
      const fnName = literal(fn.config.function_name);
      if (fnName === undefined) continue;
      if (!names.has(`/aws/lambda/${fnName}`)) out.push(view.at(fn, `no aws_cloudwatch_log_group /aws/lambda/${fnName} (or logging_config.log_group) in the stack: Lambda would create one without retention`));
    }
    return out;
  },
};
