/**
 * The AWS quotas the design consumes: name, scope, default, adjustability and the AWS page each
 * comes from (checked 2026-12). Data only, so the schema (whose `quotas:` block names these ids)
 * and the usage checks in `quotas.ts` (which read the validated environment) do not import each
 * other.
 */
export interface QuotaDefinition {
  /** AWS's name of the quota (as on the quota page / in Service Quotas). */
  readonly name: string;
  /** What one unit of the quota is counted against. */
  readonly scope: string;
  /** AWS's default value. */
  readonly default: number;
  /** Can be raised through Service Quotas / a support case. */
  readonly adjustable: boolean;
  /** Highest value AWS allows after a raise, when published. */
  readonly max?: number;
  readonly unit?: string;
  /** The AWS page the default and adjustability come from. */
  readonly source: string;
}

const NLB_QUOTAS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html";
const REST_QUOTAS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html";
const APIGW_QUOTAS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html";
const PRIVATELINK_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html";
const IAM_QUOTAS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
const WAF_QUOTAS = "https://docs.aws.amazon.com/waf/latest/developerguide/limits.html";
const SSM_QUOTAS = "https://docs.aws.amazon.com/general/latest/gr/ssm.html";
const LAMBDA_QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
const HTTP_API_QUOTAS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html";

export const QUOTAS = {
  nlbListenersPerNlb: { name: "Listeners per Network Load Balancer", scope: "per NLB", default: 50, adjustable: false, source: NLB_QUOTAS },
  nlbsPerRegion: { name: "Network Load Balancers per Region", scope: "per account and Region", default: 50, adjustable: true, source: NLB_QUOTAS },
  targetGroupsPerRegion: { name: "Target groups per Region", scope: "per account and Region", default: 3000, adjustable: true, source: NLB_QUOTAS },
  interfaceEndpointsPerVpc: { name: "Interface and Gateway Load Balancer endpoints per VPC", scope: "per VPC", default: 50, adjustable: true, source: PRIVATELINK_QUOTAS },
  vpcLinksPerRegion: { name: "VPC links per account per Region (REST APIs)", scope: "per account and Region", default: 20, adjustable: true, source: REST_QUOTAS },
  regionalApisPerRegion: { name: "Regional APIs per Region", scope: "per account and Region", default: 600, adjustable: false, source: REST_QUOTAS },
  privateApisPerRegion: { name: "Private APIs per account per Region", scope: "per account and Region", default: 600, adjustable: false, source: REST_QUOTAS },
  accessAssociationsPerAccount: { name: "Domain name access associations per account", scope: "per account", default: 100, adjustable: true, source: REST_QUOTAS },
  multiLevelMappingsPerDomain: { name: "Multi-level API mappings per domain", scope: "per custom domain", default: 200, adjustable: false, source: REST_QUOTAS },
  resourcesPerApi: { name: "Resources per API", scope: "per REST API", default: 300, adjustable: true, source: REST_QUOTAS },
  restApiPolicyLength: { name: "Length, in characters, of API Gateway resource policy", scope: "per REST API", default: 8192, adjustable: true, unit: "characters", source: REST_QUOTAS },
  usagePlansPerAccount: { name: "Usage plans per account per Region", scope: "per account and Region", default: 300, adjustable: true, source: APIGW_QUOTAS },
  apiKeysPerAccount: { name: "API keys per account per Region", scope: "per account and Region", default: 10000, adjustable: false, source: REST_QUOTAS },
  managedPolicySize: { name: "Managed policy size", scope: "per managed policy", default: 6144, adjustable: false, unit: "characters (whitespace not counted)", source: IAM_QUOTAS },
  managedPoliciesPerRole: { name: "Managed policies attached to an IAM role", scope: "per role", default: 10, adjustable: true, max: 20, source: IAM_QUOTAS },
  inlinePoliciesPerRole: { name: "Role inline policies, aggregate size", scope: "per role", default: 10240, adjustable: false, unit: "characters (whitespace not counted)", source: IAM_QUOTAS },
  roleTrustPolicyLength: { name: "Role trust policy length", scope: "per role", default: 2048, adjustable: true, max: 4096, unit: "characters (whitespace not counted)", source: IAM_QUOTAS },
  webAclCapacity: { name: "Web ACL capacity units (WCUs) included in the base price", scope: "per web ACL", default: 1500, adjustable: true, max: 5000, unit: "WCU", source: WAF_QUOTAS },
  ipSetAddresses: { name: "IP addresses or ranges per IP set", scope: "per IP set", default: 10000, adjustable: false, source: WAF_QUOTAS },
  ssmStandardParameterValue: { name: "Parameter value size (Standard tier)", scope: "per parameter", default: 4096, adjustable: false, unit: "bytes", source: SSM_QUOTAS },
  lambdaFunctionPolicySize: { name: "Function resource-based policy size", scope: "per function", default: 20480, adjustable: false, unit: "bytes", source: LAMBDA_QUOTAS },
  // HTTP API apps (api: "http", modules/http-api.ts)
  httpRoutesPerApi: { name: "Routes per API (HTTP APIs)", scope: "per HTTP API", default: 300, adjustable: true, source: HTTP_API_QUOTAS },
  httpIntegrationsPerApi: { name: "Integrations per API (HTTP APIs)", scope: "per HTTP API", default: 300, adjustable: false, source: HTTP_API_QUOTAS },
  httpVpcLinksPerRegion: { name: "VPC links per account per Region (HTTP APIs)", scope: "per account and Region", default: 10, adjustable: true, source: HTTP_API_QUOTAS },
} as const satisfies Record<string, QuotaDefinition>;

export type QuotaId = keyof typeof QUOTAS;
/** Every quota id (the keys an environment's `quotas:` block may name). */
export const QUOTA_IDS = Object.keys(QUOTAS) as [QuotaId, ...QuotaId[]];
