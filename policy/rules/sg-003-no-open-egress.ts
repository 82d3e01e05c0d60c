import type { Rule, RuleFinding } from "../types";
import { blocks, list, literal } from "../lib/values";

const OPEN = new Set(["0.0.0.0/0", "::/0"]);
const open = (...values: unknown[]) => values.flatMap((v) => list(v)).some((c) => typeof c === "string" && OPEN.has(c));

export const rule: Rule = {
  id: "AOA-SG-003",
  title: "Egress is limited (advisory)",
  severity: "warning",
  mirrors: ["AWS-0104"],
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
  description: "No egress to `0.0.0.0/0` / `::/0`: endpoints and load balancers only talk to known CIDRs/ports.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const sg of view.resources("aws_security_group")) {
      for (const r of blocks(sg.config.egress)) if (open(r.cidr_blocks, r.ipv6_cidr_blocks)) out.push(view.at(sg, "egress to anywhere"));
    }
    for (const r of view.resources("aws_security_group_rule")) {
      if (literal(r.config.type) === "egress" && open(r.config.cidr_blocks, r.config.ipv6_cidr_blocks)) out.push(view.at(r, "egress to anywhere"));
    }
    for (const r of view.resources("aws_vpc_security_group_egress_rule")) if (open(r.config.cidr_ipv4, r.config.cidr_ipv6)) out.push(view.at(r, "egress to anywhere"));
    return out;
  },
};
