import type { Rule, RuleFinding } from "../types";
import { block, isEmpty, isToken } from "../lib/values";
import { accessLogFormatAsJson } from "./apig-006-stage-access-logs";

/** HTTP API counterpart of AOA-APIG-006 (HTTP API stages are `aws_apigatewayv2_stage`). */
export const rule: Rule = {
  id: "AOA-APIGV2-001",
  title: "HTTP API stage access logs: destination and JSON format with $context.requestId",
  severity: "error",
  mirrors: ["APIGateway.9", "CKV_AWS_95"],
  resourceTypes: ["aws_apigatewayv2_stage"],
  description: "Each `aws_apigatewayv2_stage` has `access_log_settings` with a `destination_arn` and a one-line JSON `format` including `$context.requestId`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const stage of view.resources("aws_apigatewayv2_stage")) {
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
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) out.push(view.at(stage, "access_log_settings.format is not a JSON object"));
      if (!format.includes("$context.requestId")) out.push(view.at(stage, "access_log_settings.format does not include $context.requestId"));
    }
    return out;
  },
};
