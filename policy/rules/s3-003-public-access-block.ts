import type { Rule, RuleFinding } from "../types";
import { bucketCompanions } from "../lib/relations";
import { bool } from "../lib/values";

const SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const rule: Rule = {
  id: "AOA-S3-003",
  title: "Buckets block all public access",
  severity: "error",
  mirrors: ["S3.8", "CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AWS-0094", "AwsSolutions-S2"],
  resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_public_access_block"],
  description: "`aws_s3_bucket_public_access_block` referencing the bucket with all four settings `true`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const b of view.resources("aws_s3_bucket")) {
      const pabs = bucketCompanions(view, "aws_s3_bucket_public_access_block", b);
      if (pabs.length === 0) {
        out.push(view.at(b, "no aws_s3_bucket_public_access_block for this bucket"));
        continue;
      }
      for (const p of pabs) {
        const off = SETTINGS.filter((s) => {
          const v = bool(p.config[s]);
          return v !== true && v !== "unknown";
        });
        if (off.length) out.push(view.at(p, `${off.join(", ")} not true`));
      }
    }
    return out;
  },
};
