import type { Rule, RuleFinding } from "../types";
import { list, literal } from "../lib/values";

export const rule: Rule = {
  id: "AOA-IAM-008",
  title: "OIDC providers: https issuer and explicit audiences",
  severity: "error",
  mirrors: ["CKV_AWS_358", "ref:iam-guide-oidc-providers"],
  resourceTypes: ["aws_iam_openid_connect_provider"],
  description: "`url` is `https://…`; `client_id_list` is non-empty and has no `*`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const p of view.resources("aws_iam_openid_connect_provider")) {
      const url = literal(p.config.url);
      if (url !== undefined && !url.startsWith("https://")) out.push(view.at(p, `url ${url} is not https://`));
      const ids = list(p.config.client_id_list);
      if (ids.length === 0 && !view.isToken(p.config.client_id_list)) out.push(view.at(p, "client_id_list is empty"));
      if (ids.includes("*")) out.push(view.at(p, 'client_id_list contains "*"'));
    }
    return out;
  },
};
