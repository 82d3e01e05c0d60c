import type { Rule, RuleFinding } from "../types";
import { settingsOf } from "../lib/relations";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-002",
  title: "Full request/response logging (data trace) is off",
  severity: "error",
  mirrors: ["CKV_AWS_276"],
  resourceTypes: ["aws_api_gateway_method_settings"],
  description: "`settings.data_trace_enabled` is not true (it would log bearer tokens and bodies).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const ms of view.resources("aws_api_gateway_method_settings")) {
      if (bool(settingsOf(ms).data_trace_enabled) === true) {
        out.push(view.at(ms, "settings.data_trace_enabled = true logs full requests and responses (Authorization headers, bodies); set it to false"));
      }
    }
    return out;
  },
};
