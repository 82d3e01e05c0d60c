import type { Rule, RuleFinding } from "../types";
import { block, literal } from "../lib/values";

/** Tags every AWS provider puts on everything it creates. */
export const REQUIRED_TAGS = ["Environment", "ManagedBy"] as const;

export const rule: Rule = {
  id: "AOA-GEN-003",
  title: "Providers tag everything with Environment and ManagedBy (advisory)",
  severity: "warning",
  mirrors: ["ref:aws-tagging-best-practices"],
  resourceTypes: ["provider.aws"],
  description: "Each `aws` provider has `default_tags.tags` with `Environment` (= the environment name) and `ManagedBy`.",
  check(view, ctx) {
    const out: RuleFinding[] = [];
    for (const p of view.providers("aws")) {
      const name = typeof p.alias === "string" ? `aws.${p.alias}` : "aws";
      const tags = (block(p.default_tags)?.tags ?? {}) as Record<string, unknown>;
      const missing = REQUIRED_TAGS.filter((t) => !(t in tags));
      if (missing.length) out.push(view.atStack(`provider ${name}: default_tags lacks ${missing.join(", ")}`));
      const env = literal(tags.Environment);
      if (env !== undefined && env !== ctx.environment) out.push(view.atStack(`provider ${name}: default tag Environment=${env} but the environment is ${ctx.environment}`));
    }
    return out;
  },
};
