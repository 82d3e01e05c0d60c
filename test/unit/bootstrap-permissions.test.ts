/**
 * The deploy roles' permissions: least privilege by construction (no admin, no `*` actions, a
 * written reason for every wildcard, sizes within IAM's limits) and sufficient for what the stacks
 * actually create — every named resource of the synthesized platform and app stacks is matched
 * against the policies with a small Allow evaluator (conditions not evaluated; real IAM has the
 * last word, see docs/bootstrap.md).
 */
import { Testing } from "cdktf";
import { PlatformStack } from "../../stacks/platform-stack";
import { AppStack } from "../../stacks/app-stack";
import { appExposureDeployerPolicies, authorizerFunctionName, environmentAccounts, partitionOf, platformDeployerPolicies, workloadAccounts, type PolicySet } from "../../modules/deploy-permissions";
import { WILDCARD_REASON_SID } from "../../policy";
import type { Environment } from "../../config/schema";
import type { Statement } from "../../modules/iam";
import { devEnv, fakeBundle } from "./helpers";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const env = devEnv();
const SHARED = env.accounts.sharedServices;
const platformPolicies = platformDeployerPolicies(env, { stateBucket: { name: "acme-aoa-tfstate-dev", keyPrefix: "apigw-app-of-apps" } });

const statements = (set: PolicySet): Statement[] => Object.values(set).flat();
const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]);
const glob = (pattern: string) => new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

/** Does some Allow statement grant `action` on `arn`? (Conditions are not evaluated.) */
function allows(set: PolicySet, action: string, arn: string): boolean {
  return statements(set).some((s) => s.Effect === "Allow" && list(s.Action).some((a) => glob(a).test(action)) && list(s.Resource).some((r) => glob(r).test(arn)));
}

function synth(build: (app: ReturnType<typeof Testing.app>) => unknown): Json {
  const app = Testing.app();
  return JSON.parse(Testing.synth(build(app) as never));
}
const platform = synth((app) => new PlatformStack(app, { environment: env, authorizerBundle: fakeBundle() }));
const apps = env.apps.map((a) => ({ app: a, json: synth((app) => new AppStack(app, { environment: env, app: a })) }));

/** Named resources of a stack for one provider alias: [type, name]. */
function named(json: Json, provider: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [type, byId] of Object.entries<Record<string, Json>>(json.resource)) {
    for (const r of Object.values(byId)) {
      if (r.provider !== provider) continue;
      const n = r.function_name ?? r.alarm_name ?? r.dashboard_name ?? r.name;
      if (typeof n === "string" && !n.includes("${")) out.push([type, n]);
    }
  }
  return out;
}

/** The create action and resource ARN of a named resource (unknown types return undefined and are listed by the test). */
function createCall(e: Environment, account: string, type: string, name: string): [string, string] | undefined {
  const p = partitionOf(e.region);
  const r = e.region;
  const elb = `arn:${p}:elasticloadbalancing:${r}:${account}`;
  switch (type) {
    case "aws_iam_role": return ["iam:CreateRole", `arn:${p}:iam::${account}:role/${name}`];
    case "aws_iam_role_policy": return ["iam:PutRolePolicy", `arn:${p}:iam::${account}:role/${resourcePrefixOf(e)}-x`];
    case "aws_cloudwatch_log_group": return ["logs:CreateLogGroup", `arn:${p}:logs:${r}:${account}:log-group:${name}`];
    case "aws_ssm_parameter": return ["ssm:PutParameter", `arn:${p}:ssm:${r}:${account}:parameter${name}`];
    case "aws_lambda_function": return ["lambda:CreateFunction", `arn:${p}:lambda:${r}:${account}:function:${name}`];
    case "aws_lb": return ["elasticloadbalancing:CreateLoadBalancer", `${elb}:loadbalancer/net/${name}/0123456789abcdef`];
    case "aws_lb_target_group": return ["elasticloadbalancing:CreateTargetGroup", `${elb}:targetgroup/${name}/0123456789abcdef`];
    case "aws_sns_topic": return ["sns:CreateTopic", `arn:${p}:sns:${r}:${account}:${name}`];
    case "aws_cloudwatch_metric_alarm": return ["cloudwatch:PutMetricAlarm", `arn:${p}:cloudwatch:${r}:${account}:alarm:${name}`];
    case "aws_cloudwatch_dashboard": return ["cloudwatch:PutDashboard", `arn:${p}:cloudwatch::${account}:dashboard/${name}`];
    case "aws_wafv2_web_acl": return ["wafv2:CreateWebACL", `arn:${p}:wafv2:${r}:${account}:regional/webacl/${name}/0123-abcd`];
    case "aws_wafv2_ip_set": return ["wafv2:CreateIPSet", `arn:${p}:wafv2:${r}:${account}:regional/ipset/${name}/0123-abcd`];
    case "aws_api_gateway_vpc_link": return ["apigateway:POST", `arn:${p}:apigateway:${r}::/vpclinks`];
    case "aws_api_gateway_rest_api": return ["apigateway:POST", `arn:${p}:apigateway:${r}::/restapis`];
    case "aws_api_gateway_usage_plan": return ["apigateway:POST", `arn:${p}:apigateway:${r}::/usageplans`];
    case "aws_api_gateway_api_key": return ["apigateway:POST", `arn:${p}:apigateway:${r}::/apikeys`];
    case "aws_route53_zone": return ["route53:CreateHostedZone", "*"];
    case "aws_security_group": return ["ec2:CreateSecurityGroup", `arn:${p}:ec2:${r}:${account}:security-group/sg-0123`];
    default: return undefined;
  }
}
const resourcePrefixOf = (e: Environment) => `${e.orgPrefix}-${e.name}`;

describe("platform deployer (shared-services)", () => {
  it("covers every named resource the platform stack and the apps' shared side create", () => {
    const wanted = [...named(platform, "aws.shared"), ...apps.flatMap((a) => named(a.json, "aws.shared"))];
    const unknown = wanted.filter(([t, n]) => !createCall(env, SHARED, t, n));
    expect(unknown).toEqual([]);
    const denied = wanted.map(([t, n]) => [t, n, ...createCall(env, SHARED, t, n)!]).filter(([, , action, arn]) => !allows(platformPolicies, action, arn));
    expect(denied).toEqual([]);
    expect(wanted.length).toBeGreaterThan(20);
  });
  it("the authorizer function it may manage is the one the platform stack creates", () => {
    const fns = Object.values<Json>(platform.resource.aws_lambda_function).map((f) => f.function_name);
    expect(fns).toEqual([authorizerFunctionName(env)]);
    expect(allows(platformPolicies, "lambda:UpdateFunctionCode", `arn:aws:lambda:eu-west-1:${SHARED}:function:${fns[0]}`)).toBe(true);
    expect(allows(platformPolicies, "lambda:UpdateFunctionCode", `arn:aws:lambda:eu-west-1:${SHARED}:function:someone-elses`)).toBe(false);
  });
  it("reaches the API Gateway paths of the domain, its mappings, stages (WAF), account settings and what a VPC link needs", () => {
    const base = "arn:aws:apigateway:eu-west-1::";
    for (const [action, arn] of [
      ["apigateway:POST", `${base}/domainnames`],
      ["apigateway:PATCH", `${base}/domainnames/api.dev.acme-example.com`],
      ["apigateway:POST", `${base}/domainnames/api.dev.acme-example.com/apimappings`],
      ["apigateway:PATCH", `${base}/account`],
      ["apigateway:SetWebACL", `${base}/restapis/abc123/stages/live`],
      ["wafv2:AssociateWebACL", `${base}/restapis/abc123/stages/live`],
      ["apigateway:UpdateRestApiPolicy", `${base}/restapis/abc123`],
      // a VPC link makes API Gateway create an endpoint service with the caller's permissions
      ["ec2:CreateVpcEndpointServiceConfiguration", `arn:aws:ec2:eu-west-1:${SHARED}:vpc-endpoint-service/vpce-svc-0123`],
      ["elasticloadbalancing:DescribeLoadBalancers", "*"],
    ]) expect([action, arn, allows(platformPolicies, action, arn)]).toEqual([action, arn, true]);
    expect(allows(platformPolicies, "apigateway:DELETE", `${base}/domainnames/api.prod.acme-example.com`)).toBe(false);
  });
  it("stays inside the environment: other envs' names, other accounts, the deploy role itself are out of reach", () => {
    const p = platformPolicies;
    expect(allows(p, "iam:PutRolePolicy", `arn:aws:iam::${SHARED}:role/acme-prod-jwt-authorizer`)).toBe(false);
    expect(allows(p, "iam:PutRolePolicy", `arn:aws:iam::${SHARED}:role/${env.accounts.deployRoleName}`)).toBe(false);
    expect(allows(p, "iam:CreatePolicyVersion", `arn:aws:iam::${SHARED}:policy/aoa-deployer-edge`)).toBe(false);
    expect(allows(p, "iam:AttachRolePolicy", `arn:aws:iam::${SHARED}:role/acme-dev-jwt-authorizer`)).toBe(false);
    expect(allows(p, "ssm:PutParameter", `arn:aws:ssm:eu-west-1:${SHARED}:parameter/acme/prod/platform/x`)).toBe(false);
    expect(allows(p, "logs:DeleteLogGroup", `arn:aws:logs:eu-west-1:${SHARED}:log-group:/aws/lambda/acme-prod-jwt-authorizer`)).toBe(false);
    expect(allows(p, "s3:GetObject", "arn:aws:s3:::acme-aoa-tfstate-dev/apigw-app-of-apps/dev/dev-platform.tfstate")).toBe(true);
    expect(allows(p, "s3:GetObject", "arn:aws:s3:::acme-aoa-tfstate-dev/apigw-app-of-apps/prod/prod-platform.tfstate")).toBe(false);
    expect(allows(p, "s3:PutBucketPolicy", "arn:aws:s3:::acme-aoa-tfstate-dev")).toBe(false);
    expect(allows(p, "sts:AssumeRole", "arn:aws:iam::222222222222:role/aoa-deployer")).toBe(true);
    // Chaining is not listed per account (constant size): the role name is pinned and the role must carry the environment's tag.
    const chain = statements(p).filter((s) => list(s.Action).includes("sts:AssumeRole"));
    expect(chain.map((s) => [s.Resource, s.Condition])).toEqual([["arn:aws:iam::*:role/aoa-deployer", { StringEquals: { "iam:ResourceTag/aoa:environment": "acme-dev" } }]]);
    expect(allows(p, "sts:AssumeRole", "arn:aws:iam::888888888888:role/someone-elses-role")).toBe(false);
  });
  it("passes roles only to Lambda and API Gateway, and creates only the two service-linked roles it needs", () => {
    const pass = statements(platformPolicies).filter((s) => list(s.Action).includes("iam:PassRole"));
    expect(pass.map((s) => s.Condition)).toEqual([{ StringEquals: { "iam:PassedToService": ["lambda.amazonaws.com", "apigateway.amazonaws.com"] } }]);
    const slr = statements(platformPolicies).find((s) => list(s.Action).includes("iam:CreateServiceLinkedRole"))!;
    expect(list(slr.Resource)).toEqual([
      `arn:aws:iam::${SHARED}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
      `arn:aws:iam::${SHARED}:role/aws-service-role/ops.apigateway.amazonaws.com/AWSServiceRoleForAPIGateway`,
    ]);
  });
  it("pins record changes to the API's names and certificate requests to its domain names", () => {
    const rec = statements(platformPolicies).find((s) => list(s.Action).includes("route53:ChangeResourceRecordSets"))!;
    expect(rec.Condition).toEqual({ "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["api.dev.acme-example.com", "*.api.dev.acme-example.com"] } });
    const req = statements(platformPolicies).find((s) => list(s.Action).includes("acm:RequestCertificate"))!;
    expect(req.Condition).toEqual({ "ForAllValues:StringEquals": { "acm:DomainNames": ["api.dev.acme-example.com"] } });
  });
  it("an adopted zone is pinned by id (no zone wildcard)", () => {
    const adopted = platformDeployerPolicies(devEnv((e) => (e.domain.hostedZone = { mode: "adopt", name: "dev.acme-example.com", zoneId: "Z0123456789ABC" })));
    const zoneStatements = statements(adopted).filter((s) => list(s.Action).some((a) => a === "route53:ChangeResourceRecordSets" || a === "route53:GetHostedZone"));
    for (const s of zoneStatements) expect(s.Resource).toBe("arn:aws:route53:::hostedzone/Z0123456789ABC");
  });
  it("without an S3 backend there is no state access; with mTLS the truststore object is readable", () => {
    const none = platformDeployerPolicies(env);
    expect(statements(none).some((s) => list(s.Action).some((a) => a.startsWith("s3:")))).toBe(false);
    const mtls = platformDeployerPolicies(devEnv((e) => (e.domain.mtls = { truststoreBucket: "acme-truststore", truststoreKey: "dev/truststore.pem" })));
    expect(allows(mtls, "s3:GetObject", "arn:aws:s3:::acme-truststore/dev/truststore.pem")).toBe(true);
  });
});

describe("app-exposure deployer (workload accounts)", () => {
  for (const account of workloadAccounts(env)) {
    const policies = appExposureDeployerPolicies(env, account);
    it(`${account}: covers the NLB, target group and endpoint service of its apps — and nothing of S3 or IAM roles`, () => {
      const wanted = apps.filter((a) => a.app.account === account).flatMap((a) => named(a.json, "aws.workload"));
      expect(wanted.length).toBeGreaterThanOrEqual(2);
      const denied = wanted.map(([t, n]) => [t, n, ...createCall(env, account, t, n)!]).filter(([, , action, arn]) => !allows(policies, action, arn));
      expect(denied).toEqual([]);
      expect(allows(policies, "ec2:CreateVpcEndpointServiceConfiguration", `arn:aws:ec2:eu-west-1:${account}:vpc-endpoint-service/vpce-svc-0123`)).toBe(true);
      expect(allows(policies, "elasticloadbalancing:RegisterTargets", `arn:aws:elasticloadbalancing:eu-west-1:${account}:targetgroup/acme-dev-orders-alb/0123`)).toBe(true);
      const actions = statements(policies).flatMap((s) => list(s.Action));
      expect(actions.filter((a) => a.startsWith("s3:"))).toEqual([]);
      expect(actions.filter((a) => a.startsWith("iam:"))).toEqual(["iam:CreateServiceLinkedRole"]);
      expect(actions.filter((a) => a.startsWith("sts:"))).toEqual([]);
    });
  }
});

describe("every deploy policy", () => {
  const sets: [string, PolicySet][] = [
    ["platform", platformPolicies],
    ...environmentAccounts(env).slice(1).map((a): [string, PolicySet] => [`exposure ${a}`, appExposureDeployerPolicies(env, a)]),
  ];
  for (const [label, set] of sets) {
    it(`${label}: no "*" or "<svc>:*" actions, no NotAction/NotResource, every wildcard resource carries a WildcardReason Sid`, () => {
      for (const s of statements(set)) {
        expect(s.Effect).toBe("Allow");
        expect(s).not.toHaveProperty("NotAction");
        expect(s).not.toHaveProperty("NotResource");
        for (const a of list(s.Action)) expect([a, /^\*$|^\*:\*$|^[a-z0-9-]+:\*$/.test(a)]).toEqual([a, false]);
        const wildcard = list(s.Resource).some((r) => r.includes("*"));
        if (wildcard) expect([s.Sid, WILDCARD_REASON_SID.test(s.Sid ?? "")]).toEqual([s.Sid, true]);
      }
      const sids = statements(set).map((s) => s.Sid);
      for (const [name, sts] of Object.entries(set)) expect([name, new Set(sts.map((s) => s.Sid)).size]).toEqual([name, sts.length]);
      expect(sids.every((s) => !!s && /^[A-Za-z0-9]+$/.test(s))).toBe(true);
    });
    it(`${label}: each managed policy fits IAM's 6,144-character limit`, () => {
      for (const [name, sts] of Object.entries(set)) {
        const size = JSON.stringify({ Version: "2012-10-17", Statement: sts }).replace(/\s/g, "").length;
        expect([name, size <= 6144]).toEqual([name, true]);
      }
    });
  }
  it("a large environment keeps every policy within the limit (30 workload accounts, extra names, 3 subnets, long bucket/prefix)", () => {
    const big = devEnv((e) => {
      e.domain.extraNames = ["api2.dev.acme-example.com", "api3.dev.acme-example.com"];
      e.network.subnets.push({ id: "subnet-0a1b2c3d4e5f60013", az: "eu-west-1c" });
    });
    const template = big.apps[0];
    const many: Environment = { ...big, apps: Array.from({ length: 30 }, (_, i) => ({ ...template, name: `app${i}`, account: String(500000000000 + i) })) };
    const sizes = Object.entries(platformDeployerPolicies(many, { stateBucket: { name: "b".repeat(63), keyPrefix: "k".repeat(60) } })).map(([n, sts]) => [n, JSON.stringify({ Version: "2012-10-17", Statement: sts }).length] as const);
    for (const [n, size] of sizes) expect([n, size <= 6144]).toEqual([n, true]);
  });
});
