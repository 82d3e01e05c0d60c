import type { Rule, RuleFinding } from "../types";
import { isEmpty, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-SSM-002",
  title: "SecureString parameters use a customer-managed key (advisory)",
  severity: "warning",
  mirrors: ["CKV_AWS_337"],
  resourceTypes: ["aws_ssm_parameter"],
  description: "SecureString parameters set `key_id` to a customer-managed KMS key (advisory; the default is `alias/aws/ssm`).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const p of view.resources("aws_ssm_parameter")) {
      if (literal(p.config.type) !== "SecureString") continue;
      const key = literal(p.config.key_id);
      if (isEmpty(p.config.key_id) || key === "alias/aws/ssm") out.push(view.at(p, "SecureString encrypted with the AWS-managed key alias/aws/ssm"));
    }
    return out;
  },
};
