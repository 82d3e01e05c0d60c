import type { Rule, RuleFinding } from "../types";
import { integrationOf, operations, publicReason, readOpenApi } from "../lib/openapi";
import { bool, literal } from "../lib/values";

/** Minimum length of an `x-aoa-public.reason`. */
export const MIN_PUBLIC_REASON = 10;

export const rule: Rule = {
  id: "AOA-APIG-012",
  title: "Every operation is authorized unless it is a mock CORS preflight or declared public with a reason",
  severity: "error",
  mirrors: ["CKV_AWS_59", "AwsSolutions-APIG4", "AWS-0004", "CKV2_AWS_70"],
  resourceTypes: ["aws_api_gateway_rest_api", "aws_api_gateway_method"],
  description:
    'Each OpenAPI operation has a non-empty `security` (own or document-level) whose every requirement names a scheme in `components.securitySchemes` (`{}` = anonymous, not allowed); exceptions: OPTIONS with a `mock` integration, or `"x-aoa-public": {"reason": "<10+ chars>"}`. `aws_api_gateway_method` likewise: `authorization` not NONE unless OPTIONS or `api_key_required`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const api of view.resources("aws_api_gateway_rest_api")) {
      const read = readOpenApi(api.config.body);
      if (read.kind === "absent") continue;
      if (read.kind === "opaque") {
        out.push(view.at(api, `OpenAPI body not inspectable (${read.reason}); operations were not checked`, "warning"));
        continue;
      }
      const doc = read.doc;
      const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, unknown>;
      const docSecurity = doc.security;
      for (const o of operations(doc)) {
        const pub = publicReason(o.op);
        if (pub.present) {
          if (!pub.reason || pub.reason.length < MIN_PUBLIC_REASON) {
            out.push(view.at(api, `${o.label}: x-aoa-public needs {"reason": "..."} of at least ${MIN_PUBLIC_REASON} characters`));
          }
          continue;
        }
        if (o.method === "OPTIONS") {
          const type = String(integrationOf(o.op)?.type ?? "").toLowerCase();
          if (type === "mock") continue;
          out.push(view.at(api, `${o.label}: an unauthenticated OPTIONS operation must use a mock integration (CORS preflight), not ${JSON.stringify(type || "none")}`));
          continue;
        }
        const security = o.op.security ?? docSecurity;
        if (!Array.isArray(security) || security.length === 0) {
          out.push(view.at(api, `${o.label}: no security requirement (unauthenticated); add an authorizer or mark it "x-aoa-public": {"reason": "..."}`));
          continue;
        }
        for (const req of security) {
          const names = req && typeof req === "object" ? Object.keys(req) : [];
          if (names.length === 0) {
            out.push(view.at(api, `${o.label}: security contains {} (anonymous access allowed)`));
            continue;
          }
          for (const n of names) if (!(n in schemes)) out.push(view.at(api, `${o.label}: security scheme "${n}" is not defined in components.securitySchemes`));
        }
      }
    }
    for (const m of view.resources("aws_api_gateway_method")) {
      const auth = literal(m.config.authorization);
      const method = literal(m.config.http_method);
      if (auth === "NONE" && method !== "OPTIONS" && bool(m.config.api_key_required) !== true) {
        out.push(view.at(m, `authorization = "NONE" on ${method ?? "a"} method`));
      }
    }
    return out;
  },
};
