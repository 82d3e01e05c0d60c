import type { Rule, RuleFinding } from "../types";
import { block, blocks } from "../lib/values";

export const rule: Rule = {
  id: "AOA-WAF-007",
  title: "WAF logs redact the Authorization header",
  severity: "error",
  mirrors: ["ref:aws-waf-guide-logging-redaction"],
  resourceTypes: ["aws_wafv2_web_acl_logging_configuration"],
  description: '`redacted_fields` includes `single_header { name = "authorization" }` (bearer tokens must not reach the logs).',
  check(view) {
    const out: RuleFinding[] = [];
    for (const c of view.resources("aws_wafv2_web_acl_logging_configuration")) {
      const redacted = blocks(c.config.redacted_fields).some((f) => {
        const name = block(f.single_header)?.name;
        return typeof name === "string" && name.toLowerCase() === "authorization";
      });
      if (!redacted) out.push(view.at(c, 'redacted_fields does not include single_header "authorization": bearer tokens would be logged'));
    }
    return out;
  },
};
