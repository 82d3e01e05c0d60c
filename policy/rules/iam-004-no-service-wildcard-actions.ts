import type { Rule, RuleFinding } from "../types";
import { identityPolicySites } from "../lib/iam";
import { hasWildcardReason, readPolicy } from "../lib/policy-doc";

export const rule: Rule = {
  id: "AOA-IAM-004",
  title: "No service-wide wildcard actions without a reason",
  severity: "error",
  mirrors: ["IAM.21", "AwsSolutions-IAM5"],
  resourceTypes: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_role", "aws_iam_policy_document"],
  description: 'No Allow of `"<service>:*"` unless the statement\'s Sid is `WildcardReason<Why>`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const site of identityPolicySites(view)) {
      const read = readPolicy(view, site.value);
      if (read.kind !== "doc") continue;
      for (const s of read.doc.statements) {
        if (s.effect !== "Allow" || hasWildcardReason(s)) continue;
        const wild = s.actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
        if (wild.length) out.push(view.at(site.res, `${site.label}: ${wild.join(", ")} allows every action of the service; list the actions or name the reason in Sid "WildcardReason<Why>"`));
      }
    }
    return out;
  },
};
