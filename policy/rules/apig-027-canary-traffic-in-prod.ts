import type { Rule, RuleFinding } from "../types";

/** Above this share a "canary" is most of production traffic: a release, not a trial. */
export const PROD_CANARY_MAX_PERCENT = 25;

/**
 * A canary exists to expose a new version to a small share of callers first (API Gateway
 * Developer Guide, "Set up an API Gateway canary release deployment"). In prod more than 25 % on
 * the canary means most callers meet an unproven version without the promotion step and its
 * clean-plan check (`npm run canary -- promote`).
 */
export const rule: Rule = {
  id: "AOA-APIG-027",
  title: "Production canaries take at most 25 % of a stage's traffic",
  severity: "warning",
  mirrors: ["ref:apigw-guide-canary-release"],
  resourceTypes: ["aws_api_gateway_stage"],
  description: `In prod, a stage's \`canary_settings.percent_traffic\` is at most ${PROD_CANARY_MAX_PERCENT} (config: \`apps[].canary.percentTraffic\`); promote the canary instead of routing most traffic to it.`,
  check(view, ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.isProd) return out;
    for (const stage of view.resources("aws_api_gateway_stage")) {
      const c = stage.config.canary_settings;
      const pct = Array.isArray(c) ? c[0]?.percent_traffic : c?.percent_traffic;
      if (typeof pct === "number" && pct > PROD_CANARY_MAX_PERCENT) out.push(view.at(stage, `canary takes ${pct} % of the stage's traffic in prod (at most ${PROD_CANARY_MAX_PERCENT} %): promote it instead`));
    }
    return out;
  },
};
