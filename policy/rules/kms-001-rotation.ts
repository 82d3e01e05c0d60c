import type { Rule, RuleFinding } from "../types";
import { bool, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-KMS-001",
  title: "Symmetric KMS keys rotate",
  severity: "error",
  mirrors: ["KMS.4", "CKV_AWS_7", "AWS-0065", "AwsSolutions-KMS5"],
  resourceTypes: ["aws_kms_key"],
  description: "`enable_key_rotation = true` on symmetric ENCRYPT_DECRYPT keys.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const k of view.resources("aws_kms_key")) {
      const spec = literal(k.config.customer_master_key_spec) ?? "SYMMETRIC_DEFAULT";
      const usage = literal(k.config.key_usage) ?? "ENCRYPT_DECRYPT";
      if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") continue;
      const v = bool(k.config.enable_key_rotation);
      if (v !== true && v !== "unknown") out.push(view.at(k, "enable_key_rotation is not true"));
    }
    return out;
  },
};
