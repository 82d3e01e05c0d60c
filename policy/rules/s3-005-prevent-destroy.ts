import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-S3-005",
  title: "Buckets are protected from destroy",
  severity: "error",
  mirrors: ["ref:aws-facts-prevent-destroy-state"],
  resourceTypes: ["aws_s3_bucket"],
  description: "`lifecycle.prevent_destroy = true` (state and truststore buckets must never be recreated by accident).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const b of view.resources("aws_s3_bucket")) {
      if (bool(view.lifecycle(b).prevent_destroy) !== true) out.push(view.at(b, "lifecycle.prevent_destroy is not true"));
    }
    return out;
  },
};
