import type { Rule, RuleFinding } from "../types";
import { bucketCompanions } from "../lib/relations";
import { block, bool, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-S3-001",
  title: "Buckets are versioned",
  severity: "error",
  mirrors: ["S3.14", "CKV_AWS_21", "AWS-0090"],
  resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_versioning"],
  description: '`aws_s3_bucket_versioning` with `bucket` referencing the bucket and `versioning_configuration.status = "Enabled"`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const b of view.resources("aws_s3_bucket")) {
      const legacy = bool(block(b.config.versioning)?.enabled) === true;
      const v = bucketCompanions(view, "aws_s3_bucket_versioning", b);
      const enabled = v.some((x) => {
        const s = block(x.config.versioning_configuration)?.status;
        return literal(s) === "Enabled" || view.isToken(s);
      });
      if (!enabled && !legacy) out.push(view.at(b, v.length ? "versioning_configuration.status is not Enabled" : "no aws_s3_bucket_versioning for this bucket"));
    }
    return out;
  },
};
