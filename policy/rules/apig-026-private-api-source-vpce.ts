import type { Rule, RuleFinding } from "../types";
import type { ResourceRef } from "../stack-view";
import { readPolicy, type Statement } from "../lib/policy-doc";
import { block, list } from "../lib/values";

const isInvoke = (s: Statement) => s.actions.some((a) => a.toLowerCase() === "execute-api:invoke" || a === "*" || a.toLowerCase() === "execute-api:*");
const vpceCondition = (s: Statement, test: string) => s.conditions.find((c) => c.test === test && c.variable.toLowerCase() === "aws:sourcevpce" && c.values.length > 0);

/** Is this REST API (or private domain) of endpoint type PRIVATE? */
export function isPrivateEndpoint(res: ResourceRef): boolean {
  return list(block(res.config.endpoint_configuration)?.types).includes("PRIVATE");
}

export const rule: Rule = {
  id: "AOA-APIG-026",
  title: "Private API resource policy constrains callers by aws:SourceVpce",
  severity: "error",
  mirrors: ["ref:apigw-guide-private-api-resource-policy", "ref:apigw-guide-resource-policy-examples-source-vpce"],
  resourceTypes: ["aws_api_gateway_rest_api", "aws_api_gateway_rest_api_policy", "aws_api_gateway_domain_name"],
  description:
    "A PRIVATE REST API (and a PRIVATE custom domain name) has a resource policy in which every Allow of `execute-api:Invoke` is conditioned on `aws:SourceVpce` (StringEquals), and an explicit Deny with `StringNotEquals aws:SourceVpce` refuses every other source — without it any VPC endpoint in any account can reach the API.",
  check(view) {
    const out: RuleFinding[] = [];
    const checkDoc = (res: ResourceRef, value: unknown, what: string) => {
      const read = readPolicy(view, value);
      if (read.kind === "opaque") return;
      if (read.kind === "absent") {
        out.push(view.at(res, `${what} has no resource policy: a private endpoint type needs one that allows only the listed VPC endpoints (aws:SourceVpce)`));
        return;
      }
      const statements = read.doc.statements.filter(isInvoke);
      const allows = statements.filter((s) => s.effect === "Allow");
      for (const s of allows) {
        if (!vpceCondition(s, "StringEquals")) out.push(view.at(res, `${what}: Allow${s.sid ? ` ${s.sid}` : ""} of execute-api:Invoke is not conditioned on aws:SourceVpce (StringEquals)`));
      }
      if (!statements.some((s) => s.effect === "Deny" && vpceCondition(s, "StringNotEquals"))) {
        out.push(view.at(res, `${what}: no Deny with StringNotEquals aws:SourceVpce: sources other than the listed endpoints are not explicitly refused`));
      }
    };
    for (const api of view.resources("aws_api_gateway_rest_api").filter(isPrivateEndpoint)) {
      const policies = view.companions("aws_api_gateway_rest_api_policy", "rest_api_id", api);
      if (api.config.policy !== undefined) checkDoc(api, api.config.policy, "private REST API");
      else if (policies.length === 0) out.push(view.at(api, "private REST API has no resource policy: anyone's VPC endpoint could call it"));
      for (const p of policies) checkDoc(p, p.config.policy, `policy of private REST API ${api.name}`);
    }
    for (const d of view.resources("aws_api_gateway_domain_name").filter(isPrivateEndpoint)) checkDoc(d, d.config.policy, "private custom domain name");
    return out;
  },
};
