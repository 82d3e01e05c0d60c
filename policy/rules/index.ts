/**
 * The rule registry: every file in this folder exports `rule` and is listed here (a test checks it).
 * Order = report order: general, API Gateway, WAF, logs, Lambda, IAM, load balancing, endpoints,
 * security groups, DNS, certificates, SSM, S3, alarms, SNS, KMS.
 */
import type { Rule } from "../types";
import { rule as gen001ExplicitProvider } from "./gen-001-explicit-provider";
import { rule as gen002ProviderGuardrails } from "./gen-002-provider-guardrails";
import { rule as gen003DefaultTags } from "./gen-003-default-tags";
import { rule as gen004InspectablePolicies } from "./gen-004-inspectable-policies";
import { rule as apig001StageExecutionLogging } from "./apig-001-stage-execution-logging";
import { rule as apig002NoDataTrace } from "./apig-002-no-data-trace";
import { rule as apig003ExplicitThrottling } from "./apig-003-explicit-throttling";
import { rule as apig004StageXray } from "./apig-004-stage-xray";
import { rule as apig005StageWaf } from "./apig-005-stage-waf";
import { rule as apig006StageAccessLogs } from "./apig-006-stage-access-logs";
import { rule as apig007CacheEncryption } from "./apig-007-cache-encryption";
import { rule as apig008DisableDefaultEndpoint } from "./apig-008-disable-default-endpoint";
import { rule as apig009RestApiCreateBeforeDestroy } from "./apig-009-rest-api-create-before-destroy";
import { rule as apig010DeploymentCreateBeforeDestroy } from "./apig-010-deployment-create-before-destroy";
import { rule as apig011DeploymentTriggers } from "./apig-011-deployment-triggers";
import { rule as apig012OperationAuthorization } from "./apig-012-operation-authorization";
import { rule as apig013Integrations } from "./apig-013-integrations";
import { rule as apig014DomainTls } from "./apig-014-domain-tls";
import { rule as apig015DomainRegional } from "./apig-015-domain-regional";
import { rule as apig016ApiMappings } from "./apig-016-api-mappings";
import { rule as apig017AccountCloudwatchRole } from "./apig-017-account-cloudwatch-role";
import { rule as apig018ResourcePolicy } from "./apig-018-resource-policy";
import { rule as apig019UsagePlanThrottling } from "./apig-019-usage-plan-throttling";
import { rule as apig020ApiKeyGenerated } from "./apig-020-api-key-generated";
import { rule as apig021VpcLinkTargets } from "./apig-021-vpc-link-targets";
import { rule as apig022RequestValidation } from "./apig-022-request-validation";
import { rule as apig023MockReasonInProd } from "./apig-023-mock-reason-in-prod";
import { rule as apig024SafeCacheKeys } from "./apig-024-safe-cache-keys";
import { rule as apig025UsagePlansMeterKeyedMethods } from "./apig-025-usage-plans-meter-keyed-methods";
import { rule as apigv2001StageAccessLogs } from "./apigv2-001-stage-access-logs";
import { rule as apigv2002StageThrottling } from "./apigv2-002-stage-throttling";
import { rule as apigv2003RouteAuthorization } from "./apigv2-003-route-authorization";
import { rule as apigv2004WafExemption } from "./apigv2-004-waf-exemption";
import { rule as apigv2005DisableDefaultEndpoint } from "./apigv2-005-disable-default-endpoint";
import { rule as apig026PrivateApiSourceVpce } from "./apig-026-private-api-source-vpce";
import { rule as apig027CanaryTrafficInProd } from "./apig-027-canary-traffic-in-prod";
import { rule as waf001HasRules } from "./waf-001-has-rules";
import { rule as waf002Logging } from "./waf-002-logging";
import { rule as waf003Metrics } from "./waf-003-metrics";
import { rule as waf004KnownBadInputs } from "./waf-004-known-bad-inputs";
import { rule as waf005RuleActions } from "./waf-005-rule-actions";
import { rule as waf006RateBasedRule } from "./waf-006-rate-based-rule";
import { rule as waf007LogRedaction } from "./waf-007-log-redaction";
import { rule as waf008IpSets } from "./waf-008-ip-sets";
import { rule as log001RetentionSet } from "./log-001-retention-set";
import { rule as log002RetentionProd } from "./log-002-retention-prod";
import { rule as log003Kms } from "./log-003-kms";
import { rule as lmb001Tracing } from "./lmb-001-tracing";
import { rule as lmb002ReservedConcurrency } from "./lmb-002-reserved-concurrency";
import { rule as lmb003Timeout } from "./lmb-003-timeout";
import { rule as lmb004NoSecretsInEnv } from "./lmb-004-no-secrets-in-env";
import { rule as lmb005Runtime } from "./lmb-005-runtime";
import { rule as lmb006PermissionScoped } from "./lmb-006-permission-scoped";
import { rule as lmb007LogGroup } from "./lmb-007-log-group";
import { rule as iam001TrustNoWildcardPrincipal } from "./iam-001-trust-no-wildcard-principal";
import { rule as iam002TrustNoBareAccount } from "./iam-002-trust-no-bare-account";
import { rule as iam003NoAdminActions } from "./iam-003-no-admin-actions";
import { rule as iam004NoServiceWildcardActions } from "./iam-004-no-service-wildcard-actions";
import { rule as iam005WildcardResourcesNeedReason } from "./iam-005-wildcard-resources-need-reason";
import { rule as iam006NoAdminManagedPolicies } from "./iam-006-no-admin-managed-policies";
import { rule as iam007OidcTrustPinsSub } from "./iam-007-oidc-trust-pins-sub";
import { rule as iam008OidcProvider } from "./iam-008-oidc-provider";
import { rule as elb001Internal } from "./elb-001-internal";
import { rule as elb002DeletionProtection } from "./elb-002-deletion-protection";
import { rule as elb003AccessLogs } from "./elb-003-access-logs";
import { rule as elb004CrossZone } from "./elb-004-cross-zone";
import { rule as elb005ListenerProtocol } from "./elb-005-listener-protocol";
import { rule as elb006TargetGroupHealthCheck } from "./elb-006-target-group-health-check";
import { rule as elb007TargetProtocols } from "./elb-007-target-protocols";
import { rule as vpce001EndpointServicePrincipals } from "./vpce-001-endpoint-service-principals";
import { rule as vpce002InterfaceEndpoint } from "./vpce-002-interface-endpoint";
import { rule as sg001NoPublicIngress } from "./sg-001-no-public-ingress";
import { rule as sg002Descriptions } from "./sg-002-descriptions";
import { rule as sg003NoOpenEgress } from "./sg-003-no-open-egress";
import { rule as r53001ZonePreventDestroy } from "./r53-001-zone-prevent-destroy";
import { rule as r53002QueryLogging } from "./r53-002-query-logging";
import { rule as r53003ValidationRecords } from "./r53-003-validation-records";
import { rule as acm001CreateBeforeDestroy } from "./acm-001-create-before-destroy";
import { rule as acm002DnsValidation } from "./acm-002-dns-validation";
import { rule as acm003KeyAndTransparency } from "./acm-003-key-and-transparency";
import { rule as ssm001SecretsAreSecurestring } from "./ssm-001-secrets-are-securestring";
import { rule as ssm002SecurestringCmk } from "./ssm-002-securestring-cmk";
import { rule as s3001Versioning } from "./s3-001-versioning";
import { rule as s3002Encryption } from "./s3-002-encryption";
import { rule as s3003PublicAccessBlock } from "./s3-003-public-access-block";
import { rule as s3004TlsOnlyPolicy } from "./s3-004-tls-only-policy";
import { rule as s3005PreventDestroy } from "./s3-005-prevent-destroy";
import { rule as cw001AlarmActions } from "./cw-001-alarm-actions";
import { rule as sns001Encryption } from "./sns-001-encryption";
import { rule as kms001Rotation } from "./kms-001-rotation";
import { rule as kms002KeyPolicy } from "./kms-002-key-policy";

export const RULES: readonly Rule[] = [
  gen001ExplicitProvider,
  gen002ProviderGuardrails,
  gen003DefaultTags,
  gen004InspectablePolicies,
  apig001StageExecutionLogging,
  apig002NoDataTrace,
  apig003ExplicitThrottling,
  apig004StageXray,
  apig005StageWaf,
  apig006StageAccessLogs,
  apig007CacheEncryption,
  apig008DisableDefaultEndpoint,
  apig009RestApiCreateBeforeDestroy,
  apig010DeploymentCreateBeforeDestroy,
  apig011DeploymentTriggers,
  apig012OperationAuthorization,
  apig013Integrations,
  apig014DomainTls,
  apig015DomainRegional,
  apig016ApiMappings,
  apig017AccountCloudwatchRole,
  apig018ResourcePolicy,
  apig019UsagePlanThrottling,
  apig020ApiKeyGenerated,
  apig021VpcLinkTargets,
  apig022RequestValidation,
  apig023MockReasonInProd,
  apig024SafeCacheKeys,
  apig025UsagePlansMeterKeyedMethods,
  apigv2001StageAccessLogs,
  apigv2002StageThrottling,
  apigv2003RouteAuthorization,
  apigv2004WafExemption,
  apigv2005DisableDefaultEndpoint,
  apig026PrivateApiSourceVpce,
  apig027CanaryTrafficInProd,
  waf001HasRules,
  waf002Logging,
  waf003Metrics,
  waf004KnownBadInputs,
  waf005RuleActions,
  waf006RateBasedRule,
  waf007LogRedaction,
  waf008IpSets,
  log001RetentionSet,
  log002RetentionProd,
  log003Kms,
  lmb001Tracing,
  lmb002ReservedConcurrency,
  lmb003Timeout,
  lmb004NoSecretsInEnv,
  lmb005Runtime,
  lmb006PermissionScoped,
  lmb007LogGroup,
  iam001TrustNoWildcardPrincipal,
  iam002TrustNoBareAccount,
  iam003NoAdminActions,
  iam004NoServiceWildcardActions,
  iam005WildcardResourcesNeedReason,
  iam006NoAdminManagedPolicies,
  iam007OidcTrustPinsSub,
  iam008OidcProvider,
  elb001Internal,
  elb002DeletionProtection,
  elb003AccessLogs,
  elb004CrossZone,
  elb005ListenerProtocol,
  elb006TargetGroupHealthCheck,
  elb007TargetProtocols,
  vpce001EndpointServicePrincipals,
  vpce002InterfaceEndpoint,
  sg001NoPublicIngress,
  sg002Descriptions,
  sg003NoOpenEgress,
  r53001ZonePreventDestroy,
  r53002QueryLogging,
  r53003ValidationRecords,
  acm001CreateBeforeDestroy,
  acm002DnsValidation,
  acm003KeyAndTransparency,
  ssm001SecretsAreSecurestring,
  ssm002SecurestringCmk,
  s3001Versioning,
  s3002Encryption,
  s3003PublicAccessBlock,
  s3004TlsOnlyPolicy,
  s3005PreventDestroy,
  cw001AlarmActions,
  sns001Encryption,
  kms001Rotation,
  kms002KeyPolicy,
];
