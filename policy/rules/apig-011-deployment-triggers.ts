import type { Rule, RuleFinding } from "../types";
import { isEmpty } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-011",
  title: "Deployment has triggers and no stage_name",
  severity: "error",
  mirrors: ["ref:terraform-provider-aws#14424", "ref:terraform-provider-aws#19805"],
  resourceTypes: ["aws_api_gateway_deployment"],
  description: "`triggers` is a non-empty map (e.g. `redeployment` = hash of the body and policy) and `stage_name` is not set (a separate `aws_api_gateway_stage` owns the stage).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const d of view.resources("aws_api_gateway_deployment")) {
      const t = d.config.triggers;
      const ok = typeof t === "string" ? view.isToken(t) : !isEmpty(t) && typeof t === "object";
      if (!ok) out.push(view.at(d, "triggers is empty: changes to the API body or policy will not create a new deployment"));
      if (!isEmpty(d.config.stage_name)) out.push(view.at(d, "stage_name is set on the deployment: use a separate aws_api_gateway_stage"));
    }
    return out;
  },
};
