import type { Rule, RuleFinding } from "../types";
import { bool, list, literal } from "../lib/values";

/** An allowed principal that names one account or one role/user, not everyone. */
export const SPECIFIC_PRINCIPAL = /^arn:[a-z-]+:iam::\d{12}:(root|role\/.+|user\/.+)$/;

export const rule: Rule = {
  id: "AOA-VPCE-001",
  title: "Endpoint services admit only named principals",
  severity: "error",
  mirrors: ["CKV_AWS_123", "ref:aws-compute-blog-private-cross-account-apis"],
  resourceTypes: ["aws_vpc_endpoint_service", "aws_vpc_endpoint_service_allowed_principal"],
  description:
    "`allowed_principals` (inline or `aws_vpc_endpoint_service_allowed_principal`) is non-empty, never `*`, each `arn:aws:iam::<12 digits>:root|role/…`; `network_load_balancer_arns` set. With `acceptance_required = false` these principals are the only gate (compensating control for CKV_AWS_123).",
  check(view) {
    const out: RuleFinding[] = [];
    const extra = view.resources("aws_vpc_endpoint_service_allowed_principal");
    for (const svc of view.resources("aws_vpc_endpoint_service")) {
      const inline = list(svc.config.allowed_principals);
      const attached = extra.filter((e) => view.refersTo(e.config.vpc_endpoint_service_id, svc)).map((e) => e.config.principal_arn);
      const all = [...inline, ...attached];
      if (all.length === 0 && !view.isToken(svc.config.allowed_principals)) {
        out.push(view.at(svc, `no allowed principals${bool(svc.config.acceptance_required) === false ? " and acceptance_required = false" : ""}: name the consumer account explicitly`));
      }
      for (const p of all) {
        const lit = literal(p);
        if (lit === undefined) continue;
        if (lit === "*" || !SPECIFIC_PRINCIPAL.test(lit)) out.push(view.at(svc, `allowed principal ${JSON.stringify(lit)} is not a specific account/role ARN`));
      }
      if (list(svc.config.network_load_balancer_arns).length === 0 && list(svc.config.gateway_load_balancer_arns).length === 0) {
        out.push(view.at(svc, "network_load_balancer_arns is empty"));
      }
    }
    for (const e of extra) {
      const lit = literal(e.config.principal_arn);
      if (lit !== undefined && (lit === "*" || !SPECIFIC_PRINCIPAL.test(lit))) out.push(view.at(e, `principal_arn ${JSON.stringify(lit)} is not a specific account/role ARN`));
    }
    return out;
  },
};
