import type { Rule, RuleFinding } from "../types";
import { num } from "../lib/values";

export const rule: Rule = {
  id: "AOA-LOG-001",
  title: "Log groups have a retention period",
  severity: "error",
  mirrors: ["CKV_AWS_66"],
  resourceTypes: ["aws_cloudwatch_log_group"],
  description: "`retention_in_days` is set and > 0 (0/unset = never expire).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const lg of view.resources("aws_cloudwatch_log_group")) {
      const r = num(lg.config.retention_in_days);
      if (r === "unknown") continue;
      if (r === undefined || r <= 0) out.push(view.at(lg, "retention_in_days is not set: logs never expire"));
    }
    return out;
  },
};
