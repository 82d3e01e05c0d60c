import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-004",
  title: "Stage X-Ray tracing",
  severity: "error",
  mirrors: ["APIGateway.3", "CKV_AWS_73", "AWS-0003"],
  resourceTypes: ["aws_api_gateway_stage"],
  description: "`xray_tracing_enabled = true` (error in prod, warning elsewhere).",
  check(view, ctx) {
    const out: RuleFinding[] = [];
    for (const stage of view.resources("aws_api_gateway_stage")) {
      const v = bool(stage.config.xray_tracing_enabled);
      if (v !== true && v !== "unknown") {
        out.push(view.at(stage, "xray_tracing_enabled is not true: requests cannot be traced through the authorizer and integration", ctx.isProd ? "error" : "warning"));
      }
    }
    return out;
  },
};
