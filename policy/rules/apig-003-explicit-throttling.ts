import type { Rule, RuleFinding } from "../types";
import { methodSettingsForStage, settingsOf } from "../lib/relations";
import { literal, num } from "../lib/values";

const positive = (v: unknown) => {
  const n = num(v);
  return n === "unknown" || (typeof n === "number" && n > 0);
};

export const rule: Rule = {
  id: "AOA-APIG-003",
  title: "Explicit stage throttling (rate and burst)",
  severity: "error",
  mirrors: ["Serverless-APIGWDefaultThrottling"],
  resourceTypes: ["aws_api_gateway_stage", "aws_api_gateway_method_settings"],
  description: 'Every stage\'s `"*/*"` method settings, and every method settings resource, set `throttling_rate_limit` > 0 and `throttling_burst_limit` > 0 (the account default is shared by every app).',
  check(view) {
    const out: RuleFinding[] = [];
    for (const stage of view.resources("aws_api_gateway_stage")) {
      const star = methodSettingsForStage(view, stage).filter((ms) => literal(ms.config.method_path) === "*/*" || view.isToken(ms.config.method_path));
      if (star.length === 0) out.push(view.at(stage, 'no "*/*" method settings: the stage falls back to the account-wide throttle shared by every app'));
    }
    for (const ms of view.resources("aws_api_gateway_method_settings")) {
      const s = settingsOf(ms);
      const missing = [
        positive(s.throttling_rate_limit) ? undefined : "throttling_rate_limit",
        positive(s.throttling_burst_limit) ? undefined : "throttling_burst_limit",
      ].filter(Boolean);
      if (missing.length) out.push(view.at(ms, `settings.${missing.join(" and settings.")} must be set explicitly to a value > 0 (not -1/unset)`));
    }
    return out;
  },
};
