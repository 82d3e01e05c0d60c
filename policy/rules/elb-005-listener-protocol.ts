import type { Rule, RuleFinding } from "../types";
import { block, blocks, literal } from "../lib/values";

/** ELB security policies that allow only TLS 1.2+. */
export const TLS12_POLICY = /(TLS13|TLS-1-2|FS-1-2)/;

export const rule: Rule = {
  id: "AOA-ELB-005",
  title: "Listeners: TCP/TLS (NLB) or HTTPS, TLS 1.2+ policies",
  severity: "error",
  mirrors: ["CKV_AWS_2", "CKV_AWS_103", "ELB.17", "AWS-0054", "AWS-0047"],
  resourceTypes: ["aws_lb_listener"],
  description:
    "`protocol` is TCP, TLS or HTTPS (HTTP only when the default action redirects to HTTPS; no UDP); TLS/HTTPS listeners set an `ssl_policy` allowing TLS 1.2+ only (`ELBSecurityPolicy-TLS13-1-2-*`).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const l of view.resources("aws_lb_listener")) {
      const proto = literal(l.config.protocol);
      if (proto === undefined) {
        if (!view.isToken(l.config.protocol)) out.push(view.at(l, "protocol is not set"));
        continue;
      }
      if (proto === "HTTP") {
        const redirects = blocks(l.config.default_action).some((a) => a.type === "redirect" && block(a.redirect)?.protocol === "HTTPS");
        if (!redirects) out.push(view.at(l, "HTTP listener that does not redirect to HTTPS"));
      } else if (proto === "UDP" || proto === "TCP_UDP") {
        out.push(view.at(l, `protocol ${proto} is not used by this design`));
      } else if (proto === "TLS" || proto === "HTTPS") {
        const policy = l.config.ssl_policy;
        if (!view.isToken(policy) && !(typeof policy === "string" && TLS12_POLICY.test(policy))) {
          out.push(view.at(l, `ssl_policy ${JSON.stringify(policy ?? "default (ELBSecurityPolicy-2016-08, TLS 1.0)")} allows TLS < 1.2`));
        }
      }
    }
    return out;
  },
};
