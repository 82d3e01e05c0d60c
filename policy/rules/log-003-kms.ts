import type { Rule, RuleFinding } from "../types";
import { isEmpty } from "../lib/values";

export const rule: Rule = {
  id: "AOA-LOG-003",
  title: "Log groups encrypted with a customer-managed KMS key (advisory)",
  severity: "warning",
  mirrors: ["CKV_AWS_158", "AWS-0017"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  description: "`kms_key_id` set (advisory: CloudWatch Logs encrypts with an AWS key otherwise).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const lg of view.resources("aws_cloudwatch_log_group")) {
      if (isEmpty(lg.config.kms_key_id)) out.push(view.at(lg, "kms_key_id not set (logs use CloudWatch's own key)"));
    }
    return out;
  },
};
