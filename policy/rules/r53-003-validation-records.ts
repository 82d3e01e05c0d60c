import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-R53-003",
  title: "Certificate validation records tolerate shared names",
  severity: "warning",
  mirrors: ["ref:terraform-provider-aws#7918"],
  resourceTypes: ["aws_route53_record"],
  description: "Records built from an `aws_acm_certificate`'s `domain_validation_options` set `allow_overwrite = true` (a wildcard and its apex share one record).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const r of view.resources("aws_route53_record")) {
      const fromCert = view.refsIn([r.config.for_each, r.config.name, r.config.records, r.config.count]).some(
        (x) => x.type === "aws_acm_certificate" && (x.attr === "domain_validation_options" || x.attr === undefined),
      );
      if (fromCert && bool(r.config.allow_overwrite) !== true) out.push(view.at(r, "validation record without allow_overwrite = true"));
    }
    return out;
  },
};
