/**
 * Problems found late — while building the stacks, or by the policy pack on the synthesized
 * Terraform — traced back to the config field that caused them, so they read like validation
 * errors: `apps[1].backend: AOA-ELB-002 ... (dev-app-orders/aws_lb.exposure_nlb)`.
 */
import type { ConfigProblem } from "../config/rules";
import type { Environment } from "../config/schema";
import type { Finding } from "../policy";
import { stackNames } from "../config/naming";

/** Config field behind a resource type, per stack role. First match wins. */
const APP_FIELDS: readonly [RegExp, string][] = [
  [/^aws_(lb|lb_listener|lb_target_group|lb_target_group_attachment|vpc_endpoint_service)$/, "backend"],
  [/^aws_(vpc_endpoint|security_group|lb_target_group_attachment)$/, "ingressPort"],
  [/^aws_api_gateway_(method_settings|stage)$/, "throttling"],
  [/^aws_api_gateway_(usage_plan|api_key|usage_plan_key)$/, "usagePlans"],
  [/^aws_api_gateway_(rest_api|deployment|rest_api_policy)$/, "routes"],
  [/^aws_apigatewayv2_api_mapping$/, "basePath"],
  [/^aws_ssm_parameter$/, "routes"],
];
const PLATFORM_FIELDS: readonly [RegExp, string][] = [
  [/^aws_wafv2_/, "edge.waf"],
  [/^aws_cloudwatch_log_group$/, "edge.logRetentionDays"],
  [/^aws_(lambda_|iam_role)/, "edge.authorizer"],
  [/^aws_route53_/, "domain.hostedZone"],
  [/^aws_(api_gateway_domain_name|acm_)/, "domain"],
  [/^aws_(lb|api_gateway_vpc_link)/, "network"],
  [/^aws_(sns_|cloudwatch_metric_alarm)/, "alarms"],
];
const BOOTSTRAP_FIELDS: readonly [RegExp, string][] = [
  [/^aws_s3_/, "state"],
  [/^aws_iam_/, "accounts"],
];

/** The config field a stack (and optionally a resource type) of `env` comes from. */
export function fieldFor(env: Environment, stack: string, resourceType?: string): string | undefined {
  const pick = (table: readonly [RegExp, string][]) => (resourceType ? table.find(([re]) => re.test(resourceType))?.[1] : undefined);
  const i = env.apps.findIndex((a) => stackNames.app(env, a.name) === stack);
  if (i >= 0) {
    const f = pick(APP_FIELDS);
    return f ? `apps[${i}].${f}` : `apps[${i}]`;
  }
  if (stack === stackNames.platform(env)) return pick(PLATFORM_FIELDS) ?? "";
  if (stack === stackNames.bootstrap(env)) return pick(BOOTSTRAP_FIELDS) ?? "accounts";
  return undefined;
}

/** Policy findings as config problems: field path, the finding as the message, the resource as the value. */
export function findingProblems(env: Environment, findings: readonly Finding[]): ConfigProblem[] {
  return findings
    .filter((f) => f.severity === "error")
    .map((f) => {
      const type = f.resource === "stack" ? undefined : f.resource.split(".")[0];
      const field = fieldFor(env, f.stack, type) ?? "";
      return { path: field, message: `${f.ruleId}: ${f.message} — or suppress it: suppressions[] { rule: "${f.ruleId}", resource: "${f.stack}/${f.resource}", reason }`, value: `${f.stack}/${f.resource}` };
    });
}

/**
 * An error thrown while building the stacks, mapped to the config: the construct path names the
 * stack (`<env>-app-<app>/...`), which names the app. Returns undefined for errors that name no
 * stack of the environment (those are bugs, reported as they are).
 */
export function constructionProblem(env: Environment, error: unknown): ConfigProblem | undefined {
  const msg = error instanceof Error ? error.message : String(error);
  const stacks = [stackNames.bootstrap(env), stackNames.platform(env), ...env.apps.map((a) => stackNames.app(env, a.name))];
  // longest first: `dev-app-orders-admin` before `dev-app-orders`
  const stack = stacks.sort((a, b) => b.length - a.length).find((s) => new RegExp(`(^|[^A-Za-z0-9-])${s.replace(/[-]/g, "\\-")}([^A-Za-z0-9-]|$)`).test(msg));
  if (!stack) return undefined;
  const field = fieldFor(env, stack) ?? "";
  const i = env.apps.findIndex((a) => stackNames.app(env, a.name) === stack);
  return { path: field, message: `building stack ${stack} failed: ${msg.split("\n")[0]}`, value: i >= 0 ? env.apps[i].name : stack };
}
