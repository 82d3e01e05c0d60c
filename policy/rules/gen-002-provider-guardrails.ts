import type { Rule, RuleFinding } from "../types";
import { block, isEmpty, isToken, list } from "../lib/values";

export const rule: Rule = {
  id: "AOA-GEN-002",
  title: "AWS providers pin their account and assume a role",
  severity: "error",
  mirrors: ["ref:aws-facts-multi-account-providers"],
  resourceTypes: ["provider.aws"],
  description: "Each `aws` provider has `allowed_account_ids` (12-digit strings) and `assume_role.role_arn`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const p of view.providers("aws")) {
      const name = typeof p.alias === "string" ? `aws.${p.alias}` : "aws";
      const ids = list(p.allowed_account_ids);
      if (ids.length === 0) out.push(view.atStack(`provider ${name}: allowed_account_ids is not set (nothing stops it from touching the wrong account)`));
      for (const id of ids) if (!(typeof id === "string" && (/^\d{12}$/.test(id) || isToken(id)))) out.push(view.atStack(`provider ${name}: allowed account id ${JSON.stringify(id)} is not a 12-digit string`));
      if (isEmpty(block(p.assume_role)?.role_arn)) out.push(view.atStack(`provider ${name}: no assume_role.role_arn`));
    }
    return out;
  },
};
