import type { Rule, RuleFinding } from "../types";
import { block, isEmpty, list } from "../lib/values";
import { isPrivateEndpoint } from "./apig-026-private-api-source-vpce";

export const rule: Rule = {
  id: "AOA-APIG-015",
  title: "Custom domain is REGIONAL with a validated certificate",
  severity: "error",
  mirrors: ["ref:terraform-provider-aws#21986", "ref:terraform-provider-aws#4712"],
  resourceTypes: ["aws_api_gateway_domain_name", "aws_acm_certificate_validation"],
  description:
    '`endpoint_configuration.types = ["REGIONAL"]`, `regional_certificate_arn` set (no edge `certificate_arn`) and, when the certificate is in the stack, taken from `aws_acm_certificate_validation.<id>.certificate_arn` (not the certificate itself).',
  check(view) {
    const out: RuleFinding[] = [];
    // PRIVATE domains (private APIs only) take certificate_arn; AOA-APIG-026 checks their policy
    for (const d of view.resources("aws_api_gateway_domain_name").filter((x) => !isPrivateEndpoint(x))) {
      const types = list(block(d.config.endpoint_configuration)?.types);
      if (!(types.length === 1 && (types[0] === "REGIONAL" || view.isToken(types[0])))) {
        out.push(view.at(d, `endpoint_configuration.types is ${JSON.stringify(types)}; must be ["REGIONAL"] (multi-level base paths and apigatewayv2 mappings need it)`));
      }
      if (!isEmpty(d.config.certificate_arn)) out.push(view.at(d, "certificate_arn (edge) is set; use regional_certificate_arn"));
      const arn = d.config.regional_certificate_arn;
      if (isEmpty(arn)) {
        out.push(view.at(d, "regional_certificate_arn is empty"));
        continue;
      }
      if (view.referenced(arn, "aws_acm_certificate").length > 0) {
        out.push(view.at(d, "regional_certificate_arn references aws_acm_certificate directly; use aws_acm_certificate_validation.<id>.certificate_arn so the domain waits for ISSUED"));
      }
    }
    return out;
  },
};
