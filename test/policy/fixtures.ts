/**
 * Hand-written Terraform JSON fixtures for the policy pack tests, shaped like cdktf output.
 * Each `*Area()` builder returns a small COMPLIANT set of resources for one concern; tests take
 * a copy, break one thing and expect exactly that rule to fire. Together the areas are also the
 * "golden" example stacks the README points to (zero findings).
 */
import type { SynthStack } from "../../policy";

export type Resources = Record<string, Record<string, Record<string, any>>>;
export interface Area {
  resource: Resources;
  data?: Resources;
}

export const ACCOUNT = "111111111111";
export const WORKLOAD = "222222222222";
export const PROVIDER = "aws.shared";
const KMS_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`;

export function providerConfig(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    alias: "shared",
    region: "eu-west-1",
    allowed_account_ids: [ACCOUNT],
    assume_role: [{ role_arn: `arn:aws:iam::${ACCOUNT}:role/aoa-deployer` }],
    default_tags: [{ tags: { Environment: "dev", ManagedBy: "cdktf-apigw-app-of-apps" } }],
    ...overrides,
  };
}

/** Wraps areas into a stack: adds the provider block and `provider` + metadata on every resource. */
export function stack(name: string, ...areas: Area[]): SynthStack {
  const resource: Resources = {};
  const data: Resources = {};
  for (const area of areas) {
    for (const [target, src] of [
      [resource, area.resource],
      [data, area.data ?? {}],
    ] as const) {
      for (const [type, byName] of Object.entries(src)) {
        target[type] ??= {};
        for (const [id, cfg] of Object.entries(byName)) {
          target[type][id] = { provider: PROVIDER, "//": { metadata: { path: `${name}/${id}` } }, ...cfg };
        }
      }
    }
  }
  return { name, json: { provider: { aws: [providerConfig()] }, resource, ...(Object.keys(data).length ? { data } : {}), terraform: {} } };
}

/** A deep copy of an area with a mutation applied. */
export function broken(area: () => Area, mutate: (r: Resources, a: Area) => void): Area {
  const copy = JSON.parse(JSON.stringify(area())) as Area;
  mutate(copy.resource, copy);
  return copy;
}

export const policyJson = (...statements: Record<string, any>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

// ---------------------------------------------------------------- API (one app's REST API)

export function openApi(overrides: (doc: any) => void = () => undefined): string {
  const integration = (method: string, path: string) => ({
    type: "http_proxy",
    httpMethod: method,
    uri: `https://orders.internal.example.com${path}`,
    connectionType: "VPC_LINK",
    connectionId: "${data.aws_ssm_parameter.vpc_link.value}",
    timeoutInMillis: 10000,
  });
  const doc: any = {
    openapi: "3.0.1",
    info: { title: "orders", version: "1.0.0" },
    "x-amazon-apigateway-request-validators": { params: { validateRequestParameters: true, validateRequestBody: false } },
    "x-amazon-apigateway-request-validator": "params",
    components: {
      securitySchemes: {
        jwt: {
          type: "apiKey",
          name: "Authorization",
          in: "header",
          "x-amazon-apigateway-authtype": "custom",
          "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: "${data.aws_ssm_parameter.authorizer_invoke_arn.value}", authorizerResultTtlInSeconds: 300 },
        },
        api_key: { type: "apiKey", name: "x-api-key", in: "header" },
      },
    },
    paths: {
      "/orders": {
        get: { security: [{ jwt: [], api_key: [] }], "x-amazon-apigateway-integration": integration("GET", "/orders") },
        options: {
          responses: { "200": { description: "CORS" } },
          "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' } },
        },
      },
      "/health": {
        get: { "x-aoa-public": { reason: "Liveness probe for uptime monitors; returns no data" }, "x-amazon-apigateway-integration": integration("GET", "/health") },
      },
    },
  };
  overrides(doc);
  return JSON.stringify(doc);
}

export function apiArea(): Area {
  return {
    resource: {
      aws_api_gateway_rest_api: {
        api: {
          name: "acme-dev-orders",
          body: openApi(),
          disable_execute_api_endpoint: true,
          endpoint_configuration: { types: ["REGIONAL"] },
          lifecycle: { create_before_destroy: true },
        },
      },
      aws_api_gateway_rest_api_policy: {
        policy: {
          rest_api_id: "${aws_api_gateway_rest_api.api.id}",
          policy: policyJson(
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
            { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } } },
          ),
        },
      },
      aws_api_gateway_deployment: {
        deployment: {
          rest_api_id: "${aws_api_gateway_rest_api.api.id}",
          triggers: { redeployment: "0f3c9a" },
          lifecycle: { create_before_destroy: true },
        },
      },
      aws_api_gateway_stage: {
        stage: {
          rest_api_id: "${aws_api_gateway_rest_api.api.id}",
          deployment_id: "${aws_api_gateway_deployment.deployment.id}",
          stage_name: "v1",
          xray_tracing_enabled: true,
          access_log_settings: {
            destination_arn: "${aws_cloudwatch_log_group.access.arn}",
            format: JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", status: "$context.status", latency: "$context.responseLatency" }),
          },
        },
      },
      aws_api_gateway_method_settings: {
        all: {
          rest_api_id: "${aws_api_gateway_rest_api.api.id}",
          stage_name: "${aws_api_gateway_stage.stage.stage_name}",
          method_path: "*/*",
          settings: {
            logging_level: "ERROR",
            metrics_enabled: true,
            data_trace_enabled: false,
            throttling_rate_limit: 100,
            throttling_burst_limit: 50,
            caching_enabled: false,
            cache_data_encrypted: true,
          },
        },
      },
      aws_cloudwatch_log_group: { access: { name: "/acme/dev/orders/access", retention_in_days: 365, kms_key_id: KMS_ARN } },
      aws_wafv2_web_acl_association: {
        waf: { resource_arn: "${aws_api_gateway_stage.stage.arn}", web_acl_arn: "${data.aws_ssm_parameter.web_acl_arn.value}" },
      },
      aws_apigatewayv2_api_mapping: {
        mapping: {
          api_id: "${aws_api_gateway_rest_api.api.id}",
          domain_name: "${data.aws_ssm_parameter.domain_name.value}",
          stage: "${aws_api_gateway_stage.stage.stage_name}",
          api_mapping_key: "orders/v1",
        },
      },
      aws_lambda_permission: {
        authorizer: {
          action: "lambda:InvokeFunction",
          function_name: "${data.aws_ssm_parameter.authorizer_function_name.value}",
          principal: "apigateway.amazonaws.com",
          source_arn: "${aws_api_gateway_rest_api.api.execution_arn}/authorizers/*",
        },
      },
      aws_api_gateway_usage_plan: {
        partners: {
          name: "acme-dev-orders-partners",
          api_stages: [{ api_id: "${aws_api_gateway_rest_api.api.id}", stage: "${aws_api_gateway_stage.stage.stage_name}" }],
          throttle_settings: { rate_limit: 10, burst_limit: 5 },
          quota_settings: { limit: 10000, period: "DAY" },
        },
      },
      aws_api_gateway_api_key: { partner: { name: "acme-dev-orders-partner", enabled: true } },
    },
    data: {
      aws_ssm_parameter: {
        web_acl_arn: { name: "/acme/dev/platform/web-acl-arn" },
        domain_name: { name: "/acme/dev/platform/domain-name" },
        vpc_link: { name: "/acme/dev/platform/vpc-link-id" },
        authorizer_function_name: { name: "/acme/dev/platform/authorizer-function-name" },
        authorizer_invoke_arn: { name: "/acme/dev/platform/authorizer-invoke-arn" },
      },
    },
  };
}

// ---------------------------------------------------------------- Edge (domain, certificate, zone, account settings)

export function edgeArea(): Area {
  return {
    resource: {
      aws_route53_zone: { zone: { name: "dev.example.com", lifecycle: { prevent_destroy: true } } },
      aws_route53_query_log: { zone: { zone_id: "${aws_route53_zone.zone.zone_id}", cloudwatch_log_group_arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/route53/dev.example.com` } },
      aws_acm_certificate: { cert: { domain_name: "api.dev.example.com", validation_method: "DNS", key_algorithm: "RSA_2048", lifecycle: { create_before_destroy: true } } },
      aws_route53_record: {
        validation: {
          for_each: "${{ for key, val in tolist(aws_acm_certificate.cert.domain_validation_options): val.domain_name => val }}",
          zone_id: "${aws_route53_zone.zone.zone_id}",
          name: "${each.value.resource_record_name}",
          type: "${each.value.resource_record_type}",
          records: ["${each.value.resource_record_value}"],
          ttl: 60,
          allow_overwrite: true,
        },
        alias_a: {
          zone_id: "${aws_route53_zone.zone.zone_id}",
          name: "${aws_api_gateway_domain_name.domain.domain_name}",
          type: "A",
          alias: { name: "${aws_api_gateway_domain_name.domain.regional_domain_name}", zone_id: "${aws_api_gateway_domain_name.domain.regional_zone_id}", evaluate_target_health: false },
        },
      },
      aws_acm_certificate_validation: {
        cert: { certificate_arn: "${aws_acm_certificate.cert.arn}", validation_record_fqdns: "${[for r in aws_route53_record.validation : r.fqdn]}" },
      },
      aws_api_gateway_domain_name: {
        domain: {
          domain_name: "api.dev.example.com",
          regional_certificate_arn: "${aws_acm_certificate_validation.cert.certificate_arn}",
          security_policy: "TLS_1_2",
          endpoint_configuration: { types: ["REGIONAL"] },
        },
      },
      aws_iam_role: {
        apigw_cloudwatch: {
          name: "acme-dev-apigw-cloudwatch",
          assume_role_policy: policyJson({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "apigateway.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
        },
      },
      aws_iam_role_policy: {
        apigw_cloudwatch: {
          role: "${aws_iam_role.apigw_cloudwatch.name}",
          name: "write-logs",
          policy: policyJson({
            Sid: "WildcardReasonGatewayNamesItsLogGroups",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:*`,
          }),
        },
      },
      aws_api_gateway_account: { account: { cloudwatch_role_arn: "${aws_iam_role.apigw_cloudwatch.arn}" } },
    },
  };
}

// ---------------------------------------------------------------- WAF

export function wafArea(): Area {
  const vis = (name: string) => ({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: name });
  const managed = (name: string, priority: number) => ({
    name,
    priority,
    override_action: { none: {} },
    statement: { managed_rule_group_statement: { vendor_name: "AWS", name } },
    visibility_config: vis(name),
  });
  return {
    resource: {
      aws_wafv2_ip_set: { block: { name: "acme-dev-block", scope: "REGIONAL", ip_address_version: "IPV4", addresses: ["198.51.100.0/24"] } },
      aws_wafv2_web_acl: {
        acl: {
          name: "acme-dev-api",
          scope: "REGIONAL",
          default_action: { allow: {} },
          rule: [
            { name: "block-listed-ips", priority: 0, action: { block: {} }, statement: { ip_set_reference_statement: { arn: "${aws_wafv2_ip_set.block.arn}" } }, visibility_config: vis("block-ips") },
            managed("AWSManagedRulesCommonRuleSet", 1),
            managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
            { name: "rate-limit-per-ip", priority: 3, action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } }, visibility_config: vis("rate") },
          ],
          visibility_config: vis("acme-dev-api"),
        },
      },
      aws_cloudwatch_log_group: { waf: { name: "aws-waf-logs-acme-dev", retention_in_days: 365, kms_key_id: KMS_ARN } },
      aws_wafv2_web_acl_logging_configuration: {
        logging: {
          resource_arn: "${aws_wafv2_web_acl.acl.arn}",
          log_destination_configs: ["${aws_cloudwatch_log_group.waf.arn}"],
          redacted_fields: [{ single_header: { name: "authorization" } }],
        },
      },
    },
  };
}

// ---------------------------------------------------------------- Lambda authorizer

export function lambdaArea(): Area {
  return {
    resource: {
      aws_cloudwatch_log_group: { authorizer: { name: "/aws/lambda/acme-dev-jwt-authorizer", retention_in_days: 365, kms_key_id: KMS_ARN } },
      aws_iam_role: {
        authorizer: {
          name: "acme-dev-jwt-authorizer",
          assume_role_policy: policyJson({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
        },
      },
      aws_iam_role_policy: {
        authorizer: {
          role: "${aws_iam_role.authorizer.name}",
          name: "authorizer",
          policy: policyJson(
            { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "${aws_cloudwatch_log_group.authorizer.arn}:*" },
            { Sid: "WildcardReasonXrayHasNoResourceArns", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
          ),
        },
      },
      aws_lambda_function: {
        authorizer: {
          function_name: "acme-dev-jwt-authorizer",
          role: "${aws_iam_role.authorizer.arn}",
          runtime: "nodejs22.x",
          handler: "index.handler",
          filename: "assets/authorizer.zip",
          timeout: 5,
          reserved_concurrent_executions: 10,
          tracing_config: { mode: "Active" },
          environment: { variables: { OIDC_ISSUER: "https://id.example.com", OIDC_AUDIENCE: "api", ROUTES_PARAMETER_PREFIX: "/acme/dev/authz/" } },
          logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.authorizer.name}" },
        },
      },
    },
  };
}

// ---------------------------------------------------------------- Pipeline identity (OIDC)

export function oidcArea(): Area {
  return {
    resource: {
      aws_iam_openid_connect_provider: { github: { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] } },
      aws_iam_role: {
        deployer: {
          name: "aoa-deployer",
          assume_role_policy: policyJson({
            Effect: "Allow",
            Action: "sts:AssumeRoleWithWebIdentity",
            Principal: { Federated: "${aws_iam_openid_connect_provider.github.arn}" },
            Condition: {
              StringEquals: {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": "repo:acme/apigw-app-of-apps:environment:dev",
              },
            },
          }),
        },
        cross_account: {
          name: "aoa-reader",
          assume_role_policy: policyJson({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::${WORKLOAD}:role/aoa-deployer` } }),
        },
      },
      aws_iam_policy: {
        deployer: {
          name: "aoa-deployer",
          policy: "${data.aws_iam_policy_document.deployer.json}",
        },
      },
      aws_iam_role_policy_attachment: { deployer: { role: "${aws_iam_role.deployer.name}", policy_arn: "${aws_iam_policy.deployer.arn}" } },
    },
    data: {
      aws_iam_policy_document: {
        deployer: {
          statement: [
            { sid: "ReadState", effect: "Allow", actions: ["s3:GetObject", "s3:PutObject"], resources: ["${aws_s3_bucket.state.arn}/*"] },
            { sid: "AssumeWorkloadDeployer", effect: "Allow", actions: ["sts:AssumeRole"], resources: [`arn:aws:iam::${WORKLOAD}:role/aoa-deployer`] },
          ],
        },
      },
    },
  };
}

// ---------------------------------------------------------------- Private path (shared-services side)

export function ingressArea(): Area {
  return {
    resource: {
      aws_lb: {
        nlb: {
          name: "acme-dev-ingress",
          internal: true,
          load_balancer_type: "network",
          subnets: ["subnet-0aaa1111", "subnet-0bbb2222"],
          enable_cross_zone_load_balancing: true,
          enable_deletion_protection: true,
          access_logs: { bucket: "acme-dev-lb-logs", enabled: true },
        },
      },
      aws_api_gateway_vpc_link: { link: { name: "acme-dev-ingress", target_arns: ["${aws_lb.nlb.arn}"] } },
      aws_lb_target_group: {
        orders: {
          name: "acme-dev-orders",
          port: 443,
          protocol: "TCP",
          target_type: "ip",
          vpc_id: "vpc-0abc1234",
          health_check: { enabled: true, protocol: "TCP", port: "traffic-port" },
        },
      },
      aws_lb_target_group_attachment: { orders_a: { target_group_arn: "${aws_lb_target_group.orders.arn}", target_id: "10.0.1.10", port: 443 } },
      aws_lb_listener: {
        orders: {
          load_balancer_arn: "${aws_lb.nlb.arn}",
          port: 10001,
          protocol: "TCP",
          default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.orders.arn}" }],
        },
      },
      aws_security_group: {
        endpoint: {
          name: "acme-dev-orders-endpoint",
          description: "Interface endpoint to the orders endpoint service",
          vpc_id: "vpc-0abc1234",
          ingress: [{ description: "HTTPS from the platform VPC", from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/16"] }],
          egress: [{ description: "Responses inside the VPC", from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["10.0.0.0/16"] }],
        },
      },
      aws_vpc_endpoint: {
        orders: {
          vpc_id: "vpc-0abc1234",
          service_name: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0",
          vpc_endpoint_type: "Interface",
          subnet_ids: ["subnet-0aaa1111", "subnet-0bbb2222"],
          security_group_ids: ["${aws_security_group.endpoint.id}"],
          private_dns_enabled: false,
        },
      },
    },
  };
}

// ---------------------------------------------------------------- Workload side (endpoint service in front of the app's ALB)

export function workloadArea(): Area {
  return {
    resource: {
      aws_lb: {
        workload: {
          name: "orders-nlb",
          internal: true,
          load_balancer_type: "network",
          subnets: ["subnet-0ccc3333", "subnet-0ddd4444"],
          enable_cross_zone_load_balancing: true,
          enable_deletion_protection: true,
          access_logs: { bucket: "orders-lb-logs", enabled: true },
        },
      },
      aws_lb_target_group: {
        alb: {
          name: "orders-alb",
          port: 443,
          protocol: "TCP",
          target_type: "alb",
          vpc_id: "vpc-0def5678",
          health_check: { enabled: true, protocol: "HTTPS", path: "/health" },
        },
      },
      aws_lb_listener: {
        tls: {
          load_balancer_arn: "${aws_lb.workload.arn}",
          port: 443,
          protocol: "TLS",
          ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
          certificate_arn: `arn:aws:acm:eu-west-1:${WORKLOAD}:certificate/abc`,
          default_action: { type: "forward", target_group_arn: "${aws_lb_target_group.alb.arn}" },
        },
      },
      aws_vpc_endpoint_service: {
        orders: {
          acceptance_required: false,
          allowed_principals: [`arn:aws:iam::${ACCOUNT}:root`],
          network_load_balancer_arns: ["${aws_lb.workload.arn}"],
        },
      },
    },
  };
}

// ---------------------------------------------------------------- Storage, parameters, alarms, keys

export function stateBucketArea(): Area {
  return {
    resource: {
      aws_s3_bucket: { state: { bucket: "acme-tfstate", lifecycle: { prevent_destroy: true } } },
      aws_s3_bucket_versioning: { state: { bucket: "${aws_s3_bucket.state.id}", versioning_configuration: { status: "Enabled" } } },
      aws_s3_bucket_server_side_encryption_configuration: {
        state: { bucket: "${aws_s3_bucket.state.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.state.arn}" } }] },
      },
      aws_s3_bucket_public_access_block: {
        state: { bucket: "${aws_s3_bucket.state.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
      aws_s3_bucket_policy: {
        state: {
          bucket: "${aws_s3_bucket.state.id}",
          policy: policyJson({
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["${aws_s3_bucket.state.arn}", "${aws_s3_bucket.state.arn}/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        },
      },
      aws_kms_key: {
        state: {
          description: "Terraform state",
          enable_key_rotation: true,
          policy: policyJson({ Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }),
        },
      },
    },
  };
}

export function opsArea(): Area {
  return {
    resource: {
      aws_ssm_parameter: {
        vpc_link: { name: "/acme/dev/platform/vpc-link-id", type: "String", value: "${aws_api_gateway_vpc_link.link.id}" },
        client_secret: { name: "/acme/dev/partner/client-secret", type: "SecureString", value: "${var.client_secret}", key_id: "${aws_kms_key.state.arn}" },
      },
      aws_sns_topic: { alarms: { name: "acme-dev-alarms", kms_master_key_id: "alias/aws/sns" } },
      aws_cloudwatch_metric_alarm: {
        errors: {
          alarm_name: "acme-dev-orders-5xx",
          namespace: "AWS/ApiGateway",
          metric_name: "5XXError",
          comparison_operator: "GreaterThanThreshold",
          threshold: 1,
          evaluation_periods: 1,
          period: 60,
          statistic: "Average",
          alarm_actions: ["${aws_sns_topic.alarms.arn}"],
        },
      },
    },
  };
}

export const ALL_AREAS = [apiArea, edgeArea, wafArea, lambdaArea, oidcArea, ingressArea, workloadArea, stateBucketArea, opsArea];

// ---------------------------------------------------------------- HTTP API (one api: "http" app)
export function httpApiArea(): Area {
  return {
    resource: {
      aws_apigatewayv2_api: {
        api: { name: "acme-dev-receipts", protocol_type: "HTTP", disable_execute_api_endpoint: true, "//": { aoa: { wafExemptReason: "internal callers only, throttled" } } },
      },
      aws_apigatewayv2_authorizer: {
        jwt: { api_id: "${aws_apigatewayv2_api.api.id}", name: "platform-jwt", authorizer_type: "JWT", identity_sources: ["$request.header.Authorization"], jwt_configuration: { issuer: "https://login.example.com/", audience: ["api"] } },
      },
      aws_apigatewayv2_route: {
        read: { api_id: "${aws_apigatewayv2_api.api.id}", route_key: "GET /{id}", authorization_type: "JWT", authorizer_id: "${aws_apigatewayv2_authorizer.jwt.id}", authorization_scopes: ["receipts:read"] },
        health: { api_id: "${aws_apigatewayv2_api.api.id}", route_key: "GET /health", authorization_type: "NONE", "//": { aoa: { publicReason: "uptime probe, no data" } } },
      },
      aws_cloudwatch_log_group: { "access-logs": { name: "/aws/apigateway/acme-dev-receipts/access", retention_in_days: 30 } },
      aws_apigatewayv2_stage: {
        stage: {
          api_id: "${aws_apigatewayv2_api.api.id}",
          name: "$default",
          auto_deploy: true,
          access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.access-logs.arn}", format: '{"requestId":"$context.requestId","status":"$context.status"}' },
          default_route_settings: { throttling_rate_limit: 100, throttling_burst_limit: 200, detailed_metrics_enabled: true },
          route_settings: [{ route_key: "GET /{id}", throttling_rate_limit: 10, throttling_burst_limit: 20 }],
        },
      },
    },
  };
}
