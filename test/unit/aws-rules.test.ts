/**
 * AWS's own rules (config/aws-rules.ts, config/aws/*): a corpus of realistic mistakes, each
 * refused with its field path and value before anything is written (exit code 1), and each
 * rule's valid neighbour accepted. A sample runs through the real `npm run synth -- --config`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ConfigError, loadEnvironmentFile, validateEnvironment } from "../../config/load";
import { EXIT } from "../../cli";
import { synthesize } from "../../synth";
import { devFixture } from "../fixtures/env";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROOT = path.resolve(__dirname, "../..");

const PROD = (e: Raw) => {
  e.tier = "prod";
  e.edge.logRetentionDays = 365;
  e.apps[0].cors.allowOrigins = ["https://shop.example.com"];
};
const prod = (edit: (e: Raw) => void) => (e: Raw) => {
  PROD(e);
  edit(e);
};
const route = (method: string, p: string, extra: Raw = {}) => ({ method, path: p, scopes: ["orders:read"], ...extra });
const future = "2999-12-31";

interface Case {
  readonly name: string;
  readonly bad: (e: Raw) => void;
  readonly path: string;
  readonly value: unknown;
  readonly message: RegExp;
  /** The valid neighbour: a close edit the same rule accepts. */
  readonly ok?: (e: Raw) => void;
}

const CASES: Case[] = [
  // --- naming (generated names) and construct ids
  { name: "route throttling ids clash (/a.b vs /a_b)", bad: (e) => e.apps[0].routes.push(route("GET", "/a.b", { throttling: { rateLimit: 1, burstLimit: 1 } }), route("GET", "/a_b", { throttling: { rateLimit: 1, burstLimit: 1 } })), path: "apps[0].routes[5].path", value: "/a_b", message: /same resource id as apps\[0\]\.routes\[4\]\.path/, ok: (e) => e.apps[0].routes.push(route("GET", "/a.b", { throttling: { rateLimit: 1, burstLimit: 1 } }), route("GET", "/a_b")) },
  { name: "API key ids clash (plan a-b key c vs plan a key b-c)", bad: (e) => e.apps[1].usagePlans.push({ ...e.apps[1].usagePlans[0], name: "partner", apiKeys: ["basic-partner-a"] }), path: "apps[1].usagePlans[1].apiKeys[0]", value: "basic-partner-a", message: /same resource id as apps\[1\]\.usagePlans\[0\]\.apiKeys\[0\]/, ok: (e) => e.apps[1].usagePlans.push({ ...e.apps[1].usagePlans[0], name: "partner", apiKeys: ["b"] }) },
  { name: "deploy role name too long for its policies' prefix", bad: (e) => (e.accounts.deployRoleName = "r".repeat(65)), path: "accounts.deployRoleName", value: "r".repeat(65), message: /must match|64|iamRole/, ok: (e) => (e.accounts.deployRoleName = "r".repeat(64)) },
  { name: "deploy role inside the prefix it may edit", bad: (e) => (e.accounts.deployRoleName = "acme-dev-deployer"), path: "accounts.deployRoleName", value: "acme-dev-deployer", message: /rewrite its own permissions/, ok: (e) => (e.accounts.deployRoleName = "acme-deployer") },
  // --- routes (API Gateway REST resources)
  { name: "sibling variables {id} and {orderId} under one parent", bad: (e) => e.apps[0].routes.push(route("DELETE", "/{id}")), path: "apps[0].routes[4].path", value: "/{id}", message: /one variable per level/, ok: (e) => e.apps[0].routes.push(route("DELETE", "/{orderId}")) },
  { name: "sibling variables one level down", bad: (e) => e.apps[0].routes.push(route("GET", "/a/{x}"), route("GET", "/a/{y}/z")), path: "apps[0].routes[5].path", value: "/a/{y}/z", message: /one variable per level/, ok: (e) => e.apps[0].routes.push(route("GET", "/a/{x}"), route("GET", "/b/{y}/z")) },
  { name: "greedy variable and a plain variable as siblings", bad: (e) => e.apps[0].routes.push(route("GET", "/{proxy+}")), path: "apps[0].routes[4].path", value: "/{proxy+}", message: /\{proxy\+\}.*\{orderId\}/, ok: (e) => e.apps[0].routes.push(route("GET", "/x/{proxy+}")) },
  { name: "greedy variable not last", bad: (e) => e.apps[0].routes.push(route("GET", "/files/{path+}/meta")), path: "apps[0].routes[4].path", value: "/files/{path+}/meta", message: /must be the last segment/, ok: (e) => e.apps[0].routes.push(route("GET", "/files/{path+}")) },
  { name: "the same variable twice in one path", bad: (e) => e.apps[0].routes.push(route("GET", "/{orderId}/lines/{orderId}")), path: "apps[0].routes[4].path", value: "/{orderId}/lines/{orderId}", message: /appears twice/, ok: (e) => e.apps[0].routes.push(route("GET", "/{orderId}/lines/{lineId}")) },
  { name: "dot segment in a route", bad: (e) => e.apps[0].routes.push(route("GET", "/a/../b")), path: "apps[0].routes[4].path", value: "/a/../b", message: /dot segments/, ok: (e) => e.apps[0].routes.push(route("GET", "/a/..b")) },
  { name: "duplicate method + resource spelled with other variable names", bad: (e) => { e.apps[0].routes = [route("GET", "/{a}/x"), route("GET", "/{a}/y"), route("GET", "/{a}/x", { scopes: ["y"] })]; }, path: "apps[0].routes[2]", value: "GET /{a}/x", message: /duplicate route/, ok: (e) => { e.apps[0].routes = [route("GET", "/{a}/x"), route("POST", "/{a}/x")]; } },
  // --- base paths
  { name: "base path '..' segment", bad: (e) => (e.apps[0].basePath = "orders/.."), path: "apps[0].basePath", value: "orders/..", message: /'\.' or '\.\.'/, ok: (e) => (e.apps[0].basePath = "orders/v1.2") },
  { name: "base path '.' segment", bad: (e) => (e.apps[0].basePath = "./orders"), path: "apps[0].basePath", value: "./orders", message: /'\.' or '\.\.'/, ok: (e) => (e.apps[0].basePath = "orders.v2") },
  { name: "base path with '~' (not in API Gateway's set)", bad: (e) => (e.apps[0].basePath = "~orders"), path: "apps[0].basePath", value: "~orders", message: /'~' is not allowed/, ok: (e) => (e.apps[0].basePath = "orders_v2") },
  { name: "base path too long", bad: (e) => (e.apps[0].basePath = "a".repeat(256)), path: "apps[0].basePath", value: "a".repeat(256), message: /255/, ok: (e) => (e.apps[0].basePath = "a".repeat(255)) },
  // --- CIDRs
  { name: "octet above 255", bad: (e) => (e.edge.waf.allowCidrs = ["300.10.0.0/16"]), path: "edge.waf.allowCidrs[0]", value: "300.10.0.0/16", message: /above 255/, ok: (e) => (e.edge.waf.allowCidrs = ["203.10.0.0/16"]) },
  { name: "host bits set", bad: (e) => (e.edge.waf.blockCidrs = ["10.0.0.1/8"]), path: "edge.waf.blockCidrs[0]", value: "10.0.0.1/8", message: /host bits.*10\.0\.0\.0\/8/, ok: (e) => (e.edge.waf.blockCidrs = ["10.0.0.1/32"]) },
  { name: "IPv4 prefix above 32", bad: (e) => (e.apps[0].denyCidrs = ["10.0.0.0/33"]), path: "apps[0].denyCidrs[0]", value: "10.0.0.0/33", message: /./, ok: (e) => (e.apps[0].denyCidrs = ["10.0.0.0/32"]) },
  { name: "IPv6 prefix above 128", bad: (e) => (e.edge.waf.blockCidrs = ["2001:db8::/129"]), path: "edge.waf.blockCidrs[0]", value: "2001:db8::/129", message: /longer than IPv6/, ok: (e) => (e.edge.waf.blockCidrs = ["2001:db8::/128"]) },
  { name: "IPv6 with two '::'", bad: (e) => (e.edge.waf.blockCidrs = ["2001::db8::/64"]), path: "edge.waf.blockCidrs[0]", value: "2001::db8::/64", message: /only once/, ok: (e) => (e.edge.waf.blockCidrs = ["2001:0:db8::/64"]) },
  { name: "IPv6 host bits", bad: (e) => (e.apps[1].denyCidrs = ["2001:db8::1/64"]), path: "apps[1].denyCidrs[0]", value: "2001:db8::1/64", message: /host bits/, ok: (e) => (e.apps[1].denyCidrs = ["2001:db8::/64"]) },
  { name: "leading zero octet", bad: (e) => (e.edge.waf.allowCidrs = ["010.0.0.0/8"]), path: "edge.waf.allowCidrs[0]", value: "010.0.0.0/8", message: /leading zero/, ok: (e) => (e.edge.waf.allowCidrs = ["10.0.0.0/8"]) },
  { name: "WAF /0 in the block list (AWS refuses /0)", bad: (e) => (e.edge.waf.blockCidrs = ["0.0.0.0/0"]), path: "edge.waf.blockCidrs[0]", value: "0.0.0.0/0", message: /\/0/, ok: (e) => (e.edge.waf.blockCidrs = ["0.0.0.0/1"]) },
  { name: "allow-list of two halves covers all of IPv4", bad: (e) => (e.edge.waf.allowCidrs = ["0.0.0.0/1", "128.0.0.0/1"]), path: "edge.waf.allowCidrs", value: ["0.0.0.0/1", "128.0.0.0/1"], message: /whole IPv4/, ok: (e) => (e.edge.waf.allowCidrs = ["0.0.0.0/1", "128.0.0.0/2"]) },
  { name: "allow-list of many blocks covers all of IPv6", bad: (e) => (e.edge.waf.allowCidrs = ["::/1", "8000::/2", "c000::/2"]), path: "edge.waf.allowCidrs", value: ["::/1", "8000::/2", "c000::/2"], message: /whole IPv6/, ok: (e) => (e.edge.waf.allowCidrs = ["::/1", "8000::/2"]) },
  { name: "prod allow-list of a quarter of IPv4", bad: prod((e) => (e.edge.waf.allowCidrs = ["0.0.0.0/2"])), path: "edge.waf.allowCidrs", value: ["0.0.0.0/2"], message: /25% of the IPv4/, ok: prod((e) => (e.edge.waf.allowCidrs = ["198.51.100.0/24"])) },
  { name: "deny list covering every caller", bad: (e) => (e.apps[0].denyCidrs = ["0.0.0.0/1", "128.0.0.0/1"]), path: "apps[0].denyCidrs", value: ["0.0.0.0/1", "128.0.0.0/1"], message: /deny every caller/, ok: (e) => (e.apps[0].denyCidrs = ["0.0.0.0/1"]) },
  { name: "duplicate block (after normalising the IPv6 text)", bad: (e) => (e.edge.waf.blockCidrs = ["2001:db8::/32", "2001:0db8:0000::/32"]), path: "edge.waf.blockCidrs[1]", value: "2001:0db8:0000::/32", message: /same block/, ok: (e) => (e.edge.waf.blockCidrs = ["2001:db8::/32", "2001:db9::/32"]) },
  // --- ARNs and AZs
  { name: "ALB ARN of another partition", bad: (e) => (e.apps[0].backend.albArn = e.apps[0].backend.albArn.replace("arn:aws:", "arn:aws-cn:")), path: "apps[0].backend.albArn", value: "arn:aws-cn:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/orders-internal/50dc6c495c0c9188", message: /partition 'aws-cn'/ },
  { name: "SNS topic in another region", bad: (e) => (e.alarms = { snsTopicArn: "arn:aws:sns:us-east-1:111111111111:alarms" }), path: "alarms.snsTopicArn", value: "arn:aws:sns:us-east-1:111111111111:alarms", message: /region 'us-east-1'/, ok: (e) => (e.alarms = { snsTopicArn: "arn:aws:sns:eu-west-1:111111111111:alarms" }) },
  { name: "SNS topic of another partition", bad: (e) => (e.alarms = { snsTopicArn: "arn:aws-us-gov:sns:eu-west-1:111111111111:alarms" }), path: "alarms.snsTopicArn", value: "arn:aws-us-gov:sns:eu-west-1:111111111111:alarms", message: /partition/ },
  { name: "pipeline role of another partition", bad: (e) => (e.accounts.pipeline = { principalArn: "arn:aws-cn:iam::123456789012:role/ci" }), path: "accounts.pipeline.principalArn", value: "arn:aws-cn:iam::123456789012:role/ci", message: /partition/, ok: (e) => (e.accounts.pipeline = { principalArn: "arn:aws:iam::123456789012:role/ci" }) },
  { name: "platform subnet AZ of another region", bad: (e) => (e.network.subnets[1].az = "eu-central-1b"), path: "network.subnets[1].az", value: "eu-central-1b", message: /not in the environment's region eu-west-1/, ok: (e) => (e.network.subnets[1].az = "eu-west-1c") },
  { name: "app subnet AZ id of another region", bad: (e) => (e.apps[0].backend.subnets[0].az = "use1-az1"), path: "apps[0].backend.subnets[0].az", value: "use1-az1", message: /euw1-az1/, ok: (e) => (e.apps[0].backend.subnets[0].az = "euw1-az3") },
  { name: "three platform subnets, two in one AZ", bad: (e) => e.network.subnets.push({ id: "subnet-0a1b2c3d4e5f60013", az: "eu-west-1a" }), path: "network.subnets[2].az", value: "eu-west-1a", message: /one subnet per Availability Zone/, ok: (e) => e.network.subnets.push({ id: "subnet-0a1b2c3d4e5f60013", az: "eu-west-1c" }) },
  { name: "app subnets, two in one AZ", bad: (e) => e.apps[0].backend.subnets.push({ id: "subnet-0b1b2c3d4e5f60023", az: "eu-west-1b" }), path: "apps[0].backend.subnets[2].az", value: "eu-west-1b", message: /one subnet per Availability Zone/ },
  { name: "orgPrefix 'internal' gives an ELB name ELB refuses", bad: (e) => (e.orgPrefix = "internal"), path: "orgPrefix", value: "internal-dev-ingress", message: /internal-/, ok: (e) => (e.orgPrefix = "intern") },
  { name: "orgPrefix 'ssmco' puts SSM parameters under the reserved ssm prefix", bad: (e) => (e.orgPrefix = "ssmco"), path: "orgPrefix", value: "/ssmco/dev/platform/domain-name", message: /not under \/aws or \/ssm/, ok: (e) => (e.orgPrefix = "smco") },
  { name: "more than 50 tags per resource", bad: (e) => (e.tags = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`T${i}`, "x"]))), path: "tags", value: 47, message: /50 tags/, ok: (e) => (e.tags = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`T${i}`, "x"]))) },
  { name: "environment promoting from itself", bad: (e) => (e.promotesFrom = "dev"), path: "promotesFrom", value: "dev", message: /itself/, ok: (e) => (e.promotesFrom = "sandbox") },
  { name: "CORS header name with a space", bad: (e) => (e.apps[0].cors.allowHeaders = ["Content Type"]), path: "apps[0].cors.allowHeaders[0]", value: "Content Type", message: /header name/, ok: (e) => (e.apps[0].cors.allowHeaders = ["Content-Type", "X-Request-Id"]) },
  // --- formats
  { name: "country code UK", bad: (e) => (e.edge.waf.blockedCountries = ["UK"]), path: "edge.waf.blockedCountries[0]", value: "UK", message: /GB/, ok: (e) => (e.edge.waf.blockedCountries = ["GB"]) },
  { name: "country code not assigned (XX)", bad: (e) => (e.edge.waf.blockedCountries = ["RU", "XX"]), path: "edge.waf.blockedCountries[1]", value: "XX", message: /ISO 3166-1/, ok: (e) => (e.edge.waf.blockedCountries = ["RU", "XK"]) },
  { name: "country code EU", bad: (e) => (e.edge.waf.blockedCountries = ["EU"]), path: "edge.waf.blockedCountries[0]", value: "EU", message: /ISO 3166-1/, ok: (e) => (e.edge.waf.blockedCountries = ["EE"]) },
  { name: "tag key with aws: prefix", bad: (e) => (e.tags = { "aws:team": "x" }), path: 'tags["aws:team"]', value: "aws:team", message: /aws:/, ok: (e) => (e.tags = { "awsteam:x": "x" }) },
  { name: "tag key with AWS: prefix (any case)", bad: (e) => (e.tags = { "AWS:Team": "x" }), path: 'tags["AWS:Team"]', value: "AWS:Team", message: /aws:/ },
  { name: "tag value with a forbidden character", bad: (e) => (e.tags = { Team: "a;b" }), path: 'tags["Team"]', value: "a;b", message: /tag values may contain/, ok: (e) => (e.tags = { Team: "a:b @c" }) },
  { name: "tag value over 256 characters", bad: (e) => (e.tags = { Team: "x".repeat(257) }), path: 'tags["Team"]', value: "x".repeat(257), message: /256/, ok: (e) => (e.tags = { Team: "x".repeat(256) }) },
  { name: "tag key that the project sets itself", bad: (e) => (e.tags = { environment: "x" }), path: 'tags["environment"]', value: "environment", message: /silently replaced/, ok: (e) => (e.tags = { EnvironmentClass: "x" }) },
  { name: "owner team that is not a valid tag value", bad: (e) => (e.apps[0].owner.team = "orders&co"), path: "apps[0].owner.team", value: "orders&co", message: /Owner tag/, ok: (e) => (e.apps[0].owner.team = "orders+co") },
  { name: "state bucket with adjacent periods", bad: (e) => (e.state.bucket = "acme..state"), path: "state.bucket", value: "acme..state", message: /adjacent periods/, ok: (e) => (e.state.bucket = "acme.state") },
  { name: "state bucket formatted as an IP", bad: (e) => (e.state.bucket = "192.168.5.4"), path: "state.bucket", value: "192.168.5.4", message: /IP address/, ok: (e) => (e.state.bucket = "192.168.5.4a") },
  { name: "state bucket with reserved prefix xn--", bad: (e) => (e.state.bucket = "xn--state"), path: "state.bucket", value: "xn--state", message: /xn--/, ok: (e) => (e.state.bucket = "xn-state") },
  { name: "state bucket with reserved suffix -s3alias", bad: (e) => (e.state.bucket = "acme-state-s3alias"), path: "state.bucket", value: "acme-state-s3alias", message: /-s3alias/, ok: (e) => (e.state.bucket = "acme-state-s3") },
  { name: "truststore bucket given as an s3:// URI", bad: (e) => (e.domain.mtls = { truststoreBucket: "s3://acme-trust", truststoreKey: "ca.pem" }), path: "domain.mtls.truststoreBucket", value: "s3://acme-trust", message: /bucket name only/, ok: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem" }) },
  { name: "truststore bucket with upper case", bad: (e) => (e.domain.mtls = { truststoreBucket: "Acme-Trust", truststoreKey: "ca.pem" }), path: "domain.mtls.truststoreBucket", value: "Acme-Trust", message: /lower-case/ },
  { name: "truststore key with a leading '/'", bad: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "/certs/ca.pem" }), path: "domain.mtls.truststoreKey", value: "/certs/ca.pem", message: /must not start with '\/'/, ok: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "certs/ca.pem" }) },
  { name: "CORS origin with a path", bad: (e) => (e.apps[0].cors.allowOrigins = ["https://shop.example.com/app"]), path: "apps[0].cors.allowOrigins[0]", value: "https://shop.example.com/app", message: /without a path/, ok: (e) => (e.apps[0].cors.allowOrigins = ["https://shop.example.com"]) },
  { name: "CORS origin with a trailing '/'", bad: (e) => (e.apps[0].cors.allowOrigins = ["https://shop.example.com/"]), path: "apps[0].cors.allowOrigins[0]", value: "https://shop.example.com/", message: /trailing/ },
  { name: "CORS origin with a wildcard subdomain", bad: (e) => (e.apps[0].cors.allowOrigins = ["https://*.example.com"]), path: "apps[0].cors.allowOrigins[0]", value: "https://*.example.com", message: /wildcards inside an origin/, ok: (e) => (e.apps[0].cors.allowOrigins = ["https://a.example.com", "https://b.example.com"]) },
  { name: "CORS origin with the default port", bad: (e) => (e.apps[0].cors.allowOrigins = ["https://shop.example.com:443"]), path: "apps[0].cors.allowOrigins[0]", value: "https://shop.example.com:443", message: /default port/, ok: (e) => (e.apps[0].cors.allowOrigins = ["https://shop.example.com:8443"]) },
  { name: "CORS origin with upper-case host", bad: (e) => (e.apps[0].cors.allowOrigins = ["https://Shop.example.com"]), path: "apps[0].cors.allowOrigins[0]", value: "https://Shop.example.com", message: /lower case/ },
  { name: "CORS http origin in prod", bad: prod((e) => (e.apps[0].cors.allowOrigins = ["http://shop.example.com"])), path: "apps[0].cors.allowOrigins[0]", value: "http://shop.example.com", message: /https origins only/, ok: (e) => (e.apps[0].cors.allowOrigins = ["http://shop.example.com"]) },
  { name: "CORS '*' mixed with origins", bad: (e) => (e.apps[0].cors.allowOrigins = ["*", "https://shop.example.com"]), path: "apps[0].cors.allowOrigins", value: ["*", "https://shop.example.com"], message: /cannot be combined/, ok: (e) => (e.apps[0].cors.allowOrigins = ["*"]) },
  // --- input hygiene
  { name: "prod on local state", bad: prod((e) => (e.state = { backend: "local" })), path: "state.backend", value: "local", message: /s3 backend/, ok: (e) => (e.state = { backend: "local" }) },
  // --- suppressions
  { name: "suppression of rule '*'", bad: (e) => (e.suppressions = [{ rule: "*", resource: "dev-platform/aws_lb.x", reason: "silence everything please" }]), path: "suppressions[0].rule", value: "*", message: /exactly one rule id/, ok: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "dev-platform/aws_lb.x", reason: "no access log bucket yet" }]) },
  { name: "suppression of a rule glob", bad: (e) => (e.suppressions = [{ rule: "AOA-WAF-*", resource: "dev-platform/aws_lb.x", reason: "silence the WAF rules" }]), path: "suppressions[0].rule", value: "AOA-WAF-*", message: /exactly one rule id/ },
  { name: "suppression of an unknown rule", bad: (e) => (e.suppressions = [{ rule: "AOA-NOPE-001", resource: "dev-platform/aws_lb.x", reason: "typo in the rule id" }]), path: "suppressions[0].rule", value: "AOA-NOPE-001", message: /names no rule/ },
  { name: "suppression on every stack", bad: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "*/*", reason: "no access log bucket yet" }]), path: "suppressions[0].resource", value: "*/*", message: /stack must be named exactly/ },
  { name: "suppression on a stack of another environment", bad: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "prod-platform/aws_lb.x", reason: "no access log bucket yet" }]), path: "suppressions[0].resource", value: "prod-platform/aws_lb.x", message: /names no stack of this environment/ },
  { name: "suppression on any resource type", bad: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "dev-platform/*", reason: "no access log bucket yet" }]), path: "suppressions[0].resource", value: "dev-platform/*", message: /the type exactly/, ok: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "dev-platform/aws_lb.*", reason: "no access log bucket yet" }]) },
  { name: "prod suppression with a resource glob", bad: prod((e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "dev-platform/aws_lb.*", reason: "no access log bucket yet" }])), path: "suppressions[0].resource", value: "dev-platform/aws_lb.*", message: /one resource exactly/ },
  { name: "prod suppression of an error rule without expiry", bad: prod((e) => (e.suppressions = [{ rule: "AOA-WAF-008", resource: "dev-platform/aws_wafv2_ip_set.x", reason: "temporary partner range", approvedBy: "sec-team" }])), path: "suppressions[0].expires", value: undefined, message: /expiry date/, ok: prod((e) => (e.suppressions = [{ rule: "AOA-WAF-008", resource: "dev-platform/aws_wafv2_ip_set.x", reason: "temporary partner range", approvedBy: "sec-team", expires: future }])) },
  { name: "prod suppression of an error rule without approver", bad: prod((e) => (e.suppressions = [{ rule: "AOA-WAF-008", resource: "dev-platform/aws_wafv2_ip_set.x", reason: "temporary partner range", expires: future }])), path: "suppressions[0].approvedBy", value: undefined, message: /approver/ },
  { name: "expired suppression", bad: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "dev-platform/aws_lb.x", reason: "no access log bucket yet", expires: "2020-01-31" }]), path: "suppressions[0].expires", value: "2020-01-31", message: /expired/, ok: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "dev-platform/aws_lb.x", reason: "no access log bucket yet", expires: future }]) },
  { name: "suppression expiry not a date", bad: (e) => (e.suppressions = [{ rule: "AOA-ELB-003", resource: "dev-platform/aws_lb.x", reason: "no access log bucket yet", expires: "next week" }]), path: "suppressions[0].expires", value: "next week", message: /YYYY-MM-DD/ },
  // --- SSM limits
  { name: "authorizer route table over 8 KB", bad: (e) => (e.apps[0].routes = Array.from({ length: 120 }, (_, i) => route("GET", `/r${i}/items`, { scopes: [`orders:scope-with-a-long-name-${i}`] }))), path: "apps[0].routes", value: 120, message: /8 KB/, ok: (e) => (e.apps[0].routes = Array.from({ length: 60 }, (_, i) => route("GET", `/r${i}/items`, { scopes: [`orders:scope-with-a-long-name-${i}`] }))) },
];

function problemsOf(edit: (e: Raw) => void) {
  const r = validateEnvironment(devFixture(edit));
  return r.ok ? [] : r.problems;
}

describe("the baseline is valid", () => {
  it("dev fixture and its prod variant have no problems", () => {
    expect(problemsOf(() => {})).toEqual([]);
    expect(problemsOf(PROD)).toEqual([]);
  });
  it("has at least 60 distinct bad-config cases", () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });
});

describe("each bad config: exit 1, field path, value, nothing written", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-awsrules-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  it.each(CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_n, c, i) => {
    const file = path.join(work, `case-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(devFixture(c.bad), null, 2));
    const outdir = path.join(work, `out-${i}`);
    const err = await synthesize({ configFiles: [file], outdir, authorizerBundle: { zipPath: "unused", sha256: "0".repeat(64) } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError); // cli/run maps ConfigError to EXIT.error (1)
    const problems = (err as ConfigError).problems;
    const hit = problems.find((p) => p.path === c.path && c.message.test(p.message));
    if (!hit) throw new Error(`expected ${c.path} ~ ${c.message}; got:\n${(err as Error).message}`);
    expect(hit.value).toEqual(c.value);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe("each rule's valid neighbour is accepted", () => {
  it.each(CASES.filter((c) => c.ok).map((c) => [c.name, c] as const))("%s", (_n, c) => {
    expect(problemsOf(c.ok!).map((p) => `${p.path}: ${p.message}`)).toEqual([]);
  });
});

describe("all problems at once", () => {
  it("fourteen AWS-rule mistakes in one file are all listed", () => {
    const names = ["sibling variables {id} and {orderId} under one parent", "base path '..' segment", "octet above 255", "host bits set", "IPv6 host bits", "SNS topic in another region", "platform subnet AZ of another region", "app subnet AZ id of another region", "country code UK", "tag key with aws: prefix", "state bucket with adjacent periods", "CORS origin with a path", "suppression of rule '*'", "truststore key with a leading '/'"];
    const many = names.map((n) => CASES.find((c) => c.name === n)!);
    // edits that touch different fields
    const all = problemsOf((e) => many.forEach((c) => c.bad(e)));
    const missing = many.filter((c) => !all.some((p) => p.path === c.path)).map((c) => c.name);
    expect(missing).toEqual([]);
  });
});

describe("JSON environment files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-json-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const load = async (text: string) => {
    const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, text);
    return synthesize({ configFiles: [file], outdir: path.join(dir, "out"), authorizerBundle: { zipPath: "x", sha256: "0".repeat(64) } }).then(() => undefined, (e: unknown) => e as ConfigError);
  };
  it("a duplicated app key is an error naming its path (JSON.parse would drop one app)", async () => {
    const text = JSON.stringify(devFixture(), null, 2).replace('"name": "payments"', '"name": "payments",\n      "name": "refunds"');
    const err = await load(text);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems[0]).toMatchObject({ path: "apps[1].name", value: "refunds" });
    expect(err!.problems[0].message).toMatch(/duplicate key \(line \d+, column \d+; first at line \d+/);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });
  it("duplicated top-level keys are all reported", async () => {
    const err = await load('{"name": "dev", "tier": "dev", "name": "dev2", "tier": "prod"}');
    expect(err!.problems.map((p) => p.path)).toEqual(["name", "tier"]);
  });
  it("a syntax error gives line and column", async () => {
    const err = await load('{\n  "name": "dev",\n  "tier": "dev",\n}\n');
    expect(err!.message).toMatch(/line 4, column 1/);
  });
  it("the valid neighbour: the same keys in different objects are fine", async () => {
    const file = path.join(dir, "good.json");
    fs.writeFileSync(file, JSON.stringify(devFixture(), null, 2));
    expect(loadEnvironmentFile(file).apps.map((a) => a.name)).toEqual(["orders", "payments"]);
  });
});

describe("through the real command: npm run synth -- --config <file>", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-cli-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sample = ["sibling variables {id} and {orderId} under one parent", "allow-list of two halves covers all of IPv4", "country code UK", "suppression on every stack"];
  it.each(sample)("%s", (name) => {
    const c = CASES.find((k) => k.name === name)!;
    const file = path.join(dir, "env.json");
    fs.writeFileSync(file, JSON.stringify(devFixture(c.bad)));
    const out = path.join(dir, "out");
    const r = spawnSync("npm", ["run", "--silent", "synth", "--", "--config", file, "--out", out], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
    expect(r.status).toBe(EXIT.error);
    expect(r.stderr).toContain("nothing was written");
    expect(r.stderr).toContain(`${c.path}:`);
    expect(r.stderr).toContain(JSON.stringify(c.value).slice(0, 60));
    expect(fs.existsSync(out)).toBe(false);
  }, 60000);
});

describe("ARN partition follows the Region in what the stacks write", () => {
  it("a cn-north-1 environment assumes arn:aws-cn roles (providers, backend, endpoint service principal)", () => {
    const r = validateEnvironment(
      devFixture((e) => {
        e.region = "cn-north-1";
        e.state.region = "cn-north-1";
        for (const s of [...e.network.subnets, ...e.apps.flatMap((a: Raw) => a.backend.subnets)]) s.az = s.az.replace("eu-west-1", "cn-north-1");
        for (const a of e.apps) a.backend.albArn = a.backend.albArn.replace("arn:aws:", "arn:aws-cn:").replace("eu-west-1", "cn-north-1");
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const { App } = jest.requireActual("cdktf") as typeof import("cdktf");
    const { addEnvironment } = jest.requireActual("../../stacks") as typeof import("../../stacks");
    const { fakeBundle } = jest.requireActual("./helpers") as typeof import("./helpers");
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-cn-"));
    try {
      const app = new App({ outdir, stackTraces: false });
      addEnvironment(app, r.env, { authorizerBundle: fakeBundle(), only: ["dev-app-orders"] });
      app.synth();
      const text = fs.readFileSync(path.join(outdir, "stacks", "dev-app-orders", "cdk.tf.json"), "utf8");
      expect(text).toContain("arn:aws-cn:iam::111111111111:role/aoa-deployer");
      expect(text).not.toMatch(/arn:aws:iam::/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
