import type { Rule, RuleFinding } from "../types";
import { blocks, list, literal } from "../lib/values";

const OPEN = new Set(["0.0.0.0/0", "::/0"]);
const open = (...values: unknown[]) => values.flatMap((v) => list(v)).filter((c): c is string => typeof c === "string" && OPEN.has(c));

export const rule: Rule = {
  id: "AOA-SG-001",
  title: "No security group ingress from anywhere",
  severity: "error",
  mirrors: ["EC2.18", "EC2.53", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "AWS-0107", "AwsSolutions-EC23"],
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  description: "No ingress (inline, `aws_security_group_rule` type ingress, `aws_vpc_security_group_ingress_rule`) from `0.0.0.0/0` or `::/0`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const sg of view.resources("aws_security_group")) {
      for (const r of blocks(sg.config.ingress)) {
        const o = open(r.cidr_blocks, r.ipv6_cidr_blocks);
        if (o.length) out.push(view.at(sg, `ingress ${r.from_port ?? "?"}-${r.to_port ?? "?"} open to ${o.join(", ")}`));
      }
    }
    for (const r of view.resources("aws_security_group_rule")) {
      if (literal(r.config.type) !== "ingress") continue;
      const o = open(r.config.cidr_blocks, r.config.ipv6_cidr_blocks);
      if (o.length) out.push(view.at(r, `ingress open to ${o.join(", ")}`));
    }
    for (const r of view.resources("aws_vpc_security_group_ingress_rule")) {
      const o = open(r.config.cidr_ipv4, r.config.cidr_ipv6);
      if (o.length) out.push(view.at(r, `ingress open to ${o.join(", ")}`));
    }
    return out;
  },
};
