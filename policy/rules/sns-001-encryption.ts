import type { Rule, RuleFinding } from "../types";
import { isEmpty } from "../lib/values";

export const rule: Rule = {
  id: "AOA-SNS-001",
  title: "SNS topics encrypted (advisory)",
  severity: "warning",
  mirrors: ["SNS.1", "CKV_AWS_26", "AWS-0095", "AwsSolutions-SNS2"],
  resourceTypes: ["aws_sns_topic"],
  description: "`kms_master_key_id` set (e.g. `alias/aws/sns`, or a CMK CloudWatch may use).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const t of view.resources("aws_sns_topic")) if (isEmpty(t.config.kms_master_key_id)) out.push(view.at(t, "kms_master_key_id not set"));
    return out;
  },
};
