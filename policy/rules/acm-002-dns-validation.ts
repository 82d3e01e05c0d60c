import type { Rule, RuleFinding } from "../types";
import { isEmpty, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-ACM-002",
  title: "Certificates are DNS-validated (auto-renewing) and waited for",
  severity: "error",
  mirrors: ["ACM.1", "ref:aws-facts-certificates"],
  resourceTypes: ["aws_acm_certificate", "aws_acm_certificate_validation"],
  description: '`validation_method = "DNS"` (no imported certificates) and an `aws_acm_certificate_validation` in the stack whose `certificate_arn` references the certificate.',
  check(view) {
    const out: RuleFinding[] = [];
    const validations = view.resources("aws_acm_certificate_validation");
    for (const c of view.resources("aws_acm_certificate")) {
      if (!isEmpty(c.config.certificate_body) || !isEmpty(c.config.private_key)) {
        out.push(view.at(c, "imported certificate: ACM does not renew it; request a DNS-validated one"));
        continue;
      }
      const m = literal(c.config.validation_method);
      if (m !== "DNS" && !view.isToken(c.config.validation_method)) out.push(view.at(c, `validation_method is ${JSON.stringify(m ?? "unset")}; must be "DNS"`));
      if (!validations.some((v) => view.refersTo(v.config.certificate_arn, c))) out.push(view.at(c, "no aws_acm_certificate_validation references this certificate"));
    }
    for (const v of validations) {
      if (isEmpty(v.config.validation_record_fqdns)) out.push(view.at(v, "validation_record_fqdns is empty: the validation does not wait for the DNS records"));
    }
    return out;
  },
};
