import type { Rule, RuleFinding } from "../types";

/**
 * "WAF on every stage that supports it": a WAF web ACL cannot be associated with an HTTP API
 * stage (API Gateway guide, "Choose between REST APIs and HTTP APIs"; AWS WAF guide, resources
 * you can protect), so an HTTP API goes without WAF only as an explicit, reviewed choice: the
 * app's `wafExemptReason`, written into the API's Terraform JSON comment by modules/http-api.ts.
 */
export const rule: Rule = {
  id: "AOA-APIGV2-004",
  title: "An HTTP API (no WAF possible) carries the reason it may go without WAF",
  severity: "error",
  mirrors: ["ref:docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html"],
  resourceTypes: ["aws_apigatewayv2_api"],
  description: 'Each `aws_apigatewayv2_api` with `protocol_type` HTTP has `"//": {"aoa": {"wafExemptReason": "<10+ chars>"}}` (from the app\'s `wafExemptReason`).',
  check(view) {
    const out: RuleFinding[] = [];
    for (const api of view.resources("aws_apigatewayv2_api")) {
      if (api.config.protocol_type !== "HTTP") continue;
      const reason = api.config["//"]?.aoa?.wafExemptReason;
      if (typeof reason !== "string" || reason.trim().length < 10) out.push(view.at(api, "HTTP API without a WAF exemption reason: no web ACL can be associated with it, so say why it may go without (apps[].wafExemptReason) or use a REST API"));
    }
    return out;
  },
};
