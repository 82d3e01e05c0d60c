import type { Rule, RuleFinding } from "../types";
import { block, literal } from "../lib/values";

export const STRONG_KEYS = ["RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"];

export const rule: Rule = {
  id: "AOA-ACM-003",
  title: "Certificate keys >= RSA 2048 and transparency logging on",
  severity: "error",
  mirrors: ["ACM.2", "CKV_AWS_234"],
  resourceTypes: ["aws_acm_certificate"],
  description: "`key_algorithm` (if set) is RSA >= 2048 or EC; `options.certificate_transparency_logging_preference` is not DISABLED.",
  check(view) {
    const out: RuleFinding[] = [];
    for (const c of view.resources("aws_acm_certificate")) {
      const key = literal(c.config.key_algorithm);
      if (key !== undefined && !STRONG_KEYS.includes(key)) out.push(view.at(c, `key_algorithm ${key} is weaker than RSA_2048`));
      if (literal(block(c.config.options)?.certificate_transparency_logging_preference) === "DISABLED") out.push(view.at(c, "certificate transparency logging is DISABLED"));
    }
    return out;
  },
};
