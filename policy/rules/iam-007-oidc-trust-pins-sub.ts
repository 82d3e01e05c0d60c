import type { Rule, RuleFinding } from "../types";
import type { Statement } from "../lib/policy-doc";
import { trustPolicySites } from "../lib/iam";
import { readPolicy } from "../lib/policy-doc";

const PINNING_TESTS = ["StringEquals", "StringLike", "ForAllValues:StringEquals", "ForAllValues:StringLike"];

/** A `sub` value that leaves owner or repository open (`*`, `repo:*`, `repo:org/*`, `repo:*\/x:*`). */
export function subTooBroad(value: string): boolean {
  if (value.trim() === "" || value === "*") return true;
  const gh = /^repo:([^/]*)\/([^:]*)(:.*)?$/.exec(value);
  if (gh) return gh[1].includes("*") || gh[2].includes("*") || gh[3] === undefined || gh[3] === ":*";
  return /^[^:]*\*$/.test(value);
}

function isWebIdentity(view: Parameters<Rule["check"]>[0], s: Statement): boolean {
  if (s.actions.some((a) => a.toLowerCase() === "sts:assumerolewithwebidentity")) return true;
  return s.principals.some((p) => p.type === "Federated" && (/oidc-provider\//.test(p.id) || view.refsIn(p.id).some((r) => r.type === "aws_iam_openid_connect_provider")));
}

export const rule: Rule = {
  id: "AOA-IAM-007",
  title: "OIDC (web identity) trust pins sub and aud",
  severity: "error",
  mirrors: ["CKV_AWS_358"],
  resourceTypes: ["aws_iam_role", "aws_iam_policy_document", "aws_iam_openid_connect_provider"],
  description:
    "A trust statement for `sts:AssumeRoleWithWebIdentity` / an OIDC provider has StringEquals/StringLike conditions on `<provider>:aud` and `<provider>:sub`; `sub` names one repository and a ref or environment (`repo:owner/repo:environment:prod`), no `*` for owner or repo.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const site of trustPolicySites(view)) {
      const read = readPolicy(view, site.value);
      if (read.kind !== "doc") continue;
      for (const s of read.doc.statements) {
        if (s.effect !== "Allow" || !isWebIdentity(view, s)) continue;
        const pinned = s.conditions.filter((c) => PINNING_TESTS.includes(c.test));
        const sub = pinned.filter((c) => /:sub$/.test(c.variable));
        const aud = pinned.filter((c) => /:aud$/.test(c.variable));
        if (sub.length === 0) out.push(view.at(site.res, "web-identity trust without a StringEquals/StringLike condition on <provider>:sub: any identity of the provider can assume the role"));
        for (const c of sub) for (const v of c.values.filter(subTooBroad)) out.push(view.at(site.res, `web-identity trust: ${c.variable} value ${JSON.stringify(v)} is too broad`));
        if (aud.length === 0) out.push(view.at(site.res, "web-identity trust without a condition on <provider>:aud"));
      }
    }
    return out;
  },
};
