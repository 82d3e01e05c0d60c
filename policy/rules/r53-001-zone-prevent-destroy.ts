import type { Rule, RuleFinding } from "../types";
import { bool } from "../lib/values";

export const rule: Rule = {
  id: "AOA-R53-001",
  title: "Hosted zones are protected from destroy",
  severity: "error",
  mirrors: ["ref:aws-facts-prevent-destroy-zones"],
  resourceTypes: ["aws_route53_zone"],
  description: "`lifecycle.prevent_destroy = true` (a recreated zone gets new name servers and breaks delegation).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const z of view.resources("aws_route53_zone")) {
      if (bool(view.lifecycle(z).prevent_destroy) !== true) out.push(view.at(z, "lifecycle.prevent_destroy is not true"));
    }
    return out;
  },
};
