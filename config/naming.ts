import type { Environment } from "./schema";
import { ingressShards, shardContractKey } from "./ingress-shards";

/** Names shared by stacks, the pipeline commands and the docs: one place, so they never drift. */
export const stackNames = {
  bootstrap: (env: Pick<Environment, "name">) => `${env.name}-bootstrap`,
  platform: (env: Pick<Environment, "name">) => `${env.name}-platform`,
  app: (env: Pick<Environment, "name">, app: string) => `${env.name}-app-${app}`,
};

/** `<orgPrefix>-<env>` prefix for resource names. */
export function resourcePrefix(env: Pick<Environment, "orgPrefix" | "name">): string {
  return `${env.orgPrefix}-${env.name}`;
}

/** SSM prefix of the platform contract: `/<orgPrefix>/<env>/platform/`. */
export function contractPrefix(env: Pick<Environment, "orgPrefix" | "name">): string {
  return `/${env.orgPrefix}/${env.name}/platform/`;
}

/** SSM prefix where each app publishes its route table for the authorizer: `/<orgPrefix>/<env>/authz/`. */
export function routesParameterPrefix(env: Pick<Environment, "orgPrefix" | "name">): string {
  return `/${env.orgPrefix}/${env.name}/authz/`;
}

/** SSM prefix where each app publishes what was deployed (version, api id): `/<orgPrefix>/<env>/apps/<app>/`. */
export function appReleasePrefix(env: Pick<Environment, "orgPrefix" | "name">, app: string): string {
  return `/${env.orgPrefix}/${env.name}/apps/${app}/`;
}

export function roleArn(accountId: string, roleName: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

// ---------------------------------------------------------------------------------------------
// AWS names: every name the project derives is built here, checked against its service's rules.
// ---------------------------------------------------------------------------------------------

/** A service's naming rule: maximum length, allowed characters, and the AWS document it comes from. */
export interface NameRule {
  readonly max: number;
  readonly min?: number;
  /** Must hold for the whole name (characters, first/last character, reserved prefixes). */
  readonly pattern: RegExp;
  /** What the pattern means, for error messages. */
  readonly describe: string;
  /** The AWS document the rule comes from. */
  readonly source: string;
}

/**
 * Naming rules of the AWS resources the stacks name. Sources are the services' API references
 * (the `Name` parameter of each Create* call).
 */
export const NAME_RULES = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
  // "up to 32 characters, alphanumeric and hyphens, must not begin or end with a hyphen, must not begin with internal-"
  loadBalancer: { max: 32, pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, describe: "letters, digits and '-', not starting or ending with '-', not starting with 'internal-'", source: "ELB API_CreateLoadBalancer (Name)" },
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
  targetGroup: { max: 32, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, describe: "letters, digits and '-', not starting or ending with '-'", source: "ELB API_CreateTargetGroup (Name)" },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName: [\w+=,.@-]+, 1-64)
  iamRole: { max: 64, pattern: /^[\w+=,.@-]+$/, describe: "letters, digits and + = , . @ _ -", source: "IAM API_CreateRole (RoleName)" },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html (PolicyName: [\w+=,.@-]+, 1-128)
  iamPolicy: { max: 128, pattern: /^[\w+=,.@-]+$/, describe: "letters, digits and + = , . @ _ -", source: "IAM API_CreatePolicy (PolicyName)" },
  // https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName: 1-64 for a bare name)
  lambdaFunction: { max: 64, pattern: /^[A-Za-z0-9_-]+$/, describe: "letters, digits, '-' and '_'", source: "Lambda API_CreateFunction (FunctionName)" },
  // https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (StatementId: ([a-zA-Z0-9-_]+), 1-100)
  lambdaStatementId: { max: 100, pattern: /^[A-Za-z0-9_-]+$/, describe: "letters, digits, '-' and '_'", source: "Lambda API_AddPermission (StatementId)" },
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html ([\.\-_/#A-Za-z0-9]+, 1-512)
  logGroup: { max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, describe: "letters, digits and . - _ / #", source: "CloudWatch Logs API_CreateLogGroup (logGroupName)" },
  // https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html ("must start with aws-waf-logs-")
  wafLogGroup: { max: 512, pattern: /^aws-waf-logs-[.\-_/#A-Za-z0-9]+$/, describe: "'aws-waf-logs-' followed by letters, digits and . - _ / #", source: "WAF Developer Guide, Sending web ACL traffic logs to CloudWatch Logs" },
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html / API_CreateIPSet.html (Name: ^[\w\-]+$, 1-128)
  wafName: { max: 128, pattern: /^[\w-]+$/, describe: "letters, digits, '_' and '-'", source: "WAFV2 API_CreateWebACL / API_CreateIPSet (Name)" },
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_VisibilityConfig.html (MetricName: ^[\w#:\.\-/]+$, 1-255; not All / Default_Action)
  wafMetric: { max: 255, pattern: /^(?!All$|Default_Action$)[\w#:.\-/]+$/, describe: "letters, digits and _ # : . - /, not 'All' or 'Default_Action'", source: "WAFV2 API_VisibilityConfig (MetricName)" },
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (AlarmName: 1-255, no control characters)
  alarm: { max: 255, pattern: /^[^\x00-\x1f\x7f]+$/, describe: "printable characters", source: "CloudWatch API_PutMetricAlarm (AlarmName)" },
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html (A-Z, a-z, 0-9, '-', '_', up to 255)
  dashboard: { max: 255, pattern: /^[A-Za-z0-9_-]+$/, describe: "letters, digits, '-' and '_'", source: "CloudWatch API_PutDashboard (DashboardName)" },
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (1-256, alphanumerics, '-' and '_')
  snsTopic: { max: 256, pattern: /^[A-Za-z0-9_-]+$/, describe: "letters, digits, '-' and '_'", source: "SNS API_CreateTopic (Name)" },
  // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
  // (a-zA-Z0-9_.-/, fully qualified up to 1011 characters, at most 15 levels, must not start with aws or ssm)
  ssmParameter: { max: 1011, pattern: /^(?!\/?(aws|ssm))(\/[A-Za-z0-9_.-]+){1,15}$/i, describe: "'/'-separated levels (at most 15) of letters, digits and _ . -, not under /aws or /ssm", source: "Systems Manager User Guide, Parameter naming requirements" },
  // https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html ("up to 255 characters, cannot start with sg-")
  securityGroup: { max: 255, pattern: /^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, describe: "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with 'sg-'", source: "EC2 API_CreateSecurityGroup (GroupName)" },
  // https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html and API_CreateApiKey.html: no documented pattern; API Gateway refuses names over 1024 characters
  apiGatewayName: { max: 1024, pattern: /^[^\x00-\x1f\x7f]+$/, describe: "printable characters", source: "API Gateway API_CreateRestApi / API_CreateUsagePlan / API_CreateApiKey (name)" },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

const HASH_LENGTH = 6;

/** Deterministic short hash of a name (lower-case hex: valid in every rule above). */
export function nameHash(full: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:crypto") as typeof import("node:crypto")).createHash("sha256").update(full).digest("hex").slice(0, HASH_LENGTH);
}

/**
 * Fits `full` into the rule of `kind`: returned unchanged when it is short enough; otherwise the
 * head is kept (trailing separators dropped, so the name never ends in '-') and a hash of the
 * whole name appended — deterministic (same input, same name on every run) and unique (two
 * names sharing a long prefix get different hashes). With the longest prefixes the schema allows
 * (`<orgPrefix>-<env>-` = 26 characters) the head keeps `<orgPrefix>-<env>` whole, so the IAM
 * patterns `<orgPrefix>-<env>-*` of the deploy roles still match. Throws when the result breaks the
 * rule for another reason (characters): that is a programming error, validation reports the field.
 */
export function awsName(kind: NameKind, full: string): string {
  const rule: NameRule = NAME_RULES[kind];
  if (full.length <= rule.max) return full;
  const head = full.slice(0, rule.max - HASH_LENGTH - 1).replace(/[^A-Za-z0-9]+$/, "");
  return `${head}-${nameHash(full)}`;
}

/** Why `name` breaks the rule of `kind`, or undefined. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length > rule.max) return `is ${name.length} characters, over the ${rule.max} allowed for this name (${rule.source})`;
  if (name.length < (rule.min ?? 1)) return `must not be empty (${rule.source})`;
  if (!rule.pattern.test(name)) return `must be ${rule.describe} (${rule.source})`;
  return undefined;
}

/** The names the constructs derive from their `name` prefix (each construct calls these; the enumeration below too). */
export const derivedNames = {
  // platform (shared-services account)
  // one NLB + VPC link per private ingress shard (config/ingress-shards.ts); shard 0 keeps the single ingress's name
  ingressNlb: (prefix: string, shard = 0) => awsName("loadBalancer", shard === 0 ? `${prefix}-ingress` : `${prefix}-ingress-${shard}`),
  vpcLink: (prefix: string, shard = 0) => awsName("apiGatewayName", shard === 0 ? `${prefix}-ingress` : `${prefix}-ingress-${shard}`),
  authorizerInvokeRole: (prefix: string) => awsName("iamRole", `${prefix}-authorizer-invoke`),
  wafIpSet: (prefix: string, kind: "allow" | "block") => awsName("wafName", `${prefix}-${kind}`),
  webAcl: (prefix: string) => awsName("wafName", `${prefix}-api`),
  wafMetric: (prefix: string, what: string) => awsName("wafMetric", `${prefix}-${what}`),
  wafLogGroup: (prefix: string) => awsName("wafLogGroup", `aws-waf-logs-${prefix}`),
  gatewayCloudwatchRole: (prefix: string) => awsName("iamRole", `${prefix}-apigw-cloudwatch`),
  authorizerFunction: (prefix: string) => awsName("lambdaFunction", `${prefix}-jwt-authorizer`),
  authorizerRole: (prefix: string) => awsName("iamRole", `${prefix}-jwt-authorizer`),
  lambdaLogGroup: (functionName: string) => awsName("logGroup", `/aws/lambda/${functionName}`),
  alarmTopic: (prefix: string) => awsName("snsTopic", `${prefix}-api-alarms`),
  dashboard: (prefix: string) => awsName("dashboard", `${prefix}-api`),
  // per app (`appPrefix` = `<orgPrefix>-<env>-<app>`)
  exposureNlb: (appPrefix: string) => awsName("loadBalancer", `${appPrefix}-expose`),
  exposureTargetGroup: (appPrefix: string) => awsName("targetGroup", `${appPrefix}-alb`),
  endpointTargetGroup: (appPrefix: string) => awsName("targetGroup", `${appPrefix}-ep`),
  endpointSecurityGroup: (appPrefix: string) => awsName("securityGroup", `${appPrefix}-endpoint`),
  restApi: (appPrefix: string) => awsName("apiGatewayName", appPrefix),
  accessLogGroup: (appPrefix: string) => awsName("logGroup", `/aws/apigateway/${appPrefix}/access`),
  authorizerPermission: (appPrefix: string) => awsName("lambdaStatementId", `${appPrefix}-authorizer`),
  alarm: (appPrefix: string, what: "5xx-rate" | "4xx-rate" | "latency-p99") => awsName("alarm", `${appPrefix}-${what}`),
  usagePlan: (appPrefix: string, plan: string) => awsName("apiGatewayName", `${appPrefix}-${plan}`),
  apiKey: (appPrefix: string, plan: string, key: string) => awsName("apiGatewayName", `${appPrefix}-${plan}-${key}`),
  // bootstrap
  deployPolicy: (roleName: string, area: string) => awsName("iamPolicy", `${roleName}-${area}`),
};

/** One name the stacks will create, where it lives (uniqueness scope) and the config field it comes from. */
export interface GeneratedName {
  readonly kind: NameKind;
  readonly name: string;
  /** Names must be unique within this scope (`<service>:<account>:<region>`). */
  readonly scope: string;
  /** The config field whose value the name is derived from (for error messages). */
  readonly field: string;
}

/** The ingress shards of a (possibly raw, unvalidated) environment; the schema's defaults where a value is missing. */
function shardsOf(env: { readonly apps: readonly unknown[] }): number[] {
  const raw = env as { network?: { ingressPorts?: { from?: unknown; to?: unknown }; ingressShardSize?: unknown }; apps: readonly { ingressPort?: unknown }[] };
  const num = (v: unknown, d: number) => (typeof v === "number" && Number.isInteger(v) ? v : d);
  const size = num(raw.network?.ingressShardSize, 50);
  const network = { ingressPorts: { from: num(raw.network?.ingressPorts?.from, 10000), to: num(raw.network?.ingressPorts?.to, 10999) }, ingressShardSize: size >= 1 && size <= 50 ? size : 50 };
  return ingressShards({ network, apps: raw.apps.map((a) => ({ ingressPort: typeof a?.ingressPort === "number" ? a.ingressPort : undefined })) });
}

/** Length of an SSM API id (API Gateway REST API ids are 10 characters). */
const API_ID_PLACEHOLDER = "a".repeat(10);
const CONTRACT_KEYS = ["domain-name", "web-acl-arn", "authorizer-function-name", "authorizer-function-arn", "authorizer-invoke-arn", "authorizer-invoke-role-arn", "vpc-link-id", "nlb-arn", "vpc-cidr", "routes-parameter-prefix", "alarm-topic-arn", "contract-version"];

/**
 * Every AWS name an environment's stacks create, with its rule and the config field behind it.
 * The unit tests enumerate these for generated environments (1–200 apps, longest prefixes);
 * validation checks them (rules and collisions) before anything is synthesized.
 */
export function generatedNames(env: Pick<Environment, "orgPrefix" | "name" | "region" | "accounts" | "apps" | "edge"> & { readonly state?: Environment["state"] }): GeneratedName[] {
  const out: GeneratedName[] = [];
  const prefix = resourcePrefix(env);
  const shared = env.accounts.sharedServices;
  const regional = (svc: string, account = shared) => `${svc}:${account}:${env.region}`;
  const add = (kind: NameKind, name: string, scope: string, field: string) => out.push({ kind, name, scope, field });
  const f = "orgPrefix";
  for (const shard of shardsOf(env)) {
    add("loadBalancer", derivedNames.ingressNlb(prefix, shard), regional("elb-lb"), shard === 0 ? f : "apps");
    add("apiGatewayName", derivedNames.vpcLink(prefix, shard), regional("apigw-vpclink"), shard === 0 ? f : "apps");
  }
  add("iamRole", derivedNames.authorizerInvokeRole(prefix), `iam:${shared}`, f);
  for (const k of ["allow", "block"] as const) {
    add("wafName", derivedNames.wafIpSet(prefix, k), regional("waf-ipset"), `edge.waf.${k}Cidrs`);
    add("wafName", awsName("wafName", `${derivedNames.wafIpSet(prefix, k)}-v6`), regional("waf-ipset"), `edge.waf.${k}Cidrs`);
  }
  add("wafName", derivedNames.webAcl(prefix), regional("waf-webacl"), f);
  for (const m of ["allow-ips", "allow-ips-v6", "block-ips", "block-ips-v6", "geo", "rate", "api", "AWSManagedRulesKnownBadInputsRuleSet"]) add("wafMetric", derivedNames.wafMetric(prefix, m), regional(`waf-metric:${prefix}`), f);
  add("wafLogGroup", derivedNames.wafLogGroup(prefix), regional("logs"), f);
  add("iamRole", derivedNames.gatewayCloudwatchRole(prefix), `iam:${shared}`, f);
  const fn = derivedNames.authorizerFunction(prefix);
  add("lambdaFunction", fn, regional("lambda"), f);
  add("iamRole", derivedNames.authorizerRole(prefix), `iam:${shared}`, f);
  add("logGroup", derivedNames.lambdaLogGroup(fn), regional("logs"), f);
  add("snsTopic", derivedNames.alarmTopic(prefix), regional("sns"), f);
  add("dashboard", derivedNames.dashboard(prefix), `cloudwatch-dashboard:${shared}`, f);
  for (const k of CONTRACT_KEYS) add("ssmParameter", `${contractPrefix(env)}${k}`, regional("ssm"), f);
  for (const shard of shardsOf(env)) for (const k of ["vpc-link-id", "nlb-arn"] as const) add("ssmParameter", `${contractPrefix(env)}${shardContractKey(shard, k)}`, regional("ssm"), f);
  for (const area of ["edge", "network", "runtime", "pipeline", "exposure"]) {
    add("iamPolicy", derivedNames.deployPolicy(env.accounts.deployRoleName ?? "aoa-deployer", area), `iam-policy:${area}`, "accounts.deployRoleName");
  }
  add("iamRole", env.accounts.deployRoleName ?? "aoa-deployer", `iam-deploy-role`, "accounts.deployRoleName");
  env.apps.forEach((app, i) => {
    const ap = `${prefix}-${app.name}`;
    const field = `apps[${i}].name`;
    const workload = app.account;
    add("loadBalancer", derivedNames.exposureNlb(ap), regional("elb-lb", workload), field);
    add("targetGroup", derivedNames.exposureTargetGroup(ap), regional("elb-tg", workload), field);
    add("targetGroup", derivedNames.endpointTargetGroup(ap), regional("elb-tg"), field);
    add("securityGroup", derivedNames.endpointSecurityGroup(ap), regional("ec2-sg"), field);
    add("apiGatewayName", derivedNames.restApi(ap), regional("apigw-restapi"), field);
    add("logGroup", derivedNames.accessLogGroup(ap), regional("logs"), field);
    add("lambdaStatementId", derivedNames.authorizerPermission(ap), `lambda-policy:${prefix}`, field);
    for (const a of ["5xx-rate", "4xx-rate", "latency-p99"] as const) add("alarm", derivedNames.alarm(ap, a), regional("cloudwatch-alarm"), field);
    add("ssmParameter", `${routesParameterPrefix(env)}${API_ID_PLACEHOLDER}`, `ssm-authz:${i}`, field);
    add("ssmParameter", `${appReleasePrefix(env, app.name)}release`, regional("ssm"), field);
    (app.usagePlans ?? []).forEach((plan, j) => {
      add("apiGatewayName", derivedNames.usagePlan(ap, plan.name), regional("apigw-usageplan"), `apps[${i}].usagePlans[${j}].name`);
      plan.apiKeys.forEach((key, k) => add("apiGatewayName", derivedNames.apiKey(ap, plan.name, key), regional("apigw-apikey"), `apps[${i}].usagePlans[${j}].apiKeys[${k}]`));
    });
  });
  return out;
}

/**
 * SSM parameter tier for a value (Systems Manager User Guide, "Managing parameter tiers"):
 * Standard holds up to 4 KB (4,096 bytes), Advanced up to 8 KB; larger values are refused.
 */
export const SSM_STANDARD_MAX_BYTES = 4096;
export const SSM_ADVANCED_MAX_BYTES = 8192;
export function ssmTierFor(value: string): "Standard" | "Advanced" {
  return Buffer.byteLength(value, "utf8") > SSM_STANDARD_MAX_BYTES ? "Advanced" : "Standard";
}
