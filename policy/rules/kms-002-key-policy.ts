import type { Rule, RuleFinding } from "../types";
import { isAnyPrincipal, readPolicy } from "../lib/policy-doc";

export const rule: Rule = {
  id: "AOA-KMS-002",
  title: "Key policies do not open the key to everyone",
  severity: "error",
  mirrors: ["CKV_AWS_33"],
  resourceTypes: ["aws_kms_key"],
  description: "No Allow statement in the key `policy` with principal `*` unless it carries a Condition.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const k of view.resources("aws_kms_key")) {
      const read = readPolicy(view, k.config.policy);
      if (read.kind !== "doc") continue;
      for (const s of read.doc.statements) {
        if (s.effect === "Allow" && s.principals.some(isAnyPrincipal) && s.conditions.length === 0) out.push(view.at(k, `key policy statement${s.sid ? ` ${s.sid}` : ""} allows principal * without a condition`));
      }
    }
    return out;
  },
};
