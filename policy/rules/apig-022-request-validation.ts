import type { Rule, RuleFinding } from "../types";
import { integrationOf, operations, readOpenApi } from "../lib/openapi";

export const rule: Rule = {
  id: "AOA-APIG-022",
  title: "Operations declare request validation (advisory)",
  severity: "warning",
  mirrors: ["CKV2_AWS_53", "AwsSolutions-APIG2"],
  resourceTypes: ["aws_api_gateway_rest_api"],
  description:
    "Each non-mock operation has an `x-amazon-apigateway-request-validator` (own or document-level) naming an entry of `x-amazon-apigateway-request-validators` (advisory: a route may choose `validate: none`).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const api of view.resources("aws_api_gateway_rest_api")) {
      const read = readOpenApi(api.config.body);
      if (read.kind !== "doc") continue;
      const validators = (read.doc["x-amazon-apigateway-request-validators"] ?? {}) as Record<string, unknown>;
      const docDefault = read.doc["x-amazon-apigateway-request-validator"];
      for (const o of operations(read.doc)) {
        if (String(integrationOf(o.op)?.type ?? "").toLowerCase() === "mock") continue;
        const name = o.op["x-amazon-apigateway-request-validator"] ?? docDefault;
        if (typeof name !== "string") out.push(view.at(api, `${o.label}: no x-amazon-apigateway-request-validator`));
        else if (!(name in validators)) out.push(view.at(api, `${o.label}: request validator "${name}" is not defined in x-amazon-apigateway-request-validators`));
      }
    }
    return out;
  },
};
