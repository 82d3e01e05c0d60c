import type { Rule, RuleFinding } from "../types";
import { integrationOf, operations, readOpenApi } from "../lib/openapi";
import { isEmpty, isToken, literal, num } from "../lib/values";

/** API Gateway's default maximum integration timeout. */
export const MAX_INTEGRATION_TIMEOUT_MS = 29000;

function checkUri(uri: unknown): string | undefined {
  if (typeof uri !== "string" || uri === "") return "has no uri";
  if (uri.startsWith("${")) return undefined;
  return uri.startsWith("https://") ? undefined : `uri ${JSON.stringify(uri)} is not https://`;
}

function checkTimeout(v: unknown): string | undefined {
  const n = num(v);
  if (n === undefined || n === "unknown") return undefined;
  return n < 50 || n > MAX_INTEGRATION_TIMEOUT_MS ? `timeout ${n} ms is outside 50-${MAX_INTEGRATION_TIMEOUT_MS}` : undefined;
}

export const rule: Rule = {
  id: "AOA-APIG-013",
  title: "Integrations use HTTPS, time out within 29 s and verify TLS",
  severity: "error",
  mirrors: ["CKV_AWS_396", "ref:apigw-quota-integration-timeout-29s"],
  resourceTypes: ["aws_api_gateway_rest_api", "aws_api_gateway_integration"],
  description:
    "Every OpenAPI operation has `x-amazon-apigateway-integration`; `http`/`http_proxy` ones use an `https://` uri (host = the backend certificate's name), `VPC_LINK` ones a `connectionId`, `timeoutInMillis` within 50-29000, no `tlsConfig.insecureSkipVerification`. Same for `aws_api_gateway_integration`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const api of view.resources("aws_api_gateway_rest_api")) {
      const read = readOpenApi(api.config.body);
      if (read.kind !== "doc") continue;
      for (const o of operations(read.doc)) {
        const i = integrationOf(o.op);
        if (!i) {
          out.push(view.at(api, `${o.label}: no x-amazon-apigateway-integration`));
          continue;
        }
        const type = String(i.type ?? "").toLowerCase();
        if (type === "http" || type === "http_proxy") {
          const bad = checkUri(i.uri);
          if (bad) out.push(view.at(api, `${o.label}: integration ${bad}`));
        }
        if (String(i.connectionType ?? "").toUpperCase() === "VPC_LINK" && isEmpty(i.connectionId)) {
          out.push(view.at(api, `${o.label}: VPC_LINK integration without connectionId`));
        }
        const t = checkTimeout(i.timeoutInMillis);
        if (t) out.push(view.at(api, `${o.label}: integration ${t}`));
        if (i.tlsConfig?.insecureSkipVerification === true) out.push(view.at(api, `${o.label}: tlsConfig.insecureSkipVerification = true`));
      }
    }
    for (const i of view.resources("aws_api_gateway_integration")) {
      const type = String(literal(i.config.type) ?? "").toLowerCase();
      if (type === "http" || type === "http_proxy") {
        const bad = checkUri(i.config.uri);
        if (bad) out.push(view.at(i, `integration ${bad}`));
      }
      if (literal(i.config.connection_type) === "VPC_LINK" && isEmpty(i.config.connection_id)) out.push(view.at(i, "VPC_LINK integration without connection_id"));
      const t = checkTimeout(i.config.timeout_milliseconds);
      if (t) out.push(view.at(i, t));
      const tls = i.config.tls_config;
      const skip = Array.isArray(tls) ? tls[0]?.insecure_skip_verification : tls?.insecure_skip_verification;
      if (skip === true && !isToken(skip)) out.push(view.at(i, "tls_config.insecure_skip_verification = true"));
    }
    return out;
  },
};
