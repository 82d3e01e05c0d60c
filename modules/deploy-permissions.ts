/**
 * Least-privilege permissions of the deploy roles the bootstrap stack creates:
 *  - the **platform deployer** in the shared-services account: what `<env>-platform` and the
 *    shared-services side of every `<env>-app-<app>` stack create and read, plus the state objects;
 *  - the **app-exposure deployer** in each workload account: the NLB in front of the app's ALB and
 *    the endpoint service (`modules/workload-exposure.ts`), nothing else (no S3, no IAM roles).
 *
 * Scoping rules: everything the project names is matched by the environment's name prefix
 * (`<orgPrefix>-<env>-`, `/<orgPrefix>/<env>/`, `aws-waf-logs-<orgPrefix>-<env>`), the zone,
 * domain, VPC, subnets, authorizer function and state bucket by their configured names. A `*` in a
 * resource only appears in statements whose Sid starts with `WildcardReason` (policy pack
 * AOA-IAM-005): either the service has no resource-level permission for the action (Describe*,
 * CreateHostedZone, ...), or AWS assigns the id at creation (REST API ids, certificate ids, security
 * group ids), or the `*` only stands for the tail of a name that already carries the environment's
 * prefix. No `Action: "*"`, no `<service>:*`, no NotAction/NotResource.
 *
 * Each area becomes its own managed policy so every document stays under IAM's 6,144-character
 * limit for managed policies (checked in the unit tests).
 */
import type { Environment } from "../config/schema";
import type { Statement } from "./iam";
import { resourcePrefix, roleArn } from "../config/naming";

/** `aws`, `aws-us-gov` or `aws-cn`, from the Region. */
export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** Distinct workload accounts of the environment, in app order, without the shared-services account. */
export function workloadAccounts(env: Environment): string[] {
  return [...new Set(env.apps.map((a) => a.account))].filter((a) => a !== env.accounts.sharedServices);
}

/** Every account of the environment: shared-services first, then each distinct workload account. */
export function environmentAccounts(env: Environment): string[] {
  return [env.accounts.sharedServices, ...workloadAccounts(env)];
}

/** Name of the shared authorizer function (modules/authorizer-function.ts: `<name>-jwt-authorizer`). */
export function authorizerFunctionName(env: Environment): string {
  return `${resourcePrefix(env)}-jwt-authorizer`;
}

/** Tag the bootstrap puts on every deploy role (value `<org>-<env>`); the chaining statement requires it. */
export const DEPLOY_ROLE_TAG = "aoa:environment";

/** Managed policies of one deploy role: policy-name suffix -> statements. */
export type PolicySet = Record<string, Statement[]>;

const ELB_DESCRIBE = [
  "elasticloadbalancing:DescribeLoadBalancers",
  "elasticloadbalancing:DescribeLoadBalancerAttributes",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetGroupAttributes",
  "elasticloadbalancing:DescribeTargetHealth",
  "elasticloadbalancing:DescribeListeners",
  "elasticloadbalancing:DescribeListenerAttributes",
  "elasticloadbalancing:DescribeTags",
  "elasticloadbalancing:DescribeCapacityReservation",
];
const ELB_MANAGE = [
  "elasticloadbalancing:CreateLoadBalancer",
  "elasticloadbalancing:DeleteLoadBalancer",
  "elasticloadbalancing:ModifyLoadBalancerAttributes",
  "elasticloadbalancing:ModifyCapacityReservation",
  "elasticloadbalancing:SetSubnets",
  "elasticloadbalancing:SetSecurityGroups",
  "elasticloadbalancing:CreateTargetGroup",
  "elasticloadbalancing:DeleteTargetGroup",
  "elasticloadbalancing:ModifyTargetGroup",
  "elasticloadbalancing:ModifyTargetGroupAttributes",
  "elasticloadbalancing:RegisterTargets",
  "elasticloadbalancing:DeregisterTargets",
  "elasticloadbalancing:CreateListener",
  "elasticloadbalancing:DeleteListener",
  "elasticloadbalancing:ModifyListener",
  "elasticloadbalancing:ModifyListenerAttributes",
  "elasticloadbalancing:AddTags",
  "elasticloadbalancing:RemoveTags",
];

/** Load balancers, target groups and listeners whose names carry the environment's prefix. */
function elbStatements(partition: string, region: string, account: string, prefix: string): Statement[] {
  const base = `arn:${partition}:elasticloadbalancing:${region}:${account}`;
  return [
    // Describe* calls of Elastic Load Balancing have no resource-level permissions.
    { Sid: "WildcardReasonElbDescribeHasNoResourceLevel", Effect: "Allow", Action: ELB_DESCRIBE, Resource: "*" },
    {
      // AWS appends a generated id to every load balancer / target group / listener ARN; the name part is pinned to the env prefix.
      Sid: "WildcardReasonElbArnsEndInGeneratedIds",
      Effect: "Allow",
      Action: ELB_MANAGE,
      Resource: [`${base}:loadbalancer/net/${prefix}-*/*`, `${base}:targetgroup/${prefix}-*/*`, `${base}:listener/net/${prefix}-*/*/*`],
    },
  ];
}

/** The service-linked role Elastic Load Balancing (and API Gateway for VPC links) create on first use. */
function serviceLinkedRoles(partition: string, account: string, services: readonly { service: string; role: string }[]): Statement {
  return {
    Sid: "CreateServiceLinkedRoles",
    Effect: "Allow",
    Action: "iam:CreateServiceLinkedRole",
    Resource: services.map((s) => `arn:${partition}:iam::${account}:role/aws-service-role/${s.service}/${s.role}`),
    Condition: { StringEquals: { "iam:AWSServiceName": services.map((s) => s.service) } },
  };
}

export interface PlatformDeployerOptions {
  /** State bucket (S3 backend only). */
  readonly stateBucket?: { readonly name: string; readonly keyPrefix: string };
}

/**
 * The platform deployer (shared-services account): the edge (API Gateway, WAF, ACM, Route 53),
 * the private ingress (ELB, EC2 endpoints/security groups), the runtime (authorizer Lambda and
 * its role, logs, SSM contract, SNS, CloudWatch) and the pipeline plumbing (state objects,
 * chaining into the workload deploy roles).
 */
export function platformDeployerPolicies(env: Environment, opts: PlatformDeployerOptions = {}): PolicySet {
  const p = partitionOf(env.region);
  const r = env.region;
  const a = env.accounts.sharedServices;
  const prefix = resourcePrefix(env);
  const apigw = `arn:${p}:apigateway:${r}::`;
  const domain = env.domain.name;
  const privateDomain = env.privateApis?.domain?.name;
  // the private custom domain's certificate is validated in the same zone (modules/private-api.ts)
  const certNames = [...new Set([domain, ...env.domain.extraNames, ...(privateDomain ? [privateDomain] : [])])];
  const zone = env.domain.hostedZone;
  const zoneArn = zone.mode === "adopt" ? `arn:${p}:route53:::hostedzone/${zone.zoneId}` : `arn:${p}:route53:::hostedzone/*`;
  const recordNames = certNames.flatMap((n) => [n, `*.${n}`]);
  const vpcArn = `arn:${p}:ec2:${r}:${a}:vpc/${env.network.vpcId}`;
  const subnetArns = env.network.subnets.map((s) => `arn:${p}:ec2:${r}:${a}:subnet/${s.id}`);
  const logs = (name: string) => [`arn:${p}:logs:${r}:${a}:log-group:${name}`, `arn:${p}:logs:${r}:${a}:log-group:${name}:*`];
  const fn = `arn:${p}:lambda:${r}:${a}:function:${authorizerFunctionName(env)}`;

  const edge: Statement[] = [
    {
      // API Gateway assigns REST API, VPC link, usage plan and API key ids at creation; the domain's
      // sub-resources (mappings) and tags are addressed below it. Create calls target the collections.
      Sid: "WildcardReasonApiGatewayAssignsIds",
      Effect: "Allow",
      Action: ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE", "apigateway:UpdateRestApiPolicy", "apigateway:SetWebACL"],
      Resource: [
        `${apigw}/restapis`,
        `${apigw}/restapis/*`,
        // HTTP APIs (api: "http" apps): apigatewayv2 resources live under /apis
        `${apigw}/apis`,
        `${apigw}/apis/*`,
        `${apigw}/vpclinks`,
        `${apigw}/vpclinks/*`,
        `${apigw}/usageplans`,
        `${apigw}/usageplans/*`,
        `${apigw}/apikeys`,
        `${apigw}/apikeys/*`,
        `${apigw}/tags/*`,
        `${apigw}/account`,
        `${apigw}/domainnames`,
        `${apigw}/domainnames/${domain}`,
        `${apigw}/domainnames/${domain}/*`,
      ],
    },
    {
      // Web ACL / IP set ARNs end in an id WAF assigns; names are pinned to the env prefix.
      // Managed rule groups (AWS-owned) are referenced by the web ACL and live under managedruleset/.
      Sid: "WildcardReasonWafArnsEndInGeneratedIds",
      Effect: "Allow",
      Action: [
        "wafv2:CreateWebACL",
        "wafv2:GetWebACL",
        "wafv2:UpdateWebACL",
        "wafv2:DeleteWebACL",
        "wafv2:CreateIPSet",
        "wafv2:GetIPSet",
        "wafv2:UpdateIPSet",
        "wafv2:DeleteIPSet",
        "wafv2:TagResource",
        "wafv2:UntagResource",
        "wafv2:ListTagsForResource",
        "wafv2:PutLoggingConfiguration",
        "wafv2:GetLoggingConfiguration",
        "wafv2:DeleteLoggingConfiguration",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:ListResourcesForWebACL",
      ],
      Resource: [
        `arn:${p}:wafv2:${r}:${a}:regional/webacl/${prefix}-*/*`,
        `arn:${p}:wafv2:${r}:${a}:regional/ipset/${prefix}-*/*`,
        `arn:${p}:wafv2:${r}:${a}:regional/managedruleset/*/*`,
        `${apigw}/restapis/*/stages/*`,
      ],
    },
    // ACM requests have no resource-level permission; acm:DomainNames pins the names requested.
    { Sid: "WildcardReasonAcmRequestHasNoResourceLevel", Effect: "Allow", Action: "acm:RequestCertificate", Resource: "*", Condition: { "ForAllValues:StringEquals": { "acm:DomainNames": certNames } } },
    {
      // ACM assigns the certificate id.
      Sid: "WildcardReasonAcmAssignsCertificateIds",
      Effect: "Allow",
      Action: ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate", "acm:UpdateCertificateOptions"],
      Resource: `arn:${p}:acm:${r}:${a}:certificate/*`,
    },
    // Route 53 creates and lists zones and reports change status without resource-level permissions.
    { Sid: "WildcardReasonRoute53ZoneCreateAndList", Effect: "Allow", Action: ["route53:CreateHostedZone", "route53:ListHostedZones", "route53:ListHostedZonesByName", "route53:GetChange"], Resource: "*" },
    {
      // The zone id is assigned when the zone is created (mode "create"); adopted zones are pinned by id.
      Sid: zone.mode === "adopt" ? "ManageTheZone" : "WildcardReasonRoute53AssignsZoneId",
      Effect: "Allow",
      Action: ["route53:GetHostedZone", "route53:DeleteHostedZone", "route53:UpdateHostedZoneComment", "route53:ListResourceRecordSets", "route53:ChangeTagsForResource", "route53:ListTagsForResource", "route53:GetDNSSEC"],
      Resource: zoneArn,
    },
    {
      // Record changes only for the API's names and their validation records.
      Sid: zone.mode === "adopt" ? "ChangeApiRecords" : "WildcardReasonRoute53AssignsZoneIdRecords",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: zoneArn,
      Condition: { "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": recordNames } },
    },
  ];

  if (privateDomain) edge.push(...privateDomainStatements(p, r, a, privateDomain));

  const network: Statement[] = [
    ...elbStatements(p, r, a, prefix),
    {
      // EC2 Describe* calls have no resource-level permissions.
      Sid: "WildcardReasonEc2DescribeHasNoResourceLevel",
      Effect: "Allow",
      Action: [
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcAttribute",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSecurityGroupRules",
        "ec2:DescribeVpcEndpoints",
        "ec2:DescribeVpcEndpointServices",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribePrefixLists",
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAvailabilityZones",
      ],
      Resource: "*",
    },
    {
      // Security group, rule and endpoint ids are assigned by EC2; the VPC and subnets are pinned.
      Sid: "WildcardReasonEc2AssignsEndpointAndGroupIds",
      Effect: "Allow",
      Action: [
        "ec2:CreateSecurityGroup",
        "ec2:DeleteSecurityGroup",
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:AuthorizeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupEgress",
        "ec2:ModifySecurityGroupRules",
        "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
        "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
        "ec2:CreateVpcEndpoint",
        "ec2:ModifyVpcEndpoint",
        "ec2:DeleteVpcEndpoints",
        "ec2:CreateTags",
        "ec2:DeleteTags",
      ],
      Resource: [
        vpcArn,
        ...subnetArns,
        `arn:${p}:ec2:${r}:${a}:security-group/*`,
        `arn:${p}:ec2:${r}:${a}:security-group-rule/*`,
        `arn:${p}:ec2:${r}:${a}:vpc-endpoint/*`,
      ],
    },
    {
      // Connecting an interface endpoint authorizes the endpoint service (in the app's workload
      // account) as a resource. Not listed per account, so the policy keeps its size for any number
      // of apps: any account's service, but never AWS's or Marketplace services (ec2:VpceServiceOwner),
      // and only services whose own allow-list names this deploy role (the workload stacks set it)
      // accept the connection. The VPC, subnets and security groups are pinned by the statement above.
      Sid: "WildcardReasonAppEndpointServicesInAnyWorkloadAccount",
      Effect: "Allow",
      Action: "ec2:CreateVpcEndpoint",
      Resource: `arn:${p}:ec2:${r}:*:vpc-endpoint-service/*`,
      Condition: { StringNotEquals: { "ec2:VpceServiceOwner": ["amazon", "aws-marketplace"] } },
    },
    {
      // Creating a REST API VPC link makes API Gateway create an endpoint service for the NLB with
      // the caller's permissions; EC2 assigns its id (vpce-svc-…).
      Sid: "WildcardReasonVpcLinkEndpointServiceIds",
      Effect: "Allow",
      Action: ["ec2:CreateVpcEndpointServiceConfiguration", "ec2:DeleteVpcEndpointServiceConfigurations", "ec2:DescribeVpcEndpointServiceConfigurations", "ec2:ModifyVpcEndpointServicePermissions"],
      Resource: `arn:${p}:ec2:${r}:${a}:vpc-endpoint-service/*`,
    },
    serviceLinkedRoles(p, a, [
      { service: "elasticloadbalancing.amazonaws.com", role: "AWSServiceRoleForElasticLoadBalancing" },
      { service: "ops.apigateway.amazonaws.com", role: "AWSServiceRoleForAPIGateway" },
    ]),
  ];

  const runtime: Statement[] = [
    {
      Sid: "AuthorizerFunction",
      Effect: "Allow",
      Action: [
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionConcurrency",
        "lambda:ListVersionsByFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:PutFunctionConcurrency",
        "lambda:DeleteFunctionConcurrency",
        "lambda:AddPermission",
        "lambda:RemovePermission",
        "lambda:GetPolicy",
        "lambda:ListTags",
        "lambda:TagResource",
        "lambda:UntagResource",
      ],
      Resource: fn,
    },
    {
      // Roles the project creates (authorizer, API Gateway logging) are named "<org>-<env>-…".
      Sid: "WildcardReasonProjectRolesByEnvPrefix",
      Effect: "Allow",
      Action: [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:ListRoleTags",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:PutRolePolicy",
        "iam:GetRolePolicy",
        "iam:DeleteRolePolicy",
      ],
      Resource: `arn:${p}:iam::${a}:role/${prefix}-*`,
    },
    {
      // Same roles, and only to the two services that use them.
      Sid: "WildcardReasonPassProjectRolesByEnvPrefix",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: `arn:${p}:iam::${a}:role/${prefix}-*`,
      Condition: { StringEquals: { "iam:PassedToService": ["lambda.amazonaws.com", "apigateway.amazonaws.com"] } },
    },
    {
      // Log groups: the authorizer's, the WAF's and one access-log group per app (/aws/apigateway/<org>-<env>-<app>/access).
      Sid: "WildcardReasonLogGroupsByEnvPrefix",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup", "logs:UntagLogGroup", "logs:ListTagsLogGroup", "logs:AssociateKmsKey", "logs:DisassociateKmsKey"],
      Resource: [...logs(`/aws/lambda/${authorizerFunctionName(env)}`), ...logs(`aws-waf-logs-${prefix}`), ...logs(`/aws/apigateway/${prefix}-*`)],
    },
    {
      // DescribeLogGroups and the log-delivery calls WAF logging makes have no resource-level permissions.
      Sid: "WildcardReasonLogDeliveryHasNoResourceLevel",
      Effect: "Allow",
      Action: ["logs:DescribeLogGroups", "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies"],
      Resource: "*",
    },
    {
      // The platform contract, the authorizer's route tables and app releases live under /<org>/<env>/.
      Sid: "WildcardReasonSsmParametersUnderEnvPath",
      Effect: "Allow",
      Action: ["ssm:PutParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:DeleteParameter", "ssm:DeleteParameters", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"],
      Resource: `arn:${p}:ssm:${r}:${a}:parameter/${env.orgPrefix}/${env.name}/*`,
    },
    // ssm:DescribeParameters has no resource-level permission.
    { Sid: "WildcardReasonSsmDescribeHasNoResourceLevel", Effect: "Allow", Action: "ssm:DescribeParameters", Resource: "*" },
    {
      // The alarm topic is "<org>-<env>-api-alarms"; alarms and dashboards are named "<org>-<env>-…".
      Sid: "WildcardReasonTopicsAlarmsDashboardsByEnvPrefix",
      Effect: "Allow",
      Action: [
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:TagResource",
        "sns:UntagResource",
        "sns:ListTagsForResource",
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:PutDashboard",
        "cloudwatch:GetDashboard",
        "cloudwatch:DeleteDashboards",
      ],
      Resource: [`arn:${p}:sns:${r}:${a}:${prefix}-*`, `arn:${p}:cloudwatch:${r}:${a}:alarm:${prefix}-*`, `arn:${p}:cloudwatch::${a}:dashboard/${prefix}-*`],
    },
  ];

  const pipeline: Statement[] = [
    {
      // Role chaining: the pipeline's session assumes the deploy role of every account (this one
      // included: the providers always assume it). The account is a wildcard so the policy does not
      // grow with the workload accounts; the role name is pinned, the role must carry this
      // environment's tag (set by the bootstrap, which the deploy role cannot change: it may not tag
      // its own role name), and only this environment's deploy roles trust this role (their trust
      // policy: ChainFromSharedServicesDeployRole).
      Sid: "WildcardReasonAssumeDeployRolesOfAnyWorkloadAccount",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: roleArn("*", env.accounts.deployRoleName, p),
      // and only roles the bootstrap tagged as this environment's (IAM ABAC: iam:ResourceTag on the role assumed)
      Condition: { StringEquals: { [`iam:ResourceTag/${DEPLOY_ROLE_TAG}`]: prefix } },
    },
  ];
  if (opts.stateBucket) {
    const bucket = `arn:${p}:s3:::${opts.stateBucket.name}`;
    pipeline.push(
      { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket },
      {
        // State files and their lock files (use_lockfile) of this environment: <keyPrefix>/<env>/<stack>.tfstate[.tflock].
        Sid: "WildcardReasonStateObjectsUnderEnvKeyPrefix",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `${bucket}/${opts.stateBucket.keyPrefix}/${env.name}/*`,
      },
    );
  }
  if (env.domain.mtls) {
    // API Gateway reads the mTLS truststore with the caller's permissions.
    pipeline.push({ Sid: "ReadMtlsTruststore", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `arn:${p}:s3:::${env.domain.mtls.truststoreBucket}/${env.domain.mtls.truststoreKey}` });
  }
  return { edge, network, runtime, pipeline };
}

/**
 * The app-exposure deployer (each workload account): the NLB, its target group (the app's ALB)
 * and listener, and the endpoint service the shared-services account connects to. No S3, no IAM
 * except the Elastic Load Balancing service-linked role.
 */
export function appExposureDeployerPolicies(env: Environment, account: string): PolicySet {
  const p = partitionOf(env.region);
  const r = env.region;
  const prefix = resourcePrefix(env);
  const exposure: Statement[] = [
    ...elbStatements(p, r, account, prefix),
    {
      // EC2 Describe* calls have no resource-level permissions.
      Sid: "WildcardReasonEc2DescribeHasNoResourceLevel",
      Effect: "Allow",
      Action: [
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeVpcEndpointServices",
        "ec2:DescribeVpcEndpointServiceConfigurations",
        "ec2:DescribeVpcEndpointServicePermissions",
        "ec2:DescribeVpcEndpointConnections",
      ],
      Resource: "*",
    },
    {
      // EC2 assigns the endpoint service id (vpce-svc-…).
      Sid: "WildcardReasonEc2AssignsEndpointServiceIds",
      Effect: "Allow",
      Action: [
        "ec2:CreateVpcEndpointServiceConfiguration",
        "ec2:ModifyVpcEndpointServiceConfiguration",
        "ec2:DeleteVpcEndpointServiceConfigurations",
        "ec2:ModifyVpcEndpointServicePermissions",
        "ec2:ModifyVpcEndpointServicePayerResponsibility",
        "ec2:CreateTags",
        "ec2:DeleteTags",
      ],
      Resource: `arn:${p}:ec2:${r}:${account}:vpc-endpoint-service/*`,
    },
    serviceLinkedRoles(p, account, [{ service: "elasticloadbalancing.amazonaws.com", role: "AWSServiceRoleForElasticLoadBalancing" }]),
  ];
  return { exposure };
}

/**
 * The private custom domain (only when the environment has one): a private domain's ARN carries the
 * account and `+<domainNameId>` (`arn:aws:apigateway:<region>:<account>:/domainnames/<name>+<id>`,
 * AWS CLI reference, create-domain-name-access-association), its access associations live under
 * `/domainnameaccessassociations`, and the RAM share's ARN ends in an id RAM assigns.
 */
function privateDomainStatements(p: string, r: string, a: string, name: string): Statement[] {
  return [
    {
      Sid: "WildcardReasonPrivateDomainIdsAssignedByApiGateway",
      Effect: "Allow",
      Action: ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE"],
      Resource: [
        `arn:${p}:apigateway:${r}:${a}:/domainnames/${name}+*`,
        `arn:${p}:apigateway:${r}::/domainnames/${name}+*`,
        `arn:${p}:apigateway:${r}:${a}:/domainnameaccessassociations`,
        `arn:${p}:apigateway:${r}:${a}:/domainnameaccessassociations/domainname/${name}/*`,
        `arn:${p}:apigateway:${r}::/domainnameaccessassociations`,
        `arn:${p}:apigateway:${r}::/domainnameaccessassociations/domainname/${name}/*`,
      ],
    },
    {
      Sid: "WildcardReasonRamShareIdsAssignedByRam",
      Effect: "Allow",
      Action: ["ram:CreateResourceShare", "ram:GetResourceShares", "ram:UpdateResourceShare", "ram:DeleteResourceShare", "ram:AssociateResourceShare", "ram:DisassociateResourceShare", "ram:GetResourceShareAssociations", "ram:ListResourceSharePermissions", "ram:TagResource", "ram:UntagResource"],
      Resource: `arn:${p}:ram:${r}:${a}:resource-share/*`,
    },
  ];
}
