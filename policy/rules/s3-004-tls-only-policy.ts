import type { Rule, RuleFinding } from "../types";
import { bucketCompanions } from "../lib/relations";
import { conditionsOn, isAnyPrincipal, readPolicy } from "../lib/policy-doc";

export const rule: Rule = {
  id: "AOA-S3-004",
  title: "Bucket policy denies non-TLS requests",
  severity: "error",
  mirrors: ["S3.5", "AwsSolutions-S10"],
  resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_policy"],
  description: 'An `aws_s3_bucket_policy` for the bucket has a Deny for principal `*`, action `s3:*`, condition `Bool aws:SecureTransport = "false"`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const b of view.resources("aws_s3_bucket")) {
      const policies = bucketCompanions(view, "aws_s3_bucket_policy", b);
      let ok = false;
      let opaque = false;
      for (const p of policies) {
        const read = readPolicy(view, p.config.policy);
        if (read.kind === "opaque") opaque = true;
        if (read.kind !== "doc") continue;
        ok ||= read.doc.statements.some(
          (s) =>
            s.effect === "Deny" &&
            (s.principals.some(isAnyPrincipal) || s.principals.length === 0) &&
            s.actions.some((a) => a === "s3:*" || a === "*") &&
            conditionsOn(s, "aws:SecureTransport").some((c) => c.test === "Bool" && c.values.map((v) => v.toLowerCase()).includes("false")),
        );
      }
      if (!ok && !opaque) out.push(view.at(b, policies.length ? "bucket policy has no Deny on aws:SecureTransport = false" : "no aws_s3_bucket_policy (TLS-only) for this bucket"));
    }
    return out;
  },
};
