import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { Environment } from "../config/schema";
import { AccountProvider } from "../modules/account-provider";
import { configureStateBackend } from "../modules/state-backend";
import { contractPrefix, derivedNames, resourcePrefix, routesParameterPrefix, stackNames } from "../config/naming";
import { DnsZone } from "../modules/dns-zone";
import { DnsValidatedCertificate } from "../modules/certificate";
import { RegionalCustomDomain } from "../modules/custom-domain";
import { WebAcl } from "../modules/web-acl";
import { GatewayAccountSettings } from "../modules/gateway-account";
import { PrivateIngress } from "../modules/private-ingress";
import { AuthorizerFunction, type AuthorizerBundle } from "../modules/authorizer-function";
import { identityClaimsEnv } from "../modules/openapi-gateway";
import { PlatformContract } from "../modules/platform-contract";
import { AuthorizerInvokeRole } from "../modules/authorizer-invoke-role";
import { ingressShards } from "../config/ingress-shards";
import { platformDashboardBody } from "../modules/platform-dashboard";
import { PrivateCustomDomain } from "../modules/private-api";

export interface PlatformStackProps {
  readonly environment: Environment;
  /** The built authorizer zip (authorizer/build.ts). */
  readonly authorizerBundle: AuthorizerBundle;
  /** Root for relative local state paths. @default process.cwd() */
  readonly projectRoot?: string;
}

/**
 * `<env>-platform`, in the shared-services account: the root gateway's edge — zone,
 * certificate, regional custom domain, WAF, gateway logging role, private ingress (NLB + VPC
 * link), the shared authorizer — and the SSM contract every app stack reads.
 */
export class PlatformStack extends TerraformStack {
  readonly provider: AccountProvider;

  constructor(scope: Construct, props: PlatformStackProps) {
    const env = props.environment;
    const name = stackNames.platform(env);
    super(scope, name);
    configureStateBackend(this, env, name, { projectRoot: props.projectRoot });
    const prefix = resourcePrefix(env);
    const account = env.accounts.sharedServices;
    const prod = env.tier === "prod";
    const provider = (this.provider = new AccountProvider(this, "shared", { environment: env, accountId: account, alias: "shared", tags: { App: "platform", Owner: "platform" } }));

    const zone = new DnsZone(this, "zone", {
      provider,
      zoneName: env.domain.hostedZone.name,
      existingZoneId: env.domain.hostedZone.mode === "adopt" ? env.domain.hostedZone.zoneId : undefined,
      // The local emulator environment is torn down with `npm run local -- down`.
      protectFromDestroy: !env.emulator,
    });
    const certificate = new DnsValidatedCertificate(this, "certificate", {
      provider,
      domainName: env.domain.name,
      subjectAlternativeNames: env.domain.extraNames,
      zoneId: zone.zoneId,
    });
    const domain = new RegionalCustomDomain(this, "domain", {
      provider,
      domainName: env.domain.name,
      certificateArn: certificate.certificateArn,
      zoneId: zone.zoneId,
      mutualTls: env.domain.mtls,
    });
    // Private apps' domain: from the environment's interface endpoints only, never from its apps (app-agnostic).
    const privateDomainName = env.privateApis?.domain?.name;
    if (env.privateApis && privateDomainName) {
      const privateCertificate = new DnsValidatedCertificate(this, "private-certificate", { provider, domainName: privateDomainName, zoneId: zone.zoneId });
      const privateDomain = new PrivateCustomDomain(this, "private-domain", {
        provider,
        domainName: privateDomainName,
        certificateArn: privateCertificate.certificateArn,
        accountId: account,
        endpoints: env.privateApis.endpoints,
        // an endpoint with a reason is outside the environment's accounts (config/private-apis.ts)
        environmentAccounts: env.privateApis.endpoints.filter((e) => e.reason === undefined).map((e) => e.account),
        name: prefix,
        contractPrefix: contractPrefix(env),
      });
      new TerraformOutput(this, "private_domain_arn", { value: privateDomain.domain.arn, description: "Consumers in other accounts create their domain name access association to this ARN" });
    }
    const waf = new WebAcl(this, "waf", {
      provider,
      name: prefix,
      rateLimitPerIp: env.edge.waf.rateLimitPerIp,
      allowCidrs: env.edge.waf.allowCidrs,
      blockCidrs: env.edge.waf.blockCidrs,
      blockedCountries: env.edge.waf.blockedCountries,
      logRetentionDays: env.edge.logRetentionDays,
    });
    new GatewayAccountSettings(this, "gateway-account", { provider, name: prefix, accountId: account, region: env.region });
    // One NLB + VPC link per ingress shard (at most 50 listeners each: config/ingress-shards.ts).
    const shards = ingressShards(env).map((shard) => {
      const ingress = new PrivateIngress(this, `ingress-shard-${shard}`, {
        provider,
        name: prefix,
        shard,
        subnetIds: env.network.subnets.map((s) => s.id),
        deletionProtection: prod,
      });
      if (shard === 0) {
        // Shard 0 is the single NLB and VPC link of earlier versions (same names): its state follows.
        ingress.nlb.moveFromId("aws_lb.ingress_nlb_81228574");
        ingress.vpcLink.moveFromId("aws_api_gateway_vpc_link.ingress_vpc-link_D60038C7");
      }
      return { shard, ingress };
    });
    const ingress = shards[0].ingress;
    const vpc = new DataAwsVpc(this, "vpc", { provider, id: env.network.vpcId });
    const authorizer = new AuthorizerFunction(this, "authorizer", {
      provider,
      name: prefix,
      accountId: account,
      region: env.region,
      bundle: props.authorizerBundle,
      issuer: env.edge.authorizer.issuer,
      audience: env.edge.authorizer.audience,
      jwksUrl: env.edge.authorizer.jwksUrl,
      clockSkewSeconds: env.edge.authorizer.clockSkewSeconds,
      routesParameterPrefix: routesParameterPrefix(env),
      logRetentionDays: env.edge.logRetentionDays,
      reservedConcurrency: env.edge.authorizer.reservedConcurrency,
      tracing: env.edge.tracing,
      maxTokenAgeSeconds: env.edge.authorizer.maxTokenAgeSeconds,
      identityClaims: identityClaimsEnv(env.edge.authorizer.identityClaims),
    });
    const invokeRole = new AuthorizerInvokeRole(this, "authorizer-invoke", { provider, name: prefix, accountId: account, functionArn: authorizer.function.arn });
    const topicArn =
      env.alarms.snsTopicArn ??
      new SnsTopic(this, "alarm-topic", { provider, name: derivedNames.alarmTopic(prefix), kmsMasterKeyId: "alias/aws/sns" }).arn;

    new CloudwatchDashboard(this, "dashboard", {
      provider,
      dashboardName: derivedNames.dashboard(prefix),
      // app-agnostic (search expressions over the API name prefix): adding or removing an app never changes this stack
      dashboardBody: JSON.stringify(platformDashboardBody({ apiNamePrefix: prefix, region: env.region })),
    });

    new PlatformContract(this, "contract", {
      provider,
      prefix: contractPrefix(env),
      values: {
        "domain-name": domain.domainName,
        "web-acl-arn": waf.webAcl.arn,
        "authorizer-function-name": authorizer.function.functionName,
        "authorizer-function-arn": authorizer.function.arn,
        "authorizer-invoke-arn": authorizer.function.invokeArn,
        "authorizer-invoke-role-arn": invokeRole.role.arn,
        "vpc-link-id": ingress.vpcLink.id,
        "nlb-arn": ingress.nlb.arn,
        "vpc-cidr": vpc.cidrBlock,
        "routes-parameter-prefix": routesParameterPrefix(env),
        "alarm-topic-arn": topicArn,
      },
      shards: shards.map(({ shard, ingress: i }) => ({ shard, vpcLinkId: i.vpcLink.id, nlbArn: i.nlb.arn })),
    });

    new TerraformOutput(this, "name_servers", { value: zone.nameServers, description: "Delegate the zone to these name servers" });
    new TerraformOutput(this, "domain_name", { value: domain.domainName });
    new TerraformOutput(this, "regional_domain_name", { value: domain.domain.regionalDomainName });
  }
}
