import type { Rule, RuleFinding } from "../types";
import { literal } from "../lib/values";

const PRIVATE_IPV4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/;

export const rule: Rule = {
  id: "AOA-ELB-007",
  title: "Target groups do not use plain HTTP; IP targets are private",
  severity: "error",
  mirrors: ["CKV_AWS_378"],
  resourceTypes: ["aws_lb_target_group", "aws_lb_target_group_attachment"],
  description: "`aws_lb_target_group.protocol` is not HTTP (NLB: TCP/TLS); literal IPv4 `target_id`s of attachments are private addresses.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const tg of view.resources("aws_lb_target_group")) {
      if (literal(tg.config.protocol) === "HTTP") out.push(view.at(tg, "protocol HTTP: traffic to the targets is unencrypted"));
    }
    for (const a of view.resources("aws_lb_target_group_attachment")) {
      const id = literal(a.config.target_id);
      if (id && /^\d+\.\d+\.\d+\.\d+$/.test(id) && !PRIVATE_IPV4.test(id)) out.push(view.at(a, `target_id ${id} is not a private address`));
    }
    return out;
  },
};
