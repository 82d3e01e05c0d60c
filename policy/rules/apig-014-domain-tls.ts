import type { Rule, RuleFinding } from "../types";

export const rule: Rule = {
  id: "AOA-APIG-014",
  title: "Custom domain security policy TLS_1_2",
  severity: "error",
  mirrors: ["CKV_AWS_206", "AWS-0005"],
  resourceTypes: ["aws_api_gateway_domain_name"],
  description: '`security_policy = "TLS_1_2"`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const d of view.resources("aws_api_gateway_domain_name")) {
      const p = d.config.security_policy;
      if (view.isToken(p)) continue;
      if (p !== "TLS_1_2") out.push(view.at(d, `security_policy is ${JSON.stringify(p ?? "unset")}; must be "TLS_1_2"`));
    }
    return out;
  },
};
