/**
 * Every rule against a compliant and a non-compliant minimal stack: the rule's id must be absent
 * from the compliant stack's findings and present in the broken one's.
 */
import { RULES, runPolicyPack, type Finding, type PolicyContext } from "../../policy";
import {
  ACCOUNT,
  apiArea,
  broken,
  httpApiArea,
  edgeArea,
  ingressArea,
  lambdaArea,
  oidcArea,
  openApi,
  opsArea,
  policyJson,
  providerConfig,
  stack,
  stateBucketArea,
  wafArea,
  workloadArea,
  type Area,
  type Resources,
} from "./fixtures";

const DEV: PolicyContext = { environment: "dev", isProd: false };
const PROD: PolicyContext = { environment: "dev", isProd: true };

interface Case {
  /** What is broken (test name). */
  readonly what: string;
  readonly good: () => Area;
  readonly bad: Area | (() => Area);
  readonly ctx?: PolicyContext;
  /** Expected severity of the bad case's finding. @default the rule's severity */
  readonly severity?: "error" | "warning";
  /** Mutate the whole stack JSON (providers) instead of resources. */
  readonly stackMutation?: (json: any) => void;
}

const b = broken;
const setBody = (fn: (doc: any) => void) => (r: Resources) => {
  r.aws_api_gateway_rest_api.api.body = openApi(fn);
};

/** A Lambda proxy integration on GET /orders (the rest of apiArea unchanged). */
const LAMBDA_URI = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:222222222222:function:orders:live/invocations";
const lambdaBody = (edit: (i: any) => void = () => undefined) =>
  setBody((d) => {
    d.paths["/orders"].get["x-amazon-apigateway-integration"] = { type: "aws_proxy", httpMethod: "POST", uri: LAMBDA_URI, timeoutInMillis: 6000 };
    edit(d.paths["/orders"].get["x-amazon-apigateway-integration"]);
  });
const lambdaProxyArea = () => b(apiArea, lambdaBody());
/** GET /orders answered by a mock, with `reason` in its x-aoa-mock marker (none when undefined). */
const mockedRouteArea = (reason: string | undefined) =>
  b(apiArea, setBody((d) => {
    d.paths["/orders"].get["x-amazon-apigateway-integration"] = { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } };
    if (reason !== undefined) d.paths["/orders"].get["x-aoa-mock"] = { reason };
  }));

const CASES: Record<string, Case[]> = {
  // ---------------- general
  "AOA-GEN-001": [
    { what: "resource without provider in a multi-provider stack", good: apiArea, bad: apiArea, stackMutation: (j) => delete j.resource.aws_api_gateway_stage.stage.provider },
    { what: "provider alias not configured", good: apiArea, bad: apiArea, stackMutation: (j) => (j.resource.aws_api_gateway_stage.stage.provider = "aws.workload") },
  ],
  "AOA-GEN-002": [
    { what: "no allowed_account_ids", good: apiArea, bad: apiArea, stackMutation: (j) => (j.provider.aws = [providerConfig({ allowed_account_ids: undefined })]) },
    { what: "numeric account id", good: apiArea, bad: apiArea, stackMutation: (j) => (j.provider.aws = [providerConfig({ allowed_account_ids: [11111111111] })]) },
    { what: "no assume_role", good: apiArea, bad: apiArea, stackMutation: (j) => (j.provider.aws = [providerConfig({ assume_role: undefined })]) },
  ],
  "AOA-GEN-003": [
    { what: "no ManagedBy tag", good: apiArea, bad: apiArea, stackMutation: (j) => (j.provider.aws = [providerConfig({ default_tags: [{ tags: { Environment: "dev" } }] })]) },
    { what: "Environment tag of another environment", good: apiArea, bad: apiArea, stackMutation: (j) => (j.provider.aws = [providerConfig({ default_tags: [{ tags: { Environment: "prod", ManagedBy: "x" } }] })]) },
  ],
  "AOA-GEN-004": [
    { what: "trust policy written with jsonencode", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_iam_role.authorizer.assume_role_policy = '${jsonencode({"Version" = "2012-10-17"})}')) },
  ],
  // ---------------- API Gateway
  "AOA-APIG-001": [
    { what: "no */* method settings", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_method_settings.all.method_path = "orders/GET")) },
    { what: "logging_level OFF", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_method_settings.all.settings.logging_level = "OFF")) },
    { what: "metrics off", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_method_settings.all.settings.metrics_enabled = false)) },
  ],
  "AOA-APIG-002": [{ what: "data trace on", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_method_settings.all.settings.data_trace_enabled = true)) }],
  "AOA-APIG-003": [
    { what: "no burst limit", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_method_settings.all.settings.throttling_burst_limit) },
    { what: "rate -1", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_method_settings.all.settings.throttling_rate_limit = -1)) },
    { what: "stage without method settings", good: apiArea, bad: b(apiArea, (r) => delete (r as any).aws_api_gateway_method_settings) },
  ],
  "AOA-APIG-004": [
    { what: "X-Ray off in prod (error)", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_stage.stage.xray_tracing_enabled = false)), ctx: PROD, severity: "error" },
    { what: "X-Ray off in dev (warning)", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_stage.stage.xray_tracing_enabled), severity: "warning" },
  ],
  "AOA-APIG-005": [
    { what: "no association", good: apiArea, bad: b(apiArea, (r) => delete (r as any).aws_wafv2_web_acl_association) },
    { what: "association targets another resource", good: apiArea, bad: b(apiArea, (r) => (r.aws_wafv2_web_acl_association.waf.resource_arn = "${aws_api_gateway_rest_api.api.arn}")) },
    { what: "association without web ACL", good: apiArea, bad: b(apiArea, (r) => (r.aws_wafv2_web_acl_association.waf.web_acl_arn = "")) },
  ],
  "AOA-APIG-006": [
    { what: "no access logs", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_stage.stage.access_log_settings) },
    { what: "CLF format", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_stage.stage.access_log_settings.format = "$context.identity.sourceIp $context.requestId [$context.requestTime]")) },
    { what: "JSON without requestId", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_stage.stage.access_log_settings.format = '{"status":"$context.status"}')) },
  ],
  "AOA-APIG-007": [
    { what: "cache on, not encrypted", good: apiArea, bad: b(apiArea, (r) => Object.assign(r.aws_api_gateway_method_settings.all.settings, { caching_enabled: true, cache_data_encrypted: false })) },
    { what: "cache off, encryption unset (warning)", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_method_settings.all.settings.cache_data_encrypted), severity: "warning" },
  ],
  "AOA-APIG-008": [{ what: "default endpoint on", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_rest_api.api.disable_execute_api_endpoint) }],
  "AOA-APIG-009": [{ what: "rest api without create_before_destroy", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_rest_api.api.lifecycle) }],
  "AOA-APIG-010": [{ what: "deployment without create_before_destroy", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_deployment.deployment.lifecycle = { create_before_destroy: false })) }],
  "AOA-APIG-011": [
    { what: "no triggers", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_deployment.deployment.triggers) },
    { what: "stage_name on deployment", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_deployment.deployment.stage_name = "v1")) },
  ],
  "AOA-APIG-012": [
    { what: "operation without security", good: apiArea, bad: b(apiArea, setBody((d) => delete d.paths["/orders"].get.security)) },
    { what: "security [{}]", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].get.security = [{}]))) },
    { what: "undefined scheme", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].get.security = [{ cognito: [] }]))) },
    { what: "x-aoa-public without reason", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/health"].get["x-aoa-public"] = {}))) },
    { what: "OPTIONS proxied to the backend", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].options["x-amazon-apigateway-integration"] = d.paths["/orders"].get["x-amazon-apigateway-integration"]))) },
    { what: "ANY method unauthenticated", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/{proxy+}"] = { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "http_proxy", uri: "https://x.example.com/{proxy}" } } }))) },
    { what: "body not inspectable (warning)", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_rest_api.api.body = "${file(\"openapi.json\")}")), severity: "warning" },
    {
      what: "aws_api_gateway_method with NONE",
      good: apiArea,
      bad: b(apiArea, (r) => (r.aws_api_gateway_method = { m: { rest_api_id: "${aws_api_gateway_rest_api.api.id}", resource_id: "r", http_method: "GET", authorization: "NONE" } })),
    },
  ],
  "AOA-APIG-013": [
    { what: "http uri", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].get["x-amazon-apigateway-integration"].uri = "http://orders.internal.example.com/orders"))) },
    { what: "timeout above 29 s", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].get["x-amazon-apigateway-integration"].timeoutInMillis = 30000))) },
    { what: "VPC_LINK without connectionId", good: apiArea, bad: b(apiArea, setBody((d) => delete d.paths["/orders"].get["x-amazon-apigateway-integration"].connectionId)) },
    { what: "TLS verification skipped", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].get["x-amazon-apigateway-integration"].tlsConfig = { insecureSkipVerification: true }))) },
    { what: "operation without integration", good: apiArea, bad: b(apiArea, setBody((d) => delete d.paths["/health"].get["x-amazon-apigateway-integration"])) },
    { what: "Lambda proxy with GET", good: lambdaProxyArea, bad: b(apiArea, lambdaBody((i) => (i.httpMethod = "GET"))) },
    { what: "Lambda proxy to a non-invocation URI", good: lambdaProxyArea, bad: b(apiArea, lambdaBody((i) => (i.uri = "arn:aws:lambda:eu-west-1:222222222222:function:orders:live"))) },
    { what: "Lambda proxy to an unqualified function", good: lambdaProxyArea, severity: "warning", bad: b(apiArea, lambdaBody((i) => (i.uri = LAMBDA_URI.replace(":live/", "/")))) },
  ],
  "AOA-APIG-014": [{ what: "TLS 1.0 domain", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_api_gateway_domain_name.domain.security_policy = "TLS_1_0")) }],
  "AOA-APIG-015": [
    { what: "EDGE domain", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_api_gateway_domain_name.domain.endpoint_configuration = { types: ["EDGE"] })) },
    { what: "certificate instead of validation", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_api_gateway_domain_name.domain.regional_certificate_arn = "${aws_acm_certificate.cert.arn}")) },
  ],
  "AOA-APIG-016": [
    { what: "leading slash", good: apiArea, bad: b(apiArea, (r) => (r.aws_apigatewayv2_api_mapping.mapping.api_mapping_key = "/orders")) },
    { what: "reserved base path", good: apiArea, bad: b(apiArea, (r) => (r.aws_apigatewayv2_api_mapping.mapping.api_mapping_key = "ping/v1")) },
    { what: "duplicate key", good: apiArea, bad: b(apiArea, (r) => (r.aws_apigatewayv2_api_mapping.copy = { ...r.aws_apigatewayv2_api_mapping.mapping })) },
  ],
  "AOA-APIG-017": [
    { what: "no CloudWatch role", good: edgeArea, bad: b(edgeArea, (r) => delete r.aws_api_gateway_account.account.cloudwatch_role_arn) },
    { what: "two account settings for one provider", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_api_gateway_account.again = { cloudwatch_role_arn: "x" })) },
  ],
  "AOA-APIG-018": [
    { what: "execute-api:* allowed", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_rest_api_policy.policy.policy = policyJson({ Effect: "Allow", Principal: "*", Action: "execute-api:*", Resource: "*" }))) },
    {
      what: "policy above 8192 characters",
      good: apiArea,
      bad: b(apiArea, (r) => (r.aws_api_gateway_rest_api_policy.policy.policy = policyJson({ Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { IpAddress: { "aws:SourceIp": Array.from({ length: 600 }, (_, i) => `10.${i % 250}.${i % 200}.0/24`) } } }))),
    },
  ],
  "AOA-APIG-019": [
    { what: "usage plan without burst", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_usage_plan.partners.throttle_settings = { rate_limit: 10 })) },
    { what: "usage plan without stages", good: apiArea, bad: b(apiArea, (r) => delete r.aws_api_gateway_usage_plan.partners.api_stages) },
  ],
  "AOA-APIG-020": [{ what: "literal API key value", good: apiArea, bad: b(apiArea, (r) => (r.aws_api_gateway_api_key.partner.value = "abcdefghijklmnopqrst1234")) }],
  "AOA-APIG-021": [
    { what: "VPC link to an internet-facing NLB", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_lb.nlb.internal = false)) },
    { what: "VPC link with two targets", good: ingressArea, bad: b(ingressArea, (r) => r.aws_api_gateway_vpc_link.link.target_arns.push("arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/x/1")) },
  ],
  "AOA-APIG-022": [
    { what: "no validator", good: apiArea, bad: b(apiArea, setBody((d) => delete d["x-amazon-apigateway-request-validator"])) },
    { what: "unknown validator", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].get["x-amazon-apigateway-request-validator"] = "all"))) },
  ],
  "AOA-APIG-023": [
    { what: "prod route mocked without a reason", ctx: PROD, good: () => mockedRouteArea("backend not ready; contract published for the web team"), bad: mockedRouteArea(undefined) },
    { what: "prod route mocked with a placeholder reason", ctx: PROD, good: () => mockedRouteArea("backend not ready; contract published for the web team"), bad: mockedRouteArea("tbd") },
  ],
  "AOA-APIG-024": (() => {
    // a protected GET /orders/{id} cached with the path parameter and the caller in its key
    const cachedArea = () =>
      b(apiArea, (r) => {
        r.aws_api_gateway_rest_api.api.body = openApi((d) => {
          d.paths["/orders/{id}"] = { get: { security: [{ jwt: [] }], "x-amazon-apigateway-integration": { type: "http_proxy", uri: "https://orders.internal.example.com/orders/{id}", cacheKeyParameters: ["method.request.path.id", "method.request.header.Authorization"] } } };
        });
        (r.aws_api_gateway_method_settings as any).order = { ...r.aws_api_gateway_method_settings.all, method_path: "orders/{id}/GET", settings: { ...r.aws_api_gateway_method_settings.all.settings, caching_enabled: true } };
      });
    const keys = (k: string[]) => (r: Resources) => {
      const d = JSON.parse(r.aws_api_gateway_rest_api.api.body);
      d.paths["/orders/{id}"].get["x-amazon-apigateway-integration"].cacheKeyParameters = k;
      r.aws_api_gateway_rest_api.api.body = JSON.stringify(d);
    };
    return [
      { what: "caching on */* (every method, POST included)", good: cachedArea, bad: b(apiArea, (r) => (r.aws_api_gateway_method_settings.all.settings.caching_enabled = true)) },
      { what: "protected cached route without the Authorization header in its key", good: cachedArea, bad: () => b(cachedArea, keys(["method.request.path.id"])) },
      { what: "cached route without its path parameter in the key", good: cachedArea, bad: () => b(cachedArea, keys(["method.request.header.Authorization"])) },
      { what: "caching on a POST method path", good: cachedArea, bad: () => b(cachedArea, (r) => ((r.aws_api_gateway_method_settings as any).order.method_path = "orders/{id}/POST")) },
    ];
  })(),
  "AOA-APIG-025": [
    { what: "usage plan on an API without keyed methods", good: apiArea, bad: b(apiArea, setBody((d) => (d.paths["/orders"].get.security = [{ jwt: [] }]))) },
    { what: "the only x-api-key scheme is a Lambda authorizer, not an API key", good: apiArea, bad: b(apiArea, setBody((d) => (d.components.securitySchemes.api_key["x-amazon-apigateway-authtype"] = "custom"))) },
  ],
  // ---------------- HTTP APIs (apigatewayv2)
  "AOA-APIGV2-001": [
    { what: "no access logs", good: httpApiArea, bad: b(httpApiArea, (r) => delete r.aws_apigatewayv2_stage.stage.access_log_settings) },
    { what: "JSON without requestId", good: httpApiArea, bad: b(httpApiArea, (r) => (r.aws_apigatewayv2_stage.stage.access_log_settings.format = '{"status":"$context.status"}')) },
  ],
  "AOA-APIGV2-002": [
    { what: "no stage default throttle", good: httpApiArea, bad: b(httpApiArea, (r) => delete r.aws_apigatewayv2_stage.stage.default_route_settings) },
    { what: "route override without burst", good: httpApiArea, bad: b(httpApiArea, (r) => delete r.aws_apigatewayv2_stage.stage.route_settings[0].throttling_burst_limit) },
  ],
  "AOA-APIGV2-003": [
    { what: "route without authorizer and without a public declaration", good: httpApiArea, bad: b(httpApiArea, (r) => delete r.aws_apigatewayv2_route.health["//"]) },
    { what: "JWT route without an authorizer of the stack", good: httpApiArea, bad: b(httpApiArea, (r) => delete r.aws_apigatewayv2_route.read.authorizer_id) },
  ],
  "AOA-APIGV2-004": [{ what: "HTTP API without a WAF exemption reason", good: httpApiArea, bad: b(httpApiArea, (r) => delete r.aws_apigatewayv2_api.api["//"]) }],
  "AOA-APIGV2-005": [{ what: "default endpoint on", good: httpApiArea, bad: b(httpApiArea, (r) => delete r.aws_apigatewayv2_api.api.disable_execute_api_endpoint) }],
  "AOA-APIG-026": (() => {
    const VPCE = ["vpce-0a1b2c3d4e5f60001"];
    const allow = { Sid: "InvokeThisStageFromListedEndpoints", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/live/*", Condition: { StringEquals: { "aws:SourceVpce": VPCE } } };
    const deny = { Sid: "DenyOtherSources", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { StringNotEquals: { "aws:SourceVpce": VPCE } } };
    const privateArea = () =>
      b(apiArea, (r) => {
        r.aws_api_gateway_rest_api.api.endpoint_configuration = { types: ["PRIVATE"] };
        r.aws_api_gateway_rest_api.api.disable_execute_api_endpoint = false;
        r.aws_api_gateway_rest_api_policy.policy.policy = policyJson(allow, deny);
      });
    const domainArea = () =>
      b(privateArea, (r) => {
        (r as any).aws_api_gateway_domain_name = { private: { domain_name: "api.internal.dev.acme-example.com", certificate_arn: "arn:aws:acm:eu-west-1:111111111111:certificate/x", security_policy: "TLS_1_2", endpoint_configuration: { types: ["PRIVATE"] }, policy: policyJson({ ...allow, Resource: "execute-api:/*" }, deny) } };
      });
    return [
      { what: "private API allowing every source (no aws:SourceVpce on the Allow)", good: privateArea, bad: b(privateArea, (r) => (r.aws_api_gateway_rest_api_policy.policy.policy = policyJson({ ...allow, Condition: undefined }, deny))) },
      { what: "private API without the explicit Deny of other endpoints", good: privateArea, bad: b(privateArea, (r) => (r.aws_api_gateway_rest_api_policy.policy.policy = policyJson(allow))) },
      { what: "private API without any resource policy", good: privateArea, bad: b(privateArea, (r) => delete (r as any).aws_api_gateway_rest_api_policy) },
      { what: "private custom domain name whose policy allows every source", good: domainArea, bad: b(domainArea, (r) => ((r as any).aws_api_gateway_domain_name.private.policy = policyJson({ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }))) },
    ];
  })(),
  "AOA-APIG-027": [
    { what: "prod canary on 50 % of the stage's traffic", ctx: PROD, good: () => b(apiArea, (r) => ((r.aws_api_gateway_stage.stage as any).canary_settings = { deployment_id: "d2", percent_traffic: 10 })), bad: b(apiArea, (r) => ((r.aws_api_gateway_stage.stage as any).canary_settings = { deployment_id: "d2", percent_traffic: 50 })) },
  ],
  // ---------------- WAF
  "AOA-WAF-001": [{ what: "no rules", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_web_acl.acl.rule = [])) }],
  "AOA-WAF-002": [
    { what: "no logging configuration", good: wafArea, bad: b(wafArea, (r) => delete (r as any).aws_wafv2_web_acl_logging_configuration) },
    { what: "log group not named aws-waf-logs-*", good: wafArea, bad: b(wafArea, (r) => (r.aws_cloudwatch_log_group.waf.name = "/waf/acme-dev")) },
  ],
  "AOA-WAF-003": [
    { what: "rule without metrics", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_web_acl.acl.rule[1].visibility_config.cloudwatch_metrics_enabled = false)) },
    { what: "ACL without metrics", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_web_acl.acl.visibility_config.cloudwatch_metrics_enabled = false)) },
  ],
  "AOA-WAF-004": [
    { what: "no KnownBadInputs", good: wafArea, bad: b(wafArea, (r) => r.aws_wafv2_web_acl.acl.rule.splice(2, 1)) },
    { what: "KnownBadInputs in count mode", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_web_acl.acl.rule[2].override_action = { count: {} })) },
    { what: "Log4JRCE excluded", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_web_acl.acl.rule[2].statement.managed_rule_group_statement.excluded_rule = [{ name: "Log4JRCE_HEADER" }])) },
    {
      what: "Log4JRCE overridden to count",
      good: wafArea,
      bad: b(wafArea, (r) => (r.aws_wafv2_web_acl.acl.rule[2].statement.managed_rule_group_statement.rule_action_override = [{ name: "Log4JRCE_BODY", action_to_use: { count: {} } }])),
    },
  ],
  "AOA-WAF-005": [
    { what: "no default action", good: wafArea, bad: b(wafArea, (r) => delete r.aws_wafv2_web_acl.acl.default_action) },
    { what: "rule without action", good: wafArea, bad: b(wafArea, (r) => delete r.aws_wafv2_web_acl.acl.rule[0].action) },
  ],
  "AOA-WAF-006": [
    { what: "no rate-based rule", good: wafArea, bad: b(wafArea, (r) => r.aws_wafv2_web_acl.acl.rule.splice(3, 1)) },
    { what: "rate-based rule counts only", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_web_acl.acl.rule[3].action = { count: {} })) },
  ],
  "AOA-WAF-007": [
    { what: "authorization not redacted", good: wafArea, bad: b(wafArea, (r) => delete r.aws_wafv2_web_acl_logging_configuration.logging.redacted_fields) },
    { what: "other header redacted", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_web_acl_logging_configuration.logging.redacted_fields = [{ single_header: { name: "cookie" } }])) },
  ],
  "AOA-WAF-008": [
    { what: "IP set matching everything", good: wafArea, bad: b(wafArea, (r) => r.aws_wafv2_ip_set.block.addresses.push("0.0.0.0/0")) },
    { what: "CLOUDFRONT IP set", good: wafArea, bad: b(wafArea, (r) => (r.aws_wafv2_ip_set.block.scope = "CLOUDFRONT")) },
    { what: "two halves covering all of IPv4", good: wafArea, bad: b(wafArea, (r) => r.aws_wafv2_ip_set.block.addresses.push("0.0.0.0/1", "128.0.0.0/1")) },
    { what: "IPv6 address in an IPV4 set", good: wafArea, bad: b(wafArea, (r) => { r.aws_wafv2_ip_set.block.ip_address_version = "IPV4"; r.aws_wafv2_ip_set.block.addresses.push("2001:db8::/32"); }) },
  ],
  // ---------------- logs
  "AOA-LOG-001": [{ what: "no retention", good: lambdaArea, bad: b(lambdaArea, (r) => delete r.aws_cloudwatch_log_group.authorizer.retention_in_days) }],
  "AOA-LOG-002": [{ what: "30 days in prod", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_cloudwatch_log_group.authorizer.retention_in_days = 30)), ctx: PROD }],
  "AOA-LOG-003": [{ what: "no KMS key", good: lambdaArea, bad: b(lambdaArea, (r) => delete r.aws_cloudwatch_log_group.authorizer.kms_key_id) }],
  // ---------------- Lambda
  "AOA-LMB-001": [
    { what: "PassThrough in prod", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_lambda_function.authorizer.tracing_config.mode = "PassThrough")), ctx: PROD, severity: "error" },
    { what: "no tracing in dev", good: lambdaArea, bad: b(lambdaArea, (r) => delete r.aws_lambda_function.authorizer.tracing_config), severity: "warning" },
  ],
  "AOA-LMB-002": [
    { what: "no reserved concurrency", good: lambdaArea, bad: b(lambdaArea, (r) => delete r.aws_lambda_function.authorizer.reserved_concurrent_executions) },
    { what: "reserved concurrency 0", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_lambda_function.authorizer.reserved_concurrent_executions = 0)) },
  ],
  "AOA-LMB-003": [{ what: "timeout 30 s", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_lambda_function.authorizer.timeout = 30)) }],
  "AOA-LMB-004": [
    { what: "secret-named literal", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_lambda_function.authorizer.environment.variables.CLIENT_SECRET = "s3cr3t-value")) },
    { what: "access key value", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_lambda_function.authorizer.environment.variables.SETTING = "AKIAABCDEFGHIJKLMNOP")) },
  ],
  "AOA-LMB-005": [
    { what: "nodejs18.x", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_lambda_function.authorizer.runtime = "nodejs18.x")) },
    { what: "nodejs20.x (deprecated 2026-04-30)", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_lambda_function.authorizer.runtime = "nodejs20.x")) },
  ],
  "AOA-LMB-006": [
    { what: "principal *", good: apiArea, bad: b(apiArea, (r) => (r.aws_lambda_permission.authorizer.principal = "*")) },
    { what: "API Gateway without source_arn", good: apiArea, bad: b(apiArea, (r) => delete r.aws_lambda_permission.authorizer.source_arn) },
    { what: "source_arn for every API", good: apiArea, bad: b(apiArea, (r) => (r.aws_lambda_permission.authorizer.source_arn = "arn:aws:execute-api:*")) },
  ],
  "AOA-LMB-007": [
    { what: "no log group for the function", good: lambdaArea, bad: b(lambdaArea, (r) => {
      delete r.aws_lambda_function.authorizer.logging_config;
      r.aws_cloudwatch_log_group.authorizer.name = "/other";
    }) },
  ],
  // ---------------- IAM
  "AOA-IAM-001": [
    { what: "trust principal *", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_iam_role.authorizer.assume_role_policy = policyJson({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } }))) },
  ],
  "AOA-IAM-002": [
    { what: "trust a whole account", good: oidcArea, bad: b(oidcArea, (r) => (r.aws_iam_role.cross_account.assume_role_policy = policyJson({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::222222222222:root" } }))) },
  ],
  "AOA-IAM-003": [
    { what: "Action *", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_iam_role_policy.authorizer.policy = policyJson({ Sid: "WildcardReasonBecauseIcan", Effect: "Allow", Action: "*", Resource: "*" }))) },
    { what: "Allow NotAction in a data document", good: oidcArea, bad: b(oidcArea, (_r, a) => a.data!.aws_iam_policy_document.deployer.statement.push({ effect: "Allow", not_actions: ["iam:*"], resources: ["*"] })) },
  ],
  "AOA-IAM-004": [
    { what: "s3:* without reason", good: oidcArea, bad: b(oidcArea, (_r, a) => (a.data!.aws_iam_policy_document.deployer.statement[0].actions = ["s3:*"])) },
  ],
  "AOA-IAM-005": [
    { what: "Resource * without reason", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_iam_role_policy.authorizer.policy = policyJson({ Sid: "Xray", Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" }))) },
    { what: "reason too short", good: lambdaArea, bad: b(lambdaArea, (r) => (r.aws_iam_role_policy.authorizer.policy = policyJson({ Sid: "WildcardReasonX", Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" }))) },
    { what: "partial wildcard without reason", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_iam_role_policy.apigw_cloudwatch.policy = policyJson({ Effect: "Allow", Action: "logs:PutLogEvents", Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:*` }))) },
  ],
  "AOA-IAM-006": [
    { what: "AdministratorAccess", good: oidcArea, bad: b(oidcArea, (r) => (r.aws_iam_role_policy_attachment.deployer.policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess")) },
    { what: "managed_policy_arns IAMFullAccess", good: oidcArea, bad: b(oidcArea, (r) => (r.aws_iam_role.deployer.managed_policy_arns = ["arn:aws:iam::aws:policy/IAMFullAccess"])) },
  ],
  "AOA-IAM-007": [
    {
      what: "no sub condition",
      good: oidcArea,
      bad: b(oidcArea, (r) => (r.aws_iam_role.deployer.assume_role_policy = policyJson({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "${aws_iam_openid_connect_provider.github.arn}" }, Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }))),
    },
    {
      what: "sub wildcard owner",
      good: oidcArea,
      bad: b(oidcArea, (r) =>
        (r.aws_iam_role.deployer.assume_role_policy = policyJson({
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:*/apigw-app-of-apps:*" } },
        }))),
    },
  ],
  "AOA-IAM-008": [
    { what: "http issuer", good: oidcArea, bad: b(oidcArea, (r) => (r.aws_iam_openid_connect_provider.github.url = "http://token.example.com")) },
    { what: "no client ids", good: oidcArea, bad: b(oidcArea, (r) => (r.aws_iam_openid_connect_provider.github.client_id_list = [])) },
  ],
  // ---------------- load balancing
  "AOA-ELB-001": [{ what: "internet-facing NLB", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_lb.nlb.internal) }],
  "AOA-ELB-002": [
    { what: "no deletion protection in prod", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_lb.nlb.enable_deletion_protection = false)), ctx: PROD, severity: "error" },
    { what: "no deletion protection in dev", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_lb.nlb.enable_deletion_protection = false)), severity: "warning" },
  ],
  "AOA-ELB-003": [{ what: "no access logs", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_lb.nlb.access_logs) }],
  "AOA-ELB-004": [{ what: "cross-zone off", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_lb.nlb.enable_cross_zone_load_balancing) }],
  "AOA-ELB-005": [
    { what: "TLS listener with the default policy", good: workloadArea, bad: b(workloadArea, (r) => delete r.aws_lb_listener.tls.ssl_policy) },
    { what: "UDP listener", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_lb_listener.orders.protocol = "UDP")) },
    { what: "HTTP without redirect", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_lb_listener.orders.protocol = "HTTP")) },
  ],
  "AOA-ELB-006": [
    { what: "no health check", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_lb_target_group.orders.health_check) },
    { what: "alb target group TCP health check", good: workloadArea, bad: b(workloadArea, (r) => (r.aws_lb_target_group.alb.health_check = { enabled: true, protocol: "TCP" })) },
  ],
  "AOA-ELB-007": [
    { what: "HTTP target group", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_lb_target_group.orders.protocol = "HTTP")) },
    { what: "public IP target", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_lb_target_group_attachment.orders_a.target_id = "203.0.113.10")) },
  ],
  // ---------------- endpoints
  "AOA-VPCE-001": [
    { what: "allowed principal *", good: workloadArea, bad: b(workloadArea, (r) => (r.aws_vpc_endpoint_service.orders.allowed_principals = ["*"])) },
    { what: "no allowed principals with auto-accept", good: workloadArea, bad: b(workloadArea, (r) => delete r.aws_vpc_endpoint_service.orders.allowed_principals) },
    { what: "separate allowed principal *", good: workloadArea, bad: b(workloadArea, (r) => (r.aws_vpc_endpoint_service_allowed_principal = { all: { vpc_endpoint_service_id: "${aws_vpc_endpoint_service.orders.id}", principal_arn: "*" } })) },
  ],
  "AOA-VPCE-002": [
    { what: "no security groups", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_vpc_endpoint.orders.security_group_ids) },
    { what: "one subnet", good: ingressArea, bad: b(ingressArea, (r) => r.aws_vpc_endpoint.orders.subnet_ids.pop()) },
    { what: "private DNS on a custom service", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_vpc_endpoint.orders.private_dns_enabled = true)) },
    { what: "type left to default Gateway", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_vpc_endpoint.orders.vpc_endpoint_type) },
  ],
  // ---------------- security groups
  "AOA-SG-001": [
    { what: "inline ingress from anywhere", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_security_group.endpoint.ingress[0].cidr_blocks = ["0.0.0.0/0"])) },
    { what: "rule resource ingress ::/0", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_security_group_rule = { open: { type: "ingress", security_group_id: "sg-1", from_port: 443, to_port: 443, protocol: "tcp", ipv6_cidr_blocks: ["::/0"], description: "x" } })) },
    { what: "vpc ingress rule 0.0.0.0/0", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_vpc_security_group_ingress_rule = { open: { security_group_id: "sg-1", ip_protocol: "tcp", from_port: 22, to_port: 22, cidr_ipv4: "0.0.0.0/0", description: "x" } })) },
  ],
  "AOA-SG-002": [
    { what: "no group description", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_security_group.endpoint.description) },
    { what: "no rule description", good: ingressArea, bad: b(ingressArea, (r) => delete r.aws_security_group.endpoint.ingress[0].description) },
  ],
  "AOA-SG-003": [{ what: "egress anywhere", good: ingressArea, bad: b(ingressArea, (r) => (r.aws_security_group.endpoint.egress[0].cidr_blocks = ["0.0.0.0/0"])) }],
  // ---------------- DNS and certificates
  "AOA-R53-001": [{ what: "zone without prevent_destroy", good: edgeArea, bad: b(edgeArea, (r) => delete r.aws_route53_zone.zone.lifecycle) }],
  "AOA-R53-002": [{ what: "no query log", good: edgeArea, bad: b(edgeArea, (r) => delete (r as any).aws_route53_query_log) }],
  "AOA-R53-003": [{ what: "validation record without allow_overwrite", good: edgeArea, bad: b(edgeArea, (r) => delete r.aws_route53_record.validation.allow_overwrite) }],
  "AOA-ACM-001": [{ what: "certificate without create_before_destroy", good: edgeArea, bad: b(edgeArea, (r) => delete r.aws_acm_certificate.cert.lifecycle) }],
  "AOA-ACM-002": [
    { what: "EMAIL validation", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_acm_certificate.cert.validation_method = "EMAIL")) },
    { what: "no validation resource", good: edgeArea, bad: b(edgeArea, (r) => delete (r as any).aws_acm_certificate_validation) },
    { what: "imported certificate", good: edgeArea, bad: b(edgeArea, (r) => Object.assign(r.aws_acm_certificate.cert, { certificate_body: "-----BEGIN CERTIFICATE-----", private_key: "${var.key}" })) },
  ],
  "AOA-ACM-003": [
    { what: "RSA 1024", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_acm_certificate.cert.key_algorithm = "RSA_1024")) },
    { what: "transparency logging disabled", good: edgeArea, bad: b(edgeArea, (r) => (r.aws_acm_certificate.cert.options = { certificate_transparency_logging_preference: "DISABLED" })) },
  ],
  // ---------------- SSM
  "AOA-SSM-001": [
    { what: "secret name as String", good: opsArea, bad: b(opsArea, (r) => (r.aws_ssm_parameter.client_secret.type = "String")) },
    { what: "private key value as String", good: opsArea, bad: b(opsArea, (r) => (r.aws_ssm_parameter.vpc_link.value = "-----BEGIN RSA PRIVATE KEY-----\nabc")) },
  ],
  "AOA-SSM-002": [{ what: "SecureString with the AWS key", good: opsArea, bad: b(opsArea, (r) => delete r.aws_ssm_parameter.client_secret.key_id) }],
  // ---------------- S3
  "AOA-S3-001": [
    { what: "no versioning", good: stateBucketArea, bad: b(stateBucketArea, (r) => delete (r as any).aws_s3_bucket_versioning) },
    { what: "versioning suspended", good: stateBucketArea, bad: b(stateBucketArea, (r) => (r.aws_s3_bucket_versioning.state.versioning_configuration.status = "Suspended")) },
  ],
  "AOA-S3-002": [{ what: "no SSE configuration", good: stateBucketArea, bad: b(stateBucketArea, (r) => delete (r as any).aws_s3_bucket_server_side_encryption_configuration) }],
  "AOA-S3-003": [
    { what: "no public access block", good: stateBucketArea, bad: b(stateBucketArea, (r) => delete (r as any).aws_s3_bucket_public_access_block) },
    { what: "one setting false", good: stateBucketArea, bad: b(stateBucketArea, (r) => (r.aws_s3_bucket_public_access_block.state.restrict_public_buckets = false)) },
  ],
  "AOA-S3-004": [
    { what: "no bucket policy", good: stateBucketArea, bad: b(stateBucketArea, (r) => delete (r as any).aws_s3_bucket_policy) },
    { what: "policy without SecureTransport deny", good: stateBucketArea, bad: b(stateBucketArea, (r) => (r.aws_s3_bucket_policy.state.policy = policyJson({ Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "${aws_s3_bucket.state.arn}" }))) },
  ],
  "AOA-S3-005": [{ what: "bucket without prevent_destroy", good: stateBucketArea, bad: b(stateBucketArea, (r) => delete r.aws_s3_bucket.state.lifecycle) }],
  // ---------------- alarms, SNS, KMS
  "AOA-CW-001": [
    { what: "no alarm actions", good: opsArea, bad: b(opsArea, (r) => (r.aws_cloudwatch_metric_alarm.errors.alarm_actions = [])) },
    { what: "actions disabled", good: opsArea, bad: b(opsArea, (r) => (r.aws_cloudwatch_metric_alarm.errors.actions_enabled = false)) },
  ],
  "AOA-SNS-001": [{ what: "unencrypted topic", good: opsArea, bad: b(opsArea, (r) => delete r.aws_sns_topic.alarms.kms_master_key_id) }],
  "AOA-KMS-001": [{ what: "no rotation", good: stateBucketArea, bad: b(stateBucketArea, (r) => delete r.aws_kms_key.state.enable_key_rotation) }],
  "AOA-KMS-002": [{ what: "key open to *", good: stateBucketArea, bad: b(stateBucketArea, (r) => (r.aws_kms_key.state.policy = policyJson({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }))) }],
};

function findingsOf(area: Area, ctx: PolicyContext, ruleId: string, mutate?: (json: any) => void): Finding[] {
  const s = stack("dev-app-orders", area);
  mutate?.(s.json);
  return runPolicyPack([s], ctx).findings.filter((f) => f.ruleId === ruleId);
}

describe("rule cases", () => {
  test("every registered rule has cases", () => {
    expect(RULES.map((r) => r.id).filter((id) => !CASES[id])).toEqual([]);
    expect(Object.keys(CASES).filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
  });

  for (const r of RULES) {
    describe(`${r.id} ${r.title}`, () => {
      for (const c of CASES[r.id] ?? []) {
        const ctx = c.ctx ?? DEV;
        test(`compliant: passes (${ctx.isProd ? "prod" : "dev"})`, () => {
          expect(findingsOf(c.good(), ctx, r.id)).toEqual([]);
        });
        test(`non-compliant: ${c.what}`, () => {
          const bad = typeof c.bad === "function" ? c.bad() : c.bad;
          const found = findingsOf(bad, ctx, r.id, c.stackMutation);
          expect(found.length).toBeGreaterThan(0);
          expect(found.every((f) => f.severity === (c.severity ?? r.severity))).toBe(true);
          expect(found[0].mirrors).toEqual(r.mirrors);
        });
      }
    });
  }
});
