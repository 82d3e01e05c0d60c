import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-009",
  title: "REST API create_before_destroy",
  severity: "error",
  mirrors: ["CKV_AWS_237"],
  resourceTypes: ["aws_api_gateway_rest_api"],
  description: "`lifecycle.create_before_destroy = true` on the REST API.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const api of view.resources("aws_api_gateway_rest_api")) {
      if (bool(view.lifecycle(api).create_before_destroy) !== true) out.push(view.at(api, "lifecycle.create_before_destroy is not true"));
    }
    return out;
  },
};
