import type { Rule, RuleFinding } from "../types";
import { bucketCompanions } from "../lib/relations";
import { block, blocks, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-S3-002",
  title: "Buckets declare default encryption",
  severity: "error",
  mirrors: ["AWS-0088", "CKV_AWS_145", "S3.17"],
  resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration"],
  description: "`aws_s3_bucket_server_side_encryption_configuration` referencing the bucket with `sse_algorithm` `aws:kms`/`aws:kms:dsse`/`AES256`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const b of view.resources("aws_s3_bucket")) {
      const cfgs = bucketCompanions(view, "aws_s3_bucket_server_side_encryption_configuration", b);
      const algs = cfgs.flatMap((c) => blocks(c.config.rule).map((r) => block(r.apply_server_side_encryption_by_default)?.sse_algorithm));
      const ok = algs.some((a) => view.isToken(a) || ["aws:kms", "aws:kms:dsse", "AES256"].includes(literal(a) ?? ""));
      if (!ok) out.push(view.at(b, cfgs.length ? "server-side encryption configuration has no sse_algorithm" : "no aws_s3_bucket_server_side_encryption_configuration for this bucket"));
    }
    return out;
  },
};
