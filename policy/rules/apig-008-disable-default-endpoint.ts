import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";
import { isPrivateEndpoint } from "./apig-026-private-api-source-vpce";

export const rule: Rule = {
  id: "AOA-APIG-008",
  title: "Default execute-api endpoint disabled",
  severity: "error",
  mirrors: ["CKV_AWS_206", "AWS-0005", "ref:apigw-guide-disable-default-endpoint"],
  resourceTypes: ["aws_api_gateway_rest_api"],
  description: "`disable_execute_api_endpoint = true`: callers must come through the custom domain (its TLS policy, mTLS, base-path routing). PRIVATE APIs are exempt: their execute-api name resolves only through a VPC endpoint and AOA-APIG-026 constrains it by aws:SourceVpce.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const api of view.resources("aws_api_gateway_rest_api").filter((a) => !isPrivateEndpoint(a))) {
      const v = bool(api.config.disable_execute_api_endpoint);
      if (v !== true && v !== "unknown") {
        out.push(view.at(api, "disable_execute_api_endpoint is not true: the default https://<id>.execute-api.<region>.amazonaws.com endpoint bypasses the custom domain"));
      }
    }
    return out;
  },
};
