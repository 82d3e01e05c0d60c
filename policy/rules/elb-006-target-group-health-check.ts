import type { Rule, RuleFinding } from "../types";
import { block, bool, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-ELB-006",
  title: "Target groups define an enabled health check",
  severity: "error",
  mirrors: ["CKV_AWS_261"],
  resourceTypes: ["aws_lb_target_group"],
  description: '`health_check { enabled = true, protocol = … }` on every target group; `target_type = "alb"` groups check over HTTP/HTTPS with a `path`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const tg of view.resources("aws_lb_target_group")) {
      const hc = block(tg.config.health_check);
      if (!hc) {
        out.push(view.at(tg, "no health_check block"));
        continue;
      }
      if (bool(hc.enabled) === false) out.push(view.at(tg, "health_check.enabled = false"));
      if (literal(tg.config.target_type) === "alb") {
        const p = literal(hc.protocol);
        if (p !== undefined && p !== "HTTP" && p !== "HTTPS") out.push(view.at(tg, `alb target group health_check.protocol ${p}; must be HTTP or HTTPS`));
        if (!hc.path) out.push(view.at(tg, "alb target group health_check has no path"));
      }
    }
    return out;
  },
};
