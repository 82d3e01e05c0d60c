import type { Rule, RuleFinding } from "../types";
import { isEmpty, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-LMB-006",
  title: "Lambda permissions are scoped to a source",
  severity: "error",
  mirrors: ["Lambda.1", "CKV_AWS_301", "CKV_AWS_364", "AWS-0067"],
  resourceTypes: ["aws_lambda_permission"],
  description:
    '`principal` is not `*`; a service principal (`*.amazonaws.com`) comes with `source_arn` (API Gateway: the API\'s `execution_arn`/…, never `*`); no `function_url_auth_type = "NONE"`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const p of view.resources("aws_lambda_permission")) {
      const principal = literal(p.config.principal);
      const sourceArn = p.config.source_arn;
      if (principal === "*") {
        out.push(view.at(p, 'principal "*" makes the function invocable by anyone'));
        continue;
      }
      if (literal(p.config.function_url_auth_type) === "NONE") out.push(view.at(p, 'function_url_auth_type = "NONE" exposes a public function URL'));
      if (principal && principal.endsWith(".amazonaws.com")) {
        if (isEmpty(sourceArn)) out.push(view.at(p, `principal ${principal} without source_arn: any ${principal} resource in any account could invoke the function`));
        const lit = literal(sourceArn);
        if (lit !== undefined && /^(\*|arn:[a-z-]+:execute-api:\*)/.test(lit)) out.push(view.at(p, `source_arn ${lit} is not scoped to one API`));
      }
      if (principal === "apigateway.amazonaws.com" && literal(p.config.action) !== undefined && literal(p.config.action) !== "lambda:InvokeFunction") {
        out.push(view.at(p, `action ${literal(p.config.action)} granted to API Gateway; only lambda:InvokeFunction is needed`));
      }
    }
    return out;
  },
};
