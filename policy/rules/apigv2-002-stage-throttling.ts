import type { Rule, RuleFinding } from "../types";
import { block, blocks, num } from "../lib/values";

/**
 * HTTP API counterpart of AOA-APIG-003: the account-wide throttle (10,000 rps per Region) is
 * shared by every API of the account, so every stage sets its own limits — the stage default
 * (`default_route_settings`) and each route override complete (API Gateway guide, "Throttle
 * requests to your HTTP APIs").
 */
export const rule: Rule = {
  id: "AOA-APIGV2-002",
  title: "HTTP API stage throttling is explicit (stage default and every route override)",
  severity: "error",
  mirrors: ["ref:docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html"],
  resourceTypes: ["aws_apigatewayv2_stage"],
  description: "`default_route_settings` sets `throttling_rate_limit` and `throttling_burst_limit`; every `route_settings` entry sets both too.",
  check(view) {
    const out: RuleFinding[] = [];
    const set = (v: unknown) => {
      const n = num(v);
      return n === "unknown" || (typeof n === "number" && n >= 0);
    };
    for (const stage of view.resources("aws_apigatewayv2_stage")) {
      const d = block(stage.config.default_route_settings);
      for (const key of ["throttling_rate_limit", "throttling_burst_limit"]) {
        if (!d || !set(d[key])) out.push(view.at(stage, `default_route_settings.${key} is not set: the stage would use the account-wide limit shared by every API`));
      }
      for (const r of blocks(stage.config.route_settings)) {
        for (const key of ["throttling_rate_limit", "throttling_burst_limit"]) {
          if (!set(r[key])) out.push(view.at(stage, `route_settings for ${String(r.route_key)}: ${key} is not set`));
        }
      }
    }
    return out;
  },
};
