import type { Rule, RuleFinding } from "../types";
import { num } from "../lib/values";

/** API Gateway gives up after 29 s; a function behind it must finish first. */
export const MAX_LAMBDA_TIMEOUT_SECONDS = 28;

export const rule: Rule = {
  id: "AOA-LMB-003",
  title: "Lambda timeout under API Gateway's 29 s",
  severity: "error",
  mirrors: ["ref:apigw-quota-integration-timeout-29s"],
  resourceTypes: ["aws_lambda_function"],
  description: "`timeout` < 29 seconds (the default of 3 s passes).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const fn of view.resources("aws_lambda_function")) {
      const t = num(fn.config.timeout);
      if (typeof t === "number" && t > MAX_LAMBDA_TIMEOUT_SECONDS) out.push(view.at(fn, `timeout ${t} s is not under API Gateway's 29 s integration/authorizer limit`));
    }
    return out;
  },
};
