import type { Rule, RuleFinding } from "../types";
import { settingsOf } from "../lib/relations";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-007",
  title: "Stage cache data encrypted",
  severity: "error",
  mirrors: ["APIGateway.5", "CKV_AWS_308", "AWS-0002"],
  resourceTypes: ["aws_api_gateway_method_settings"],
  description: "Method settings with `caching_enabled = true` set `cache_data_encrypted = true` (error); with caching off, not setting it is a warning.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const ms of view.resources("aws_api_gateway_method_settings")) {
      const s = settingsOf(ms);
      const encrypted = bool(s.cache_data_encrypted);
      if (encrypted === true || encrypted === "unknown") continue;
      if (bool(s.caching_enabled) === true) out.push(view.at(ms, "caching_enabled = true but cache_data_encrypted is not true"));
      else out.push(view.at(ms, "cache_data_encrypted is not true (advisory while caching is off: set it so enabling the cache later stays encrypted)", "warning"));
    }
    return out;
  },
};
