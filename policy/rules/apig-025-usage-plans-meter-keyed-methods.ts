import type { Rule, RuleFinding } from "../types";
import { operations, readOpenApi } from "../lib/openapi";
import { blocks } from "../lib/values";

/** Names of `apiKey` schemes read from the `x-api-key` header (API keys, not Lambda authorizers). */
function apiKeySchemes(doc: Record<string, any>): Set<string> {
  const out = new Set<string>();
  for (const [name, s] of Object.entries<any>(doc.components?.securitySchemes ?? {})) {
    if (s?.type === "apiKey" && s.in === "header" && String(s.name).toLowerCase() === "x-api-key" && s["x-amazon-apigateway-authtype"] === undefined) out.add(name);
  }
  return out;
}

export const rule: Rule = {
  id: "AOA-APIG-025",
  title: "Usage plans apply to an API with methods that require an API key",
  severity: "error",
  mirrors: ["ref:apigw-usage-plans-keyed-methods"],
  resourceTypes: ["aws_api_gateway_usage_plan", "aws_api_gateway_rest_api"],
  description:
    "API Gateway applies a usage plan's quota and throttle only to methods that require an API key (\"Usage plans and API keys\", API Gateway guide). A usage plan whose `api_stages` point at a REST API with an inspectable OpenAPI body needs at least one operation whose security requirement names an `apiKey` scheme in the `x-api-key` header; otherwise the plan meters nothing.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const plan of view.resources("aws_api_gateway_usage_plan")) {
      for (const stage of blocks(plan.config.api_stages)) {
        const api = view.resources("aws_api_gateway_rest_api").find((a) => view.refersTo(stage.api_id, a));
        if (!api) continue;
        const read = readOpenApi(api.config.body);
        if (read.kind !== "doc") continue;
        const keyed = apiKeySchemes(read.doc);
        const anyKeyed = operations(read.doc).some((o) => {
          const sec = o.op.security ?? read.doc.security;
          return Array.isArray(sec) && sec.some((req) => req && typeof req === "object" && Object.keys(req).some((n) => keyed.has(n)));
        });
        if (!anyKeyed) out.push(view.at(plan, `no method of ${api.address} requires an API key (x-api-key): the plan's quota and throttle meter nothing`));
      }
    }
    return out;
  },
};
