import type { Rule, RuleFinding } from "../types";
import { trustPolicySites } from "../lib/iam";
import { isAccountPrincipal, readPolicy } from "../lib/policy-doc";

export const rule: Rule = {
  id: "AOA-IAM-002",
  title: "Role trust does not hand a whole account the role",
  severity: "error",
  mirrors: ["CKV_AWS_61"],
  resourceTypes: ["aws_iam_role", "aws_iam_policy_document"],
  description: "An Allow to an account root (`arn:aws:iam::<id>:root` or a bare account id) carries a Condition (e.g. `aws:PrincipalArn`); otherwise trust a specific role ARN.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const site of trustPolicySites(view)) {
      const read = readPolicy(view, site.value);
      if (read.kind !== "doc") continue;
      for (const s of read.doc.statements) {
        if (s.effect !== "Allow" || s.conditions.length > 0) continue;
        const acct = s.principals.filter(isAccountPrincipal);
        if (acct.length) out.push(view.at(site.res, `trust policy lets every principal of ${acct.map((p) => p.id).join(", ")} assume the role; trust a specific role or add a Condition (aws:PrincipalArn)`));
      }
    }
    return out;
  },
};
