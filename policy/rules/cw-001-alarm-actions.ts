import type { Rule, RuleFinding } from "../types";
import { bool, list } from "../lib/values";

export const rule: Rule = {
  id: "AOA-CW-001",
  title: "Alarms notify someone",
  severity: "error",
  mirrors: ["CloudWatch.15", "CloudWatch.17", "CKV_AWS_319"],
  resourceTypes: ["aws_cloudwatch_metric_alarm"],
  description: "`alarm_actions` non-empty and `actions_enabled` not false.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const a of view.resources("aws_cloudwatch_metric_alarm")) {
      if (list(a.config.alarm_actions).length === 0 && !view.isToken(a.config.alarm_actions)) out.push(view.at(a, "alarm_actions is empty"));
      if (bool(a.config.actions_enabled) === false) out.push(view.at(a, "actions_enabled = false"));
    }
    return out;
  },
};
