import type { Rule, RuleFinding } from "../types";
import type { ResourceRef } from "../stack-view";
import { isAnyPrincipal, readPolicy } from "../lib/policy-doc";

/** API Gateway's resource policy size limit. */
export const MAX_RESOURCE_POLICY_CHARS = 8192;

export const rule: Rule = {
  id: "AOA-APIG-018",
  title: "REST API resource policy: invoke-only, within size",
  severity: "error",
  mirrors: ["CKV_AWS_63", "ref:apigw-quota-resource-policy-8192"],
  resourceTypes: ["aws_api_gateway_rest_api_policy", "aws_api_gateway_rest_api"],
  description: "Resource policies (literal JSON) stay within 8192 characters; Allow statements never grant `*` or `execute-api:*`, and an Allow to principal `*` grants only `execute-api:Invoke`.",
  check(view) {
    const out: RuleFinding[] = [];
    const check = (res: ResourceRef, value: unknown) => {
      const read = readPolicy(view, value);
      if (read.kind !== "doc") return;
      const doc = read.doc;
      if (doc.size !== undefined && doc.size > MAX_RESOURCE_POLICY_CHARS) out.push(view.at(res, `policy is ${doc.size} characters; API Gateway allows ${MAX_RESOURCE_POLICY_CHARS}`));
      for (const s of doc.statements) {
        if (s.effect !== "Allow") continue;
        const broad = s.actions.filter((a) => a === "*" || a.toLowerCase() === "execute-api:*");
        if (broad.length) out.push(view.at(res, `Allow statement${s.sid ? ` ${s.sid}` : ""} grants ${broad.join(", ")}`));
        if (s.principals.some(isAnyPrincipal)) {
          const other = s.actions.filter((a) => a.toLowerCase() !== "execute-api:invoke" && !broad.includes(a));
          if (other.length) out.push(view.at(res, `Allow to principal * grants ${other.join(", ")} (only execute-api:Invoke is acceptable)`));
        }
      }
    };
    for (const p of view.resources("aws_api_gateway_rest_api_policy")) check(p, p.config.policy);
    for (const api of view.resources("aws_api_gateway_rest_api")) check(api, api.config.policy);
    return out;
  },
};
