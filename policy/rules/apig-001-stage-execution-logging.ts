import type { Rule, RuleFinding } from "../types";
import { methodSettingsForStage, settingsOf } from "../lib/relations";
import { bool, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-001",
  title: "Stage execution logging (ERROR or INFO) and metrics",
  severity: "error",
  mirrors: ["APIGateway.1", "CKV2_AWS_4", "AwsSolutions-APIG6"],
  resourceTypes: ["aws_api_gateway_stage", "aws_api_gateway_method_settings"],
  description: 'Every stage has `aws_api_gateway_method_settings` with `method_path = "*/*"`; every method settings has `logging_level` ERROR or INFO and `metrics_enabled = true`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const stage of view.resources("aws_api_gateway_stage")) {
      const all = methodSettingsForStage(view, stage);
      if (!all.some((ms) => literal(ms.config.method_path) === "*/*" || view.isToken(ms.config.method_path))) {
        out.push(view.at(stage, 'no aws_api_gateway_method_settings with method_path "*/*" for this stage: execution logging and metrics are off'));
      }
    }
    for (const ms of view.resources("aws_api_gateway_method_settings")) {
      const s = settingsOf(ms);
      const level = s.logging_level;
      if (!view.isToken(level) && level !== "ERROR" && level !== "INFO") {
        out.push(view.at(ms, `settings.logging_level is ${JSON.stringify(level ?? "unset")}; must be "ERROR" or "INFO"`));
      }
      const metrics = bool(s.metrics_enabled);
      if (metrics !== true && metrics !== "unknown") out.push(view.at(ms, "settings.metrics_enabled must be true"));
    }
    return out;
  },
};
