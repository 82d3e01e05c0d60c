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

/**
 * Lambda proxy integrations: `httpMethod` POST (Lambda is only invoked with POST) and the
 * invocation URI `arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`
 * (API Gateway developer guide, "Set up Lambda proxy integrations"). An unqualified function ARN
 * works but pins the gateway to `$LATEST`: a warning, the project integrates aliases.
 */
const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::([^:/]+))?)\/invocations$/;

function checkAwsProxy(httpMethod: unknown, uri: unknown): { message: string; severity?: "warning" }[] {
  const out: { message: string; severity?: "warning" }[] = [];
  const method = literal(httpMethod);
  if (method !== undefined && method.toUpperCase() !== "POST") out.push({ message: `AWS_PROXY integration with httpMethod ${method}; Lambda is invoked with POST` });
  if (typeof uri !== "string" || uri === "") out.push({ message: "AWS_PROXY integration has no uri" });
  else if (!isToken(uri)) {
    const m = LAMBDA_URI.exec(uri);
    if (!m) out.push({ message: `AWS_PROXY uri ${JSON.stringify(uri)} is not a Lambda invocation URI (arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations)` });
    else if (!m[2] || m[2] === "$LATEST") out.push({ message: `AWS_PROXY uri targets ${m[1]} without an alias: the gateway calls $LATEST`, severity: "warning" });
  }
  return out;
}

function checkTimeout(v: unknown): string | undefined {
  const n = num(v);
  if (n === undefined || n === "unknown") return undefined;
  return n < 50 || n > MAX_INTEGRATION_TIMEOUT_MS ? `timeout ${n} ms is outside 50-${MAX_INTEGRATION_TIMEOUT_MS}` : undefined;
}

export const rule: Rule = {
  id: "AOA-APIG-013",
  title: "Integrations use HTTPS or a Lambda alias, time out within 29 s and verify TLS",
  severity: "error",
  mirrors: ["CKV_AWS_396", "ref:apigw-quota-integration-timeout-29s"],
  resourceTypes: ["aws_api_gateway_rest_api", "aws_api_gateway_integration"],
  description:
    "Every OpenAPI operation has `x-amazon-apigateway-integration`; `http`/`http_proxy` ones use an `https://` uri (host = the backend certificate's name), `VPC_LINK` ones a `connectionId`, `timeoutInMillis` within 50-29000, no `tlsConfig.insecureSkipVerification`; `aws_proxy` ones are POST to a Lambda invocation URI (an unqualified function: warning); `mock` needs no uri. Same for `aws_api_gateway_integration`.",
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
        if (type === "aws_proxy") for (const f of checkAwsProxy(i.httpMethod, i.uri)) out.push(view.at(api, `${o.label}: ${f.message}`, f.severity));
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
      if (type === "aws_proxy") for (const f of checkAwsProxy(i.config.integration_http_method, i.config.uri)) out.push(view.at(i, f.message, f.severity));
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
