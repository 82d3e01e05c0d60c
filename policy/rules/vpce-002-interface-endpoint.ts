import type { Rule, RuleFinding } from "../types";
import { bool, isEmpty, list, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-VPCE-002",
  title: "Interface endpoints: explicit type, security groups, two zones, no private DNS for custom services",
  severity: "error",
  mirrors: ["ref:aws-samples-apigateway-vpcendpoints", "ref:privatelink-guide-private-dns"],
  resourceTypes: ["aws_vpc_endpoint"],
  description:
    '`vpc_endpoint_type = "Interface"` (unless an S3/DynamoDB gateway endpoint), `security_group_ids` non-empty, >= 2 `subnet_ids`, and `private_dns_enabled` not true for a custom endpoint service (`com.amazonaws.vpce.<region>.vpce-svc-…`).',
  check(view) {
    const out: RuleFinding[] = [];
    for (const ep of view.resources("aws_vpc_endpoint")) {
      const svc = literal(ep.config.service_name);
      const type = literal(ep.config.vpc_endpoint_type);
      const gatewayService = !!svc && /^com\.amazonaws\.[a-z0-9-]+\.(s3|dynamodb)$/.test(svc);
      if (type === undefined && !view.isToken(ep.config.vpc_endpoint_type)) {
        if (!gatewayService) out.push(view.at(ep, 'vpc_endpoint_type not set (defaults to "Gateway"); set "Interface"'));
        continue;
      }
      if (type !== "Interface") continue;
      if (isEmpty(ep.config.security_group_ids)) out.push(view.at(ep, "interface endpoint without security_group_ids (gets the VPC default group)"));
      const subnets = list(ep.config.subnet_ids);
      if (Array.isArray(ep.config.subnet_ids) && subnets.length < 2) out.push(view.at(ep, `${subnets.length} subnet(s); use at least two Availability Zones`));
      if (bool(ep.config.private_dns_enabled) === true && svc !== undefined && (svc.startsWith("com.amazonaws.vpce.") || !svc.startsWith("com.amazonaws."))) {
        out.push(view.at(ep, "private_dns_enabled = true for a custom endpoint service (needs a verified private DNS name); address it by its endpoint DNS/IPs instead"));
      }
    }
    return out;
  },
};
