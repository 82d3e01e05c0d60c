import type { Rule, RuleFinding } from "../types";
import { isEmpty } from "../lib/values";

export const rule: Rule = {
  id: "AOA-APIG-017",
  title: "API Gateway account settings: one per provider, with a CloudWatch role",
  severity: "error",
  mirrors: ["APIGateway.1", "ref:apigw-guide-cloudwatch-logs-role"],
  resourceTypes: ["aws_api_gateway_account"],
  description: "`aws_api_gateway_account` sets `cloudwatch_role_arn` and appears at most once per provider (account/Region) in a stack; it belongs in the platform stack only.",
  check(view) {
    const out: RuleFinding[] = [];
    const byProvider = new Map<string, string>();
    for (const a of view.resources("aws_api_gateway_account")) {
      if (isEmpty(a.config.cloudwatch_role_arn)) out.push(view.at(a, "cloudwatch_role_arn is empty: stages fail with \"CloudWatch Logs role ARN must be set\""));
      const p = view.providerOf(a) ?? "aws";
      const prev = byProvider.get(p);
      if (prev) out.push(view.at(a, `second aws_api_gateway_account for provider ${p} (also ${prev}); there is one per account and Region`));
      else byProvider.set(p, `aws_api_gateway_account.${a.name}`);
    }
    return out;
  },
};
