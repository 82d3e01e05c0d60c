import type { Rule, RuleFinding } from "../types";
import { isEmpty, literal } from "../lib/values";

export const RESERVED_BASE_PATHS = ["ping", "sping"];
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

export const rule: Rule = {
  id: "AOA-APIG-016",
  title: "API mappings: valid, unreserved, unique base paths",
  severity: "error",
  mirrors: ["ref:terraform-provider-aws#21986", "ref:apigw-guide-reserved-base-paths"],
  resourceTypes: ["aws_apigatewayv2_api_mapping"],
  description: "`api_mapping_key` has no leading/trailing `/`, segments of `[A-Za-z0-9._~-]`, does not start with `ping`/`sping`, is unique per domain in the stack; `stage` and `domain_name` are set.",
  check(view) {
    const out: RuleFinding[] = [];
    const seen = new Map<string, string>();
    for (const m of view.resources("aws_apigatewayv2_api_mapping")) {
      if (isEmpty(m.config.stage)) out.push(view.at(m, "stage is empty"));
      if (isEmpty(m.config.domain_name)) out.push(view.at(m, "domain_name is empty"));
      const key = m.config.api_mapping_key;
      const lit = literal(key);
      if (lit === undefined) continue;
      if (lit !== "") {
        if (lit.startsWith("/") || lit.endsWith("/")) out.push(view.at(m, `api_mapping_key ${JSON.stringify(lit)} must not start or end with "/"`));
        const segments = lit.split("/").filter((s) => s !== "");
        if (segments.some((s) => !SEGMENT.test(s))) out.push(view.at(m, `api_mapping_key ${JSON.stringify(lit)} has characters outside [A-Za-z0-9._~-]`));
        if (RESERVED_BASE_PATHS.includes(segments[0]?.toLowerCase() ?? "")) out.push(view.at(m, `api_mapping_key ${JSON.stringify(lit)} uses a reserved base path (${RESERVED_BASE_PATHS.join(", ")})`));
      }
      const k = `${String(m.config.domain_name)}|${lit}`;
      const prev = seen.get(k);
      if (prev) out.push(view.at(m, `api_mapping_key ${JSON.stringify(lit)} is also used by ${prev} on the same domain`));
      else seen.set(k, `aws_apigatewayv2_api_mapping.${m.name}`);
    }
    return out;
  },
};
