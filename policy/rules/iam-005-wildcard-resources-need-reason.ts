import type { Rule, RuleFinding } from "../types";
import { identityPolicySites } from "../lib/iam";
import { hasWildcardReason, readPolicy } from "../lib/policy-doc";
import { literalPart } from "../lib/values";

/** Wildcards scoped inside one named resource, accepted without a reason: log streams of one group, objects of one bucket. */
export const SCOPED_WILDCARDS = [/^(arn:[^*]+:log-group:[^*:]+|\$\{[^}]+\}):\*$/, /^(arn:[a-z-]+:s3:::[^*/]+|\$\{[^}]+\})\/\*$/];

export const rule: Rule = {
  id: "AOA-IAM-005",
  title: "Wildcard resources only with a written reason",
  severity: "error",
  mirrors: ["CKV_AWS_355", "AwsSolutions-IAM5"],
  resourceTypes: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_role", "aws_iam_policy_document"],
  description:
    'An Allow statement whose `Resource` contains `*` (outside `${...}`) has Sid `WildcardReason<Why>` (8+ letters/digits after the prefix); exempt: `<log-group-arn>:*` and `<bucket-arn>/*`. `NotResource` with Allow is never allowed.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const site of identityPolicySites(view)) {
      const read = readPolicy(view, site.value);
      if (read.kind !== "doc") continue;
      for (const s of read.doc.statements) {
        if (s.effect !== "Allow") continue;
        const name = s.sid ? ` ${s.sid}` : "";
        if (s.notResources.length) out.push(view.at(site.res, `${site.label}: statement${name} uses Allow + NotResource`));
        if (hasWildcardReason(s)) continue;
        const wild = s.resources.filter((r) => literalPart(r).includes("*") && !SCOPED_WILDCARDS.some((re) => re.test(r)));
        if (wild.length) out.push(view.at(site.res, `${site.label}: statement${name} has wildcard resource ${wild.join(", ")} without a reason (Sid "WildcardReason<Why>")`));
      }
    }
    return out;
  },
};
