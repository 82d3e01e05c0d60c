import type { Rule, RuleFinding } from "../types";
import { block, isToken } from "../lib/values";

/** Variable names that suggest a secret. */
export const SECRET_NAME = /(secret|passw(or)?d|pwd|private[_-]?key|api[_-]?key|access[_-]?key|credential|auth[_-]?token|bearer|client[_-]?secret|signing[_-]?key)/i;
/** Names that say the value is a pointer to a secret, not the secret. */
export const POINTER_NAME = /(_ARN|_NAME|_ID|_PARAM|_PARAMETER|_PATH|_PREFIX|_URL|_URI)$/i;
/** Values that look like secrets whatever their name. */
export const SECRET_VALUE = [
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, // JWT
  /\b(ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{20,}/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/,
];

export function looksLikeSecretValue(v: string): boolean {
  return SECRET_VALUE.some((re) => re.test(v));
}

function isPointerValue(v: string): boolean {
  return v.startsWith("arn:") || v.startsWith("/") || v.startsWith("https://") || isToken(v);
}

export const rule: Rule = {
  id: "AOA-LMB-004",
  title: "No secrets in Lambda environment variables",
  severity: "error",
  mirrors: ["CKV_AWS_45"],
  resourceTypes: ["aws_lambda_function"],
  description:
    "No variable whose value looks like a secret (AWS key, private key, JWT, GitHub/Slack token), and no secret-named variable (SECRET, PASSWORD, API_KEY, PRIVATE_KEY, TOKEN-like) holding a literal; pass pointers instead (`*_ARN`, `*_PARAM`, SSM path).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const fn of view.resources("aws_lambda_function")) {
      const vars = block(fn.config.environment)?.variables;
      if (!vars || typeof vars !== "object") continue;
      for (const [name, value] of Object.entries(vars as Record<string, unknown>)) {
        if (typeof value !== "string") continue;
        if (looksLikeSecretValue(value)) {
          out.push(view.at(fn, `environment variable ${name} holds a value that looks like a credential`));
          continue;
        }
        if (SECRET_NAME.test(name) && !POINTER_NAME.test(name) && !isPointerValue(value) && value !== "") {
          out.push(view.at(fn, `environment variable ${name} looks like a secret stored in plain text; store it in SSM SecureString/Secrets Manager and pass its name or ARN`));
        }
      }
    }
    return out;
  },
};
