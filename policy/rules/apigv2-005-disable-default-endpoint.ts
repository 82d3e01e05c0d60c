import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

/** HTTP API counterpart of AOA-APIG-008: callers must come through the custom domain (TLS policy, base path). */
export const rule: Rule = {
  id: "AOA-APIGV2-005",
  title: "HTTP API default execute-api endpoint disabled",
  severity: "error",
  mirrors: ["ref:docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html"],
  resourceTypes: ["aws_apigatewayv2_api"],
  description: "Each `aws_apigatewayv2_api` sets `disable_execute_api_endpoint = true`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const api of view.resources("aws_apigatewayv2_api")) {
      if (bool(api.config.disable_execute_api_endpoint) !== true && bool(api.config.disable_execute_api_endpoint) !== "unknown") {
        out.push(view.at(api, "disable_execute_api_endpoint is not true: callers could bypass the custom domain"));
      }
    }
    return out;
  },
};
