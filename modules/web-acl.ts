import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2IpSet } from "@cdktf/provider-aws/lib/wafv2-ip-set";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { awsName, derivedNames } from "../config/naming";

export interface WebAclProps {
  readonly provider: TerraformProvider;
  /** Name prefix, e.g. `acme-dev`. */
  readonly name: string;
  /** Requests per 5 minutes from one client IP before it is blocked. @default 2000 */
  readonly rateLimitPerIp?: number;
  /** CIDRs always allowed (evaluated first). @default none */
  readonly allowCidrs?: readonly string[];
  /** CIDRs always blocked. @default none */
  readonly blockCidrs?: readonly string[];
  /** ISO alpha-2 country codes to block. @default none */
  readonly blockedCountries?: readonly string[];
  /** Retention of the WAF log group. */
  readonly logRetentionDays: number;
}

/** The managed rule groups every stage gets (name, priority). Log4J is part of KnownBadInputs and is never excluded. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: awsName("wafMetric", metricName) });

/**
 * The environment's REGIONAL WAFv2 web ACL, associated with every app stage: IP allow/block
 * sets, country blocks, AWS managed rule groups, a per-IP rate limit, CloudWatch metrics on every
 * rule, and logging to `aws-waf-logs-<name>` with the `authorization` header redacted.
 */
export class WebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const rate = props.rateLimitPerIp ?? 2000;
    if (!Number.isInteger(rate) || rate < 10) throw new Error(`${this.node.path}: rateLimitPerIp must be an integer >= 10 (got ${rate})`);
    // Rule `statement`s are typed `any` in the provider bindings: their keys must be Terraform's snake_case.
    const rules: Wafv2WebAclRule[] = [];
    let priority = 0;
    // WAF IP sets hold one address family each (IPAddressVersion IPV4 | IPV6; AWS WAFV2 API_CreateIPSet):
    // IPv6 ranges go to a set of their own, IPv4 ones keep the original set (and its Terraform address).
    const ipSet = (kind: "allow" | "block", cidrs: readonly string[], v6: boolean) =>
      new Wafv2IpSet(this, `${kind}-ips${v6 ? "-v6" : ""}`, {
        provider: props.provider,
        name: v6 ? awsName("wafName", `${derivedNames.wafIpSet(props.name, kind)}-v6`) : derivedNames.wafIpSet(props.name, kind),
        scope: "REGIONAL",
        ipAddressVersion: v6 ? "IPV6" : "IPV4",
        addresses: [...cidrs],
      });
    for (const kind of ["allow", "block"] as const) {
      const all = (kind === "allow" ? props.allowCidrs : props.blockCidrs) ?? [];
      for (const v6 of [false, true]) {
        const cidrs = all.filter((c) => c.includes(":") === v6);
        if (!cidrs.length) continue;
        const set = ipSet(kind, cidrs, v6);
        const suffix = v6 ? "-v6" : "";
        rules.push({ name: `${kind}-listed-ips${suffix}`, priority: priority++, action: kind === "allow" ? { allow: {} } : { block: {} }, statement: { ip_set_reference_statement: { arn: set.arn } }, visibilityConfig: visibility(`${props.name}-${kind}-ips${suffix}`) });
      }
    }
    if (props.blockedCountries?.length) {
      rules.push({ name: "block-countries", priority: priority++, action: { block: {} }, statement: { geo_match_statement: { country_codes: [...props.blockedCountries] } }, visibilityConfig: visibility(`${props.name}-geo`) });
    }
    for (const group of MANAGED_RULE_GROUPS) {
      rules.push({
        name: group,
        priority: priority++,
        overrideAction: { none: {} },
        statement: { managed_rule_group_statement: { vendor_name: "AWS", name: group } },
        visibilityConfig: visibility(`${props.name}-${group}`),
      });
    }
    rules.push({
      name: "rate-limit-per-ip",
      priority: priority++,
      action: { block: {} },
      statement: { rate_based_statement: { limit: rate, aggregate_key_type: "IP" } },
      visibilityConfig: visibility(`${props.name}-rate`),
    });

    this.webAcl = new Wafv2WebAcl(this, "acl", {
      provider: props.provider,
      name: derivedNames.webAcl(props.name),
      description: "App-of-apps API front door",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: derivedNames.wafMetric(props.name, "api") },
    });
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      provider: props.provider,
      name: derivedNames.wafLogGroup(props.name),
      retentionInDays: props.logRetentionDays,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      provider: props.provider,
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }],
    });
  }
}
