import type { Rule, RuleFinding } from "../types";
import { block, blocks, num } from "../lib/values";

const positive = (v: unknown) => {
  const n = num(v);
  return n === "unknown" || (typeof n === "number" && n > 0);
};

export const rule: Rule = {
  id: "AOA-APIG-019",
  title: "Usage plans throttle and target a stage",
  severity: "error",
  mirrors: ["Serverless-APIGWDefaultThrottling"],
  resourceTypes: ["aws_api_gateway_usage_plan"],
  description: "`throttle_settings` with `rate_limit` > 0 and `burst_limit` > 0, and at least one `api_stages` block.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const p of view.resources("aws_api_gateway_usage_plan")) {
      const t = block(p.config.throttle_settings);
      if (!t || !positive(t.rate_limit) || !positive(t.burst_limit)) out.push(view.at(p, "throttle_settings.rate_limit and burst_limit must both be set > 0"));
      if (blocks(p.config.api_stages).length === 0) out.push(view.at(p, "no api_stages: the plan applies to nothing"));
    }
    return out;
  },
};
