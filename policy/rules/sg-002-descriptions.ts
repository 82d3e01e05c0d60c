import type { Rule, RuleFinding } from "../types";
import { blocks, isEmpty } from "../lib/values";

export const rule: Rule = {
  id: "AOA-SG-002",
  title: "Security groups and rules are described (advisory)",
  severity: "warning",
  mirrors: ["CKV_AWS_23", "AWS-0099", "AWS-0124"],
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  description: 'Every security group has a `description` other than "Managed by Terraform"; every rule has a `description`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const sg of view.resources("aws_security_group")) {
      if (isEmpty(sg.config.description) || sg.config.description === "Managed by Terraform") out.push(view.at(sg, "security group has no description"));
      [...blocks(sg.config.ingress), ...blocks(sg.config.egress)].forEach((r, i) => {
        if (isEmpty(r.description)) out.push(view.at(sg, `inline rule #${i + 1} has no description`));
      });
    }
    for (const type of ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
      for (const r of view.resources(type)) if (isEmpty(r.config.description)) out.push(view.at(r, "rule has no description"));
    }
    return out;
  },
};
