import { WorkloadExposure } from "../../modules/workload-exposure";
import { SharedIngressAttachment } from "../../modules/shared-ingress-attachment";
import { AppApi, ACCESS_LOG_FORMAT, methodPath } from "../../modules/app-api";
import { AppAlarms } from "../../modules/app-alarms";
import { PartnerUsagePlans } from "../../modules/usage-plans";
import { only, resources, synthJson } from "./helpers";

describe("WorkloadExposure", () => {
  const props = { name: "acme-dev-orders", albArn: "arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/o/1", listenerPort: 443, vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"], allowedPrincipalArn: "arn:aws:iam::111111111111:role/aoa-deployer" };
  const json = synthJson((s, provider) => new WorkloadExposure(s, "x", { provider, ...props }));
  it("puts the app's ALB behind an internal NLB through an alb-type target group on the listener port", () => {
    expect(only(json, "aws_lb")).toMatchObject({ internal: true, load_balancer_type: "network", enable_cross_zone_load_balancing: true });
    expect(only(json, "aws_lb_target_group")).toMatchObject({ target_type: "alb", protocol: "TCP", port: 443 });
    expect(only(json, "aws_lb_target_group").health_check).toMatchObject({ enabled: true, protocol: "HTTPS", path: "/health" });
    expect(only(json, "aws_lb_target_group_attachment")).toMatchObject({ target_id: props.albArn, port: 443 });
    expect(only(json, "aws_lb_listener")).toMatchObject({ port: 443, protocol: "TCP" });
  });
  it("publishes an endpoint service only the shared-services deploy role may connect to", () => {
    expect(only(json, "aws_vpc_endpoint_service")).toMatchObject({ allowed_principals: [props.allowedPrincipalArn], acceptance_required: false });
  });
  it.each([["*"], ["arn:aws:iam::111111111111:root"], ["arn:aws:iam::111111111111:role/*"]])("refuses the principal %s", (principal) => {
    expect(() => synthJson((s, provider) => new WorkloadExposure(s, "x", { provider, ...props, allowedPrincipalArn: principal }))).toThrow(/test\/x: allowedPrincipalArn must be one IAM role ARN/);
  });
});

describe("SharedIngressAttachment", () => {
  const props = { name: "acme-dev-orders", serviceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-1", vpcId: "vpc-9", subnetIds: ["subnet-a", "subnet-b"], vpcCidr: "10.0.0.0/16", backendPort: 443, nlbArn: "arn:nlb", ingressPort: 10001 };
  const json = synthJson((s, provider) => new SharedIngressAttachment(s, "in", { provider, ...props }));
  it("creates an interface endpoint in the platform subnets, no private DNS", () => {
    expect(only(json, "aws_vpc_endpoint")).toMatchObject({ vpc_endpoint_type: "Interface", subnet_ids: props.subnetIds, private_dns_enabled: false, service_name: props.serviceName });
  });
  it("lets only the platform VPC reach the endpoint, on the backend port", () => {
    const sg = only(json, "aws_security_group");
    expect(sg.ingress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/16"] })]);
    expect(sg.egress).toEqual([]);
  });
  it("targets each endpoint interface's IP and listens on the app's reserved port", () => {
    expect(only(json, "aws_lb_target_group")).toMatchObject({ target_type: "ip", port: 443, vpc_id: "vpc-9" });
    expect(Object.keys(resources(json, "aws_lb_target_group_attachment"))).toHaveLength(2);
    expect(Object.keys(json.data.aws_network_interface)).toHaveLength(2);
    expect(only(json, "aws_lb_listener")).toMatchObject({ load_balancer_arn: "arn:nlb", port: 10001, protocol: "TCP" });
  });
  it("refuses a port that is not one", () => {
    expect(() => synthJson((s, provider) => new SharedIngressAttachment(s, "in", { provider, ...props, ingressPort: 70000 }))).toThrow(/test\/in: ingressPort/);
  });
});

describe("AppApi", () => {
  const props = {
    name: "acme-dev-orders",
    body: JSON.stringify({ openapi: "3.0.1", paths: {} }),
    throttling: { rateLimit: 100, burstLimit: 200 },
    routeThrottling: [{ method: "POST" as const, path: "/", throttling: { rateLimit: 5, burstLimit: 10 } }, { method: "GET" as const, path: "/{id}" }],
    logRetentionDays: 30,
    webAclArn: "arn:waf",
    domainName: "api.example.com",
    basePath: "orders/v1",
    authorizerFunctionName: "acme-dev-jwt-authorizer",
    denyCidrs: ["198.51.100.0/24"],
  };
  const json = synthJson((s, provider) => new AppApi(s, "api", { provider, ...props }));
  it("keeps callers on the custom domain and replaces the API before destroying it", () => {
    const api = only(json, "aws_api_gateway_rest_api");
    expect(api.disable_execute_api_endpoint).toBe(true);
    expect(api.lifecycle.create_before_destroy).toBe(true);
  });
  it("redeploys on any body or policy change, new deployment first", () => {
    const d = only(json, "aws_api_gateway_deployment");
    expect(d.triggers.redeployment).toMatch(/sha1\(jsonencode\(\[aws_api_gateway_rest_api\.\S+\.body, aws_api_gateway_rest_api_policy\.\S+\.policy\]\)\)/);
    expect(d.lifecycle.create_before_destroy).toBe(true);
    expect(d.stage_name).toBeUndefined();
  });
  it("resource policy: invoke of this stage only, listed ranges denied", () => {
    const policy = JSON.parse(only(json, "aws_api_gateway_rest_api_policy").policy);
    expect(policy.Statement[0]).toMatchObject({ Effect: "Allow", Resource: "execute-api:/live/*" });
    expect(policy.Statement[1]).toMatchObject({ Effect: "Deny", Condition: { IpAddress: { "aws:SourceIp": ["198.51.100.0/24"] } } });
  });
  it("stage: JSON access logs with the request id, X-Ray", () => {
    const stage = only(json, "aws_api_gateway_stage");
    expect(stage.xray_tracing_enabled).toBe(true);
    expect(JSON.parse(stage.access_log_settings.format).requestId).toBe("$context.requestId");
    expect(stage.access_log_settings.format).toBe(ACCESS_LOG_FORMAT);
  });
  it("method settings: explicit throttling, metrics, no data trace; per-route override", () => {
    const all = Object.values(resources(json, "aws_api_gateway_method_settings")) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(all).toHaveLength(2);
    const star = all.find((m) => m.method_path === "*/*");
    expect(star.settings).toMatchObject({ throttling_rate_limit: 100, throttling_burst_limit: 200, metrics_enabled: true, data_trace_enabled: false, logging_level: "INFO" });
    const post = all.find((m) => m.method_path === "~1/POST");
    expect(post.settings).toMatchObject({ throttling_rate_limit: 5, throttling_burst_limit: 10 });
  });
  it("associates the stage with the WAF and maps it under the domain at a multi-level base path", () => {
    expect(only(json, "aws_wafv2_web_acl_association").resource_arn).toMatch(/aws_api_gateway_stage\.\S+\.arn/);
    expect(only(json, "aws_apigatewayv2_api_mapping")).toMatchObject({ domain_name: "api.example.com", api_mapping_key: "orders/v1" });
  });
  it("may invoke the shared authorizer, from this API only", () => {
    const p = only(json, "aws_lambda_permission");
    expect(p.principal).toBe("apigateway.amazonaws.com");
    expect(p.source_arn).toMatch(/aws_api_gateway_rest_api\.\S+\.execution_arn\}\/authorizers\/\*/);
  });
  it("has no authorizer permission when every route is public", () => {
    const j = synthJson((s, provider) => new AppApi(s, "api", { provider, ...props, authorizerFunctionName: undefined }));
    expect(resources(j, "aws_lambda_permission")).toEqual({});
  });
  it("refuses missing throttling and a slashed base path", () => {
    expect(() => synthJson((s, provider) => new AppApi(s, "api", { provider, ...props, throttling: { rateLimit: NaN, burstLimit: 1 } }))).toThrow(/test\/api: throttling.rateLimit/);
    expect(() => synthJson((s, provider) => new AppApi(s, "api", { provider, ...props, basePath: "/orders" }))).toThrow(/test\/api: basePath/);
  });
  it("method paths follow API Gateway's encoding", () => {
    expect(methodPath({ method: "GET", path: "/" })).toBe("~1/GET");
    expect(methodPath({ method: "GET", path: "/a/{id}" })).toBe("a/{id}/GET");
    expect(methodPath({ method: "ANY", path: "/x" })).toBe("x/*");
  });
});

describe("AppAlarms", () => {
  const json = synthJson((s, provider) => new AppAlarms(s, "al", { provider, apiName: "acme-dev-orders", stageName: "live", topicArn: "arn:topic" }));
  const alarms = Object.values(resources(json, "aws_cloudwatch_metric_alarm")) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  it("alarms on 5XX rate, 4XX/throttle rate and p99 latency, all notifying the topic", () => {
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(["acme-dev-orders-4xx-rate", "acme-dev-orders-5xx-rate", "acme-dev-orders-latency-p99"]);
    for (const a of alarms) expect(a.alarm_actions).toEqual(["arn:topic"]);
    expect(alarms.find((a) => a.alarm_name.endsWith("p99")).extended_statistic).toBe("p99");
  });
});

describe("PartnerUsagePlans", () => {
  it("creates a plan per partner with quota, throttle and keys", () => {
    const json = synthJson((s, provider) => new PartnerUsagePlans(s, "p", { provider, name: "acme-dev-pay", apiId: "abc", stageName: "live", plans: [{ name: "basic", quota: { limit: 10, period: "DAY" }, throttling: { rateLimit: 1, burstLimit: 2 }, apiKeys: ["a", "b"] }] }));
    expect(only(json, "aws_api_gateway_usage_plan")).toMatchObject({ quota_settings: { limit: 10, period: "DAY" }, throttle_settings: { rate_limit: 1, burst_limit: 2 } });
    expect(Object.keys(resources(json, "aws_api_gateway_api_key"))).toHaveLength(2);
    expect(JSON.stringify(resources(json, "aws_api_gateway_api_key"))).not.toMatch(/"value"/);
  });
});
