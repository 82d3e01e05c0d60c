/**
 * Header/path routing rules on the custom domain (API Gateway "routing rules", 2025) — the seam.
 *
 * The pinned provider (hashicorp/aws 5.100.0, @cdktf/provider-aws 20.1.0) has neither the
 * `aws_apigatewayv2_routing_rule` resource nor `routing_mode` on the domain resources: both
 * arrived in hashicorp/aws **6.29.0** (2026-01-28, PR #42961; CHANGELOG "New Resource:
 * aws_apigatewayv2_routing_rule", "aws_api_gateway_domain_name: Add routing_mode"). So the shape
 * is validated now with AWS's rules (every problem with its field path), and any rule is then
 * refused with the provider version it needs; nothing is built. docs/routing-rules.md has the
 * design and the sources.
 *
 * AWS rules encoded (API Gateway guide, "Routing rules to connect API stages to a custom domain
 * name for REST APIs"; REST API quotas):
 * - a rule has at most two header conditions and one base-path condition, all ANDed;
 * - header names match case-insensitively, values are case-sensitive globs (`*` wildcard);
 * - priorities 1–1,000,000, unique per domain, lowest first;
 * - the only action is invoking a stage of a **REST** API (HTTP API apps cannot be targets);
 * - 50 routing rules per domain by default (adjustable).
 */
import { z } from "zod";

/** The first hashicorp/aws release with `aws_apigatewayv2_routing_rule` and `routing_mode`. */
export const ROUTING_RULES_PROVIDER = "6.29.0";
/** The hashicorp/aws version the project pins. */
export const PINNED_PROVIDER = "5.100.0";
export const ROUTING_RULES_PER_DOMAIN = 50;
export const ROUTING_RULE_PRIORITY = { min: 1, max: 1_000_000 } as const;

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, "must be an HTTP header name");

export const routingRuleSchema = z.strictObject({
  /** Evaluation order, lowest first; unique per domain. */
  priority: z.number().int().min(ROUTING_RULE_PRIORITY.min).max(ROUTING_RULE_PRIORITY.max, `must be ${ROUTING_RULE_PRIORITY.min}-${ROUTING_RULE_PRIORITY.max}`),
  /** Header conditions (at most two, ANDed): name case-insensitive, value a case-sensitive glob. @default [] */
  headers: z.array(z.strictObject({ name: headerName, value: z.string().min(1).max(512) })).max(2, "a routing rule has at most two header conditions").default([]),
  /** Base paths, any of which matches (the rule's one path condition). @default any base path */
  basePaths: z.array(z.string().min(1)).optional(),
  /** The app whose API stage the rule invokes (a REST API app of this environment). */
  app: z.string().min(1),
  /** Strip the matched base path before invoking. @default true */
  stripBasePath: z.boolean().default(true),
});

export type RoutingRuleInput = z.input<typeof routingRuleSchema>;

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Problem {
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

/** Cross-field problems of `domain.routingRules` (raw input), ending with the provider refusal. */
export function routingRuleProblems(env: Raw): Problem[] {
  const out: Problem[] = [];
  const rules = env?.domain?.routingRules;
  if (!Array.isArray(rules) || rules.length === 0) return out;
  const apps = Array.isArray(env.apps) ? env.apps : [];
  const seen = new Map<number, number>();
  if (rules.length > ROUTING_RULES_PER_DOMAIN) out.push({ path: "domain.routingRules", message: `at most ${ROUTING_RULES_PER_DOMAIN} routing rules per domain (adjustable quota; raise it first)`, value: rules.length });
  rules.forEach((r: Raw, i: number) => {
    const at = (f: string) => `domain.routingRules[${i}].${f}`;
    if (typeof r?.priority === "number") {
      if (seen.has(r.priority)) out.push({ path: at("priority"), message: `duplicate priority (also domain.routingRules[${seen.get(r.priority)}]); AWS refuses equal priorities`, value: r.priority });
      else seen.set(r.priority, i);
    }
    if (typeof r?.app === "string") {
      const app = apps.find((a: Raw) => a?.name === r.app);
      if (!app) out.push({ path: at("app"), message: `no app '${r.app}' in this environment`, value: r.app });
      else if (app.api === "http") out.push({ path: at("app"), message: "routing rules can only invoke REST API stages; this app is an HTTP API app", value: r.app });
    }
    if (Array.isArray(r?.basePaths) && r.basePaths.length === 0) out.push({ path: at("basePaths"), message: "leave it out to match any base path, or list at least one", value: r.basePaths });
  });
  out.push({
    path: "domain.routingRules",
    message: `routing rules need hashicorp/aws >= ${ROUTING_RULES_PROVIDER} (aws_apigatewayv2_routing_rule and the domain's routing_mode); this project pins ${PINNED_PROVIDER}, so they cannot be built yet (docs/routing-rules.md). Use base paths (API mappings) until the provider is upgraded`,
    value: `${rules.length} rule${rules.length === 1 ? "" : "s"}`,
  });
  return out;
}
