import type { Rule, RuleFinding } from "../types";
import { identityPolicySites } from "../lib/iam";
import { readPolicy } from "../lib/policy-doc";

export const rule: Rule = {
  id: "AOA-IAM-003",
  title: "No full-admin actions",
  severity: "error",
  mirrors: ["IAM.1", "CKV_AWS_62", "CKV_AWS_63", "AWS-0057"],
  resourceTypes: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_role", "aws_iam_policy_document"],
  description: 'No Allow statement with `Action` `"*"` or `"*:*"`, and no Allow with `NotAction`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const site of identityPolicySites(view)) {
      const read = readPolicy(view, site.value);
      if (read.kind !== "doc") continue;
      for (const s of read.doc.statements) {
        if (s.effect !== "Allow") continue;
        const name = s.sid ? ` ${s.sid}` : "";
        if (s.actions.some((a) => a === "*" || a === "*:*")) out.push(view.at(site.res, `${site.label}: statement${name} allows every action ("*")`));
        if (s.notActions.length) out.push(view.at(site.res, `${site.label}: statement${name} uses Allow + NotAction (allows everything else)`));
      }
    }
    return out;
  },
};
