/** Where the stacks keep IAM policy documents. */
import type { ResourceRef, StackView } from "../stack-view";
import { blocks } from "./values";

export interface PolicySite {
  readonly res: ResourceRef;
  /** Attribute path for messages (`policy`, `inline_policy[0].policy`, `assume_role_policy`). */
  readonly label: string;
  readonly value: unknown;
}

/** Identity policies: role/managed policies and inline policies of roles. */
export function identityPolicySites(view: StackView): PolicySite[] {
  const out: PolicySite[] = [];
  for (const type of ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]) {
    for (const res of view.resources(type)) out.push({ res, label: "policy", value: res.config.policy });
  }
  for (const role of view.resources("aws_iam_role")) {
    blocks(role.config.inline_policy).forEach((p, i) => out.push({ res: role, label: `inline_policy[${i}].policy`, value: p.policy }));
  }
  return out;
}

/** Trust policies of roles. */
export function trustPolicySites(view: StackView): PolicySite[] {
  return view.resources("aws_iam_role").map((res) => ({ res, label: "assume_role_policy", value: res.config.assume_role_policy }));
}
