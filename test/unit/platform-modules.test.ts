import { DnsZone } from "../../modules/dns-zone";
import { DnsValidatedCertificate } from "../../modules/certificate";
import { RegionalCustomDomain } from "../../modules/custom-domain";
import { WebAcl, MANAGED_RULE_GROUPS } from "../../modules/web-acl";
import { GatewayAccountSettings } from "../../modules/gateway-account";
import { PrivateIngress } from "../../modules/private-ingress";
import { AuthorizerFunction } from "../../modules/authorizer-function";
import { PlatformContract, PlatformContractReader, CONTRACT_KEYS } from "../../modules/platform-contract";
import { fakeBundle, only, resources, synthJson } from "./helpers";

describe("DnsZone", () => {
  it("creates a protected zone by default", () => {
    const json = synthJson((s, provider) => new DnsZone(s, "zone", { provider, zoneName: "dev.example.com" }));
    expect(only(json, "aws_route53_zone").lifecycle.prevent_destroy).toBe(true);
  });
  it("can drop the protection (emulator environments)", () => {
    const json = synthJson((s, provider) => new DnsZone(s, "zone", { provider, zoneName: "dev.example.com", protectFromDestroy: false }));
    expect(only(json, "aws_route53_zone").lifecycle.prevent_destroy).toBe(false);
  });
  it("adopts an existing zone without creating one", () => {
    const json = synthJson((s, provider) => new DnsZone(s, "zone", { provider, zoneName: "example.com", existingZoneId: "Z123" }));
    expect(resources(json, "aws_route53_zone")).toEqual({});
    expect(Object.values(json.data.aws_route53_zone)[0]).toMatchObject({ zone_id: "Z123" });
  });
});

describe("DnsValidatedCertificate", () => {
  const json = synthJson((s, provider) => new DnsValidatedCertificate(s, "cert", { provider, domainName: "api.example.com", subjectAlternativeNames: ["api.example.com", "*.api.example.com"], zoneId: "Z1" }));
  it("uses DNS validation with create_before_destroy", () => {
    const cert = only(json, "aws_acm_certificate");
    expect(cert.validation_method).toBe("DNS");
    expect(cert.lifecycle.create_before_destroy).toBe(true);
  });
  it("drops the domain itself from the SANs", () => {
    expect(only(json, "aws_acm_certificate").subject_alternative_names).toEqual(["*.api.example.com"]);
  });
  it("writes one record per validation option and tolerates the wildcard/apex duplicate", () => {
    const rec = only(json, "aws_route53_record");
    expect(rec.for_each).toContain("domain_validation_options");
    expect(rec.allow_overwrite).toBe(true);
  });
  it("waits for validation on all records", () => {
    expect(only(json, "aws_acm_certificate_validation").validation_record_fqdns).toMatch(/for r in aws_route53_record\.\S+ : r\.fqdn/);
  });
});

describe("RegionalCustomDomain", () => {
  it("is REGIONAL with TLS_1_2 and A + AAAA aliases", () => {
    const json = synthJson((s, provider) => new RegionalCustomDomain(s, "d", { provider, domainName: "api.example.com", certificateArn: "arn:cert", zoneId: "Z1" }));
    const d = only(json, "aws_api_gateway_domain_name");
    expect(d.security_policy).toBe("TLS_1_2");
    expect(d.endpoint_configuration.types).toEqual(["REGIONAL"]);
    expect(d.mutual_tls_authentication).toBeUndefined();
    expect(Object.values(resources(json, "aws_route53_record")).map((r: any) => r.type).sort()).toEqual(["A", "AAAA"]); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
  it("configures mutual TLS from an S3 truststore", () => {
    const json = synthJson((s, provider) => new RegionalCustomDomain(s, "d", { provider, domainName: "api.example.com", certificateArn: "arn:cert", zoneId: "Z1", mutualTls: { truststoreBucket: "b", truststoreKey: "ca.pem", truststoreVersion: "v1" } }));
    expect(only(json, "aws_api_gateway_domain_name").mutual_tls_authentication).toEqual({ truststore_uri: "s3://b/ca.pem", truststore_version: "v1" });
  });
});

describe("WebAcl", () => {
  const json = synthJson((s, provider) => new WebAcl(s, "waf", { provider, name: "acme-dev", blockCidrs: ["203.0.113.0/24"], blockedCountries: ["KP"], logRetentionDays: 30 }));
  const acl = only(json, "aws_wafv2_web_acl");
  const rules: any[] = acl.rule; // eslint-disable-line @typescript-eslint/no-explicit-any
  it("is REGIONAL and carries every managed rule group, none with exclusions", () => {
    expect(acl.scope).toBe("REGIONAL");
    for (const g of MANAGED_RULE_GROUPS) {
      const rule = rules.find((r) => r.statement.managed_rule_group_statement?.name === g);
      expect(rule).toBeDefined();
      expect(rule.statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
    }
  });
  it("rate-limits per client IP", () => {
    expect(rules.find((r) => r.statement.rate_based_statement)?.statement.rate_based_statement).toEqual({ limit: 2000, aggregate_key_type: "IP" });
  });
  it("has CloudWatch metrics on every rule", () => {
    for (const r of rules) expect(r.visibility_config.cloudwatch_metrics_enabled).toBe(true);
  });
  it("writes statements in Terraform's snake_case (statements are untyped)", () => {
    const keys = (v: unknown): string[] => (v && typeof v === "object" ? Object.entries(v).flatMap(([k, c]) => [k, ...keys(c)]) : []);
    const all = rules.flatMap((r) => keys(r.statement));
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((k) => /[a-z][A-Z]/.test(k))).toEqual([]);
  });
  it("adds block lists and country blocks", () => {
    expect(rules.some((r) => r.statement.ip_set_reference_statement)).toBe(true);
    expect(rules.find((r) => r.statement.geo_match_statement)?.statement.geo_match_statement.country_codes).toEqual(["KP"]);
  });
  it("logs to aws-waf-logs-* with the authorization header redacted", () => {
    expect(only(json, "aws_cloudwatch_log_group").name).toMatch(/^aws-waf-logs-/);
    expect(only(json, "aws_wafv2_web_acl_logging_configuration").redacted_fields).toEqual([{ single_header: { name: "authorization" } }]);
  });
  it("rejects a nonsense rate limit, naming the construct", () => {
    expect(() => synthJson((s, provider) => new WebAcl(s, "waf", { provider, name: "x", rateLimitPerIp: 1, logRetentionDays: 30 }))).toThrow(/test\/waf: rateLimitPerIp .*got 1/);
  });
});

describe("GatewayAccountSettings", () => {
  const json = synthJson((s, provider) => new GatewayAccountSettings(s, "gw", { provider, name: "acme-dev", accountId: "111111111111", region: "eu-west-1" }));
  it("trusts only API Gateway on behalf of this account", () => {
    const trust = JSON.parse(only(json, "aws_iam_role").assume_role_policy);
    expect(trust.Statement[0].Principal).toEqual({ Service: "apigateway.amazonaws.com" });
    expect(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"]).toBe("111111111111");
  });
  it("grants only log actions in this account", () => {
    const policy = JSON.parse(only(json, "aws_iam_role_policy").policy);
    expect(policy.Statement[0].Action.every((a: string) => a.startsWith("logs:"))).toBe(true);
    expect(policy.Statement[0].Resource).toBe("arn:aws:logs:eu-west-1:111111111111:*");
  });
  it("sets the account's CloudWatch role", () => {
    expect(only(json, "aws_api_gateway_account").cloudwatch_role_arn).toMatch(/aws_iam_role\./);
  });
});

describe("PrivateIngress", () => {
  it("is an internal cross-zone NLB with a VPC link", () => {
    const json = synthJson((s, provider) => new PrivateIngress(s, "in", { provider, name: "acme-dev", subnetIds: ["subnet-1", "subnet-2"], deletionProtection: true }));
    const lb = only(json, "aws_lb");
    expect(lb).toMatchObject({ internal: true, load_balancer_type: "network", enable_cross_zone_load_balancing: true, enable_deletion_protection: true });
    expect(only(json, "aws_api_gateway_vpc_link").target_arns[0]).toMatch(/aws_lb\./);
  });
  it("refuses a single subnet", () => {
    expect(() => synthJson((s, provider) => new PrivateIngress(s, "in", { provider, name: "x", subnetIds: ["subnet-1"] }))).toThrow(/test\/in: needs subnets in at least two/);
  });
});

describe("AuthorizerFunction", () => {
  const base = { name: "acme-dev", accountId: "111111111111", region: "eu-west-1", issuer: "https://login.example.com/", audience: ["a", "b"], routesParameterPrefix: "/acme/dev/authz/", logRetentionDays: 30 };
  const json = synthJson((s, provider) => new AuthorizerFunction(s, "authz", { provider, bundle: fakeBundle(), ...base }));
  const fn = only(json, "aws_lambda_function");
  it("has tracing, reserved concurrency and a timeout well under 29 s", () => {
    expect(fn.tracing_config.mode).toBe("Active");
    expect(fn.reserved_concurrent_executions).toBe(10);
    expect(fn.timeout).toBeLessThan(29);
  });
  it("gets its configuration from environment variables (no secrets)", () => {
    expect(fn.environment.variables).toMatchObject({ OIDC_ISSUER: base.issuer, OIDC_AUDIENCE: "a,b", ROUTES_PARAMETER_PREFIX: "/acme/dev/authz/" });
  });
  it("source_code_hash is the base64 SHA-256 Lambda reports (no perpetual diff)", () => {
    expect(fn.source_code_hash).toBe(Buffer.from("a".repeat(64), "hex").toString("base64"));
  });
  it("may only write its own logs, send traces and read the route tables", () => {
    const policy = JSON.parse(only(json, "aws_iam_role_policy").policy);
    const actions = policy.Statement.flatMap((s: any) => s.Action); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(actions.sort()).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "ssm:GetParameter", "xray:PutTelemetryRecords", "xray:PutTraceSegments"]);
    expect(policy.Statement.find((s: any) => s.Action.includes("ssm:GetParameter")).Resource).toBe("arn:aws:ssm:eu-west-1:111111111111:parameter/acme/dev/authz/*"); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
  it("has its own log group with retention", () => {
    expect(only(json, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/lambda/acme-dev-jwt-authorizer", retention_in_days: 30 });
  });
  it("refuses a timeout at API Gateway's limit", () => {
    expect(() => synthJson((s, provider) => new AuthorizerFunction(s, "authz", { provider, bundle: fakeBundle(), ...base, timeoutSeconds: 29 }))).toThrow(/test\/authz: timeoutSeconds/);
  });
});

describe("PlatformContract", () => {
  const values = Object.fromEntries(CONTRACT_KEYS.filter((k) => k !== "contract-version").map((k) => [k, `v-${k}`])) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  it("publishes every key under the prefix", () => {
    const json = synthJson((s, provider) => new PlatformContract(s, "c", { provider, prefix: "/acme/dev/platform/", values }));
    const names = Object.values(resources(json, "aws_ssm_parameter")).map((p: any) => p.name).sort(); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(names).toEqual(CONTRACT_KEYS.map((k) => `/acme/dev/platform/${k}`).sort());
  });
  it("refuses a missing value", () => {
    expect(() => synthJson((s, provider) => new PlatformContract(s, "c", { provider, prefix: "/acme/dev/platform/", values: { ...values, "vpc-link-id": "" } }))).toThrow(/test\/c: contract value 'vpc-link-id'/);
  });
  it("the reader reads through data sources and refuses keys it did not request", () => {
    let reader: PlatformContractReader | undefined;
    const json = synthJson((s, provider) => (reader = new PlatformContractReader(s, "r", { provider, prefix: "/acme/dev/platform/", keys: ["vpc-link-id"] })));
    expect(Object.values(json.data.aws_ssm_parameter).map((p: any) => p.name)).toEqual(["/acme/dev/platform/vpc-link-id"]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(() => reader!.get("nlb-arn")).toThrow(/not requested/);
  });
  it("refuses a malformed prefix", () => {
    expect(() => synthJson((s, provider) => new PlatformContractReader(s, "r", { provider, prefix: "acme/dev" }))).toThrow(/prefix must look like/);
  });
});
