import type { Rule, RuleFinding } from "../types";
import { list, literal } from "../lib/values";

export const FORBIDDEN_MANAGED_POLICIES = /:policy\/(AdministratorAccess|IAMFullAccess)$/;

export const rule: Rule = {
  id: "AOA-IAM-006",
  title: "No AdministratorAccess / IAMFullAccess attachments",
  severity: "error",
  mirrors: ["CKV_AWS_274", "AwsSolutions-IAM4"],
  resourceTypes: ["aws_iam_role_policy_attachment", "aws_iam_role", "aws_iam_policy_attachment"],
  description: "No `aws_iam_role_policy_attachment.policy_arn` / `aws_iam_role.managed_policy_arns` of `AdministratorAccess` or `IAMFullAccess`.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const type of ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"]) {
      for (const a of view.resources(type)) {
        const arn = literal(a.config.policy_arn);
        if (arn && FORBIDDEN_MANAGED_POLICIES.test(arn)) out.push(view.at(a, `attaches ${arn}`));
      }
    }
    for (const role of view.resources("aws_iam_role")) {
      for (const arn of list(role.config.managed_policy_arns)) {
        if (typeof arn === "string" && FORBIDDEN_MANAGED_POLICIES.test(arn)) out.push(view.at(role, `managed_policy_arns includes ${arn}`));
      }
    }
    return out;
  },
};
