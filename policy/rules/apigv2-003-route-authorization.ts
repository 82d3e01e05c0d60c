import type { Rule, RuleFinding } from "../types";
import { literal } from "../lib/values";

/** Minimum length of a public route's reason. */
export const MIN_PUBLIC_REASON = 10;

/**
 * HTTP API counterpart of AOA-APIG-012: every route is behind an authorizer of its API unless it
 * is declared public with a reason (modules/http-api.ts writes the declaration into the route's
 * Terraform JSON comment, `"//": { "aoa": { "publicReason": ... } }`).
 */
export const rule: Rule = {
  id: "AOA-APIGV2-003",
  title: "Every HTTP API route is authorized unless declared public with a reason",
  severity: "error",
  mirrors: ["CKV_AWS_309"],
  resourceTypes: ["aws_apigatewayv2_route", "aws_apigatewayv2_authorizer"],
  description:
    'Each `aws_apigatewayv2_route` has `authorization_type` JWT (or CUSTOM / AWS_IAM) with an `authorizer_id` that references an `aws_apigatewayv2_authorizer` of this stack; `NONE` only with `"//": {"aoa": {"publicReason": "<10+ chars>"}}`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const route of view.resources("aws_apigatewayv2_route")) {
      const type = literal(route.config.authorization_type) ?? "NONE";
      const key = literal(route.config.route_key) ?? "a route";
      const reason = route.config["//"]?.aoa?.publicReason;
      if (type === "NONE") {
        if (typeof reason !== "string" || reason.trim().length < MIN_PUBLIC_REASON) out.push(view.at(route, `${key}: no authorizer and not declared public with a reason of ${MIN_PUBLIC_REASON}+ characters`));
        continue;
      }
      if (type === "AWS_IAM") continue;
      if (!view.resolve(route.config.authorizer_id, "aws_apigatewayv2_authorizer")) out.push(view.at(route, `${key}: authorization_type ${type} without an authorizer_id of this stack's aws_apigatewayv2_authorizer`));
    }
    return out;
  },
};
