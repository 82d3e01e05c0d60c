import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-010",
  title: "Deployment create_before_destroy",
  severity: "error",
  mirrors: ["CKV_AWS_217", "ref:terraform-provider-aws#19805"],
  resourceTypes: ["aws_api_gateway_deployment"],
  description: "`lifecycle.create_before_destroy = true` on every deployment (the stage moves to the new deployment before the old one is deleted).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const d of view.resources("aws_api_gateway_deployment")) {
      if (bool(view.lifecycle(d).create_before_destroy) !== true) out.push(view.at(d, "lifecycle.create_before_destroy is not true (\"Active stages pointing to this deployment\" on replacement)"));
    }
    return out;
  },
};
