import type { Rule, RuleFinding } from "../types";
import { integrationOf, operations, readOpenApi } from "../lib/openapi";

/** A reason is a sentence, not a placeholder (same floor as config/schema.ts). */
const MIN_REASON = 10;

/**
 * A mocked route answers with a fixed response instead of a backend: fine while an app's backend
 * is being built, a surprise in production unless someone wrote down why. CORS preflights (an
 * OPTIONS mock the generator marks public) are not mocked routes.
 */
export const rule: Rule = {
  id: "AOA-APIG-023",
  title: "Production routes answered by a mock carry a reason",
  severity: "warning",
  mirrors: ["ref:apigw-guide-mock-integration"],
  resourceTypes: ["aws_api_gateway_rest_api"],
  description:
    'In prod, every operation with a `mock` integration — except an OPTIONS CORS preflight without an `x-aoa-mock` marker — has `"x-aoa-mock": {"reason": "<10+ chars>"}` (config: `backend: { kind: "mock", reason }` or a route\'s `mock.reason`).',
  check(view, ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.isProd) return out;
    for (const api of view.resources("aws_api_gateway_rest_api")) {
      const read = readOpenApi(api.config.body);
      if (read.kind !== "doc") continue;
      for (const o of operations(read.doc)) {
        if (String(integrationOf(o.op)?.type ?? "").toLowerCase() !== "mock") continue;
        const marker = o.op["x-aoa-mock"];
        if (marker === undefined && o.method === "OPTIONS") continue; // CORS preflight
        const reason = marker && typeof marker === "object" && typeof marker.reason === "string" ? marker.reason.trim() : "";
        if (reason.length < MIN_REASON) out.push(view.at(api, `${o.label}: answered by a mock in prod without a reason (set the route's mock.reason or the mock backend's reason)`));
      }
    }
    return out;
  },
};
