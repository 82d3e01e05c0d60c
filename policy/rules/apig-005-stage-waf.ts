import type { Rule, RuleFinding } from "../types";
import { associationTargetsStage } from "../lib/relations";
import { isEmpty } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-005",
  title: "Stage is associated with a WAFv2 web ACL",
  severity: "error",
  mirrors: ["APIGateway.4", "CKV2_AWS_29", "AwsSolutions-APIG3"],
  resourceTypes: ["aws_api_gateway_stage", "aws_wafv2_web_acl_association"],
  description: "An `aws_wafv2_web_acl_association` in the stage's stack has `resource_arn = ${aws_api_gateway_stage.<id>.arn}` (the reference also orders it after the stage) and a non-empty `web_acl_arn`.",
  check(view) {
    const out: RuleFinding[] = [];
    const assocs = view.resources("aws_wafv2_web_acl_association");
    for (const stage of view.resources("aws_api_gateway_stage")) {
      const mine = assocs.filter((a) => associationTargetsStage(view, a, stage));
      if (mine.length === 0) out.push(view.at(stage, "no aws_wafv2_web_acl_association with resource_arn referencing this stage's arn"));
    }
    for (const a of assocs) {
      if (isEmpty(a.config.web_acl_arn)) out.push(view.at(a, "web_acl_arn is empty"));
      if (isEmpty(a.config.resource_arn)) out.push(view.at(a, "resource_arn is empty"));
    }
    return out;
  },
};
