import type { Rule, RuleFinding } from "../types";
import { block, isEmpty, isToken } from "../lib/values";

/** Replaces `$context.x`/`$stageVariables.x` variables so the format can be checked as JSON. */
export function accessLogFormatAsJson(format: string): unknown {
  const probe = format.replace(/\$(context|stageVariables)\.[A-Za-z0-9_.-]+/g, "0");
  return JSON.parse(probe);
}

export const rule: Rule = {
  id: "AOA-APIG-006",
  title: "Stage access logs: destination and JSON format with $context.requestId",
  severity: "error",
  mirrors: ["APIGateway.9", "CKV_AWS_76", "AwsSolutions-APIG1", "AWS-0001"],
  resourceTypes: ["aws_api_gateway_stage"],
  description: "`access_log_settings` has a `destination_arn` and a `format` that is a one-line JSON object including `$context.requestId`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const stage of view.resources("aws_api_gateway_stage")) {
      const s = block(stage.config.access_log_settings);
      if (!s) {
        out.push(view.at(stage, "no access_log_settings block: access logging is off"));
        continue;
      }
      if (isEmpty(s.destination_arn)) out.push(view.at(stage, "access_log_settings.destination_arn is empty"));
      const format = s.format;
      if (typeof format !== "string" || format.trim() === "") {
        out.push(view.at(stage, "access_log_settings.format is empty"));
        continue;
      }
      if (isToken(format)) continue;
      let parsed: unknown;
      try {
        parsed = accessLogFormatAsJson(format);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        out.push(view.at(stage, 'access_log_settings.format is not a JSON object (e.g. {"requestId":"$context.requestId",...})'));
      }
      if (!format.includes("$context.requestId")) out.push(view.at(stage, "access_log_settings.format does not include $context.requestId"));
    }
    return out;
  },
};
