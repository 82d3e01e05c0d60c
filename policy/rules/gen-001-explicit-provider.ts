import type { Rule, RuleFinding } from "../types";

export const rule: Rule = {
  id: "AOA-GEN-001",
  title: "Every AWS resource names its provider (account)",
  severity: "error",
  mirrors: ["ref:cdktf#2515"],
  resourceTypes: ["*"],
  description: "In a stack with an aliased or more than one `aws` provider, every `aws_*` resource and data source sets `provider`, and it names a configured alias.",
  check(view) {
    const out: RuleFinding[] = [];
    const configs = view.providers("aws");
    const aliases = new Set(configs.map((c) => (typeof c.alias === "string" ? `aws.${c.alias}` : "aws")));
    const multi = configs.length > 1 || configs.some((c) => typeof c.alias === "string");
    for (const res of [...view.allResources(), ...view.allDataSources()]) {
      if (!res.type.startsWith("aws_")) continue;
      const p = view.providerOf(res);
      if (p === undefined) {
        if (multi) out.push(view.at(res, "no explicit provider: with several accounts, an implicit provider deploys into the wrong one"));
      } else if (configs.length > 0 && !aliases.has(p)) {
        out.push(view.at(res, `provider ${p} is not configured in this stack (have: ${[...aliases].join(", ")})`));
      }
    }
    return out;
  },
};
