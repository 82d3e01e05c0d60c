import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-ACM-001",
  title: "Certificates create_before_destroy",
  severity: "error",
  mirrors: ["CKV_AWS_233", "ref:terraform-provider-aws#4712"],
  resourceTypes: ["aws_acm_certificate"],
  description: "`lifecycle.create_before_destroy = true` (a certificate in use cannot be deleted first).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const c of view.resources("aws_acm_certificate")) {
      if (bool(view.lifecycle(c).create_before_destroy) !== true) out.push(view.at(c, "lifecycle.create_before_destroy is not true"));
    }
    return out;
  },
};
