import type { Rule, RuleFinding } from "../types";
import type { PolicySite } from "../lib/iam";
import { identityPolicySites, trustPolicySites } from "../lib/iam";
import { readPolicy } from "../lib/policy-doc";

export const rule: Rule = {
  id: "AOA-GEN-004",
  title: "Policy documents are inspectable at synth",
  severity: "warning",
  mirrors: ["ref:policy-pack-inspectability"],
  resourceTypes: ["aws_iam_role", "aws_iam_policy", "aws_iam_role_policy", "aws_s3_bucket_policy", "aws_kms_key", "aws_api_gateway_rest_api_policy", "aws_sns_topic_policy"],
  description: "Policies are literal JSON (`JSON.stringify`) or `${data.aws_iam_policy_document.<id>.json}` of the same stack, not `${jsonencode(...)}`/`${file(...)}`: otherwise the IAM/S3/KMS rules cannot see them.",
  check(view) {
    const out: RuleFinding[] = [];
    const sites: PolicySite[] = [...trustPolicySites(view), ...identityPolicySites(view)];
    for (const type of ["aws_s3_bucket_policy", "aws_api_gateway_rest_api_policy", "aws_sns_topic_policy"]) for (const res of view.resources(type)) sites.push({ res, label: "policy", value: res.config.policy });
    for (const res of view.resources("aws_kms_key")) sites.push({ res, label: "policy", value: res.config.policy });
    for (const s of sites) {
      const read = readPolicy(view, s.value);
      if (read.kind === "opaque") out.push(view.at(s.res, `${s.label} is not inspectable (${read.reason}); write literal JSON or a data aws_iam_policy_document`));
    }
    return out;
  },
};
