import type { Rule, RuleFinding } from "../types";
import { literal } from "../lib/values";
import { looksLikeSecretValue } from "./lmb-004-no-secrets-in-env";

/** Parameter names that suggest a secret (checked on the last path segment and the whole name). */
export const SECRET_PARAMETER_NAME = /(secret|passw(or)?d|private[-_]?key|api[-_]?key|access[-_]?key|credential|auth[-_]?token|bearer|signing[-_]?key)/i;

export const rule: Rule = {
  id: "AOA-SSM-001",
  title: "Secret-looking parameters are SecureString",
  severity: "error",
  mirrors: ["CKV2_AWS_34"],
  resourceTypes: ["aws_ssm_parameter"],
  description: 'A parameter whose name suggests a secret (secret, password, private-key, api-key, credential, token-like) or whose literal value looks like one is `type = "SecureString"`.',
  check(view) {
    const out: RuleFinding[] = [];
    for (const p of view.resources("aws_ssm_parameter")) {
      const type = literal(p.config.type);
      if (type === "SecureString" || view.isToken(p.config.type)) continue;
      const name = literal(p.config.name) ?? "";
      const value = literal(p.config.value) ?? literal(p.config.insecure_value) ?? "";
      if (SECRET_PARAMETER_NAME.test(name)) out.push(view.at(p, `parameter ${name} looks like a secret but is type ${type ?? "unset"}; use SecureString`));
      else if (value && looksLikeSecretValue(value)) out.push(view.at(p, `parameter ${name || p.name} holds a credential-like value as ${type ?? "unset"}; use SecureString`));
    }
    return out;
  },
};
