import type { Rule, RuleFinding } from "../types";
import { trustPolicySites } from "../lib/iam";
import { readPolicy } from "../lib/policy-doc";

export const rule: Rule = {
  id: "AOA-IAM-001",
  title: "Role trust policies name specific principals",
  severity: "error",
  mirrors: ["CKV_AWS_60"],
  resourceTypes: ["aws_iam_role", "aws_iam_policy_document"],
  description: "No Allow statement in `assume_role_policy` has principal `*` (bare, `AWS`, `Federated` or `Service`), conditions or not.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const site of trustPolicySites(view)) {
      const read = readPolicy(view, site.value);
      if (read.kind !== "doc") continue;
      for (const s of read.doc.statements) {
        if (s.effect === "Allow" && s.principals.some((p) => p.id === "*")) out.push(view.at(site.res, `trust policy statement${s.sid ? ` ${s.sid}` : ""} allows principal "*"`));
      }
    }
    return out;
  },
};
