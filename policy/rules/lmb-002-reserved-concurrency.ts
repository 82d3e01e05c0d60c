import type { Rule, RuleFinding } from "../types";
import { num } from "../lib/values";

export const rule: Rule = {
  id: "AOA-LMB-002",
  title: "Lambda reserved concurrency",
  severity: "error",
  mirrors: ["CKV_AWS_115"],
  resourceTypes: ["aws_lambda_function"],
  description: "`reserved_concurrent_executions` >= 1 (unset/-1 = unreserved, 0 = disabled).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const fn of view.resources("aws_lambda_function")) {
      const n = num(fn.config.reserved_concurrent_executions);
      if (n === "unknown") continue;
      if (n === undefined || n < 0) out.push(view.at(fn, "reserved_concurrent_executions is not set: the function can starve (or be starved by) the account's concurrency"));
      else if (n === 0) out.push(view.at(fn, "reserved_concurrent_executions = 0 disables the function"));
    }
    return out;
  },
};
