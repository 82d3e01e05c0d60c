import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { ApiGatewayDomainName } from "@cdktf/provider-aws/lib/api-gateway-domain-name";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";

export interface MutualTlsProps {
  /** S3 bucket (versioned) holding the truststore PEM. */
  readonly truststoreBucket: string;
  readonly truststoreKey: string;
  /** Pin a truststore object version. @default latest */
  readonly truststoreVersion?: string;
}

export interface RegionalCustomDomainProps {
  readonly provider: TerraformProvider;
  readonly domainName: string;
  /** ARN of an ISSUED certificate in the API's Region (use the validation resource's output). */
  readonly certificateArn: string;
  /** Zone for the A/AAAA alias records. */
  readonly zoneId: string;
  /** Require client certificates. @default no mutual TLS */
  readonly mutualTls?: MutualTlsProps;
}

/**
 * The environment's one custom domain: REGIONAL (multi-level base paths need it), TLS 1.2
 * minimum, optional mutual TLS, and A + AAAA alias records in the zone.
 */
export class RegionalCustomDomain extends Construct {
  readonly domain: ApiGatewayDomainName;
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: RegionalCustomDomainProps) {
    super(scope, id);
    this.domain = new ApiGatewayDomainName(this, "domain", {
      provider: props.provider,
      domainName: props.domainName,
      regionalCertificateArn: props.certificateArn,
      securityPolicy: "TLS_1_2",
      endpointConfiguration: { types: ["REGIONAL"] },
      mutualTlsAuthentication: props.mutualTls
        ? {
            truststoreUri: `s3://${props.mutualTls.truststoreBucket}/${props.mutualTls.truststoreKey}`,
            truststoreVersion: props.mutualTls.truststoreVersion,
          }
        : undefined,
    });
    this.domainName = this.domain.domainName;
    for (const type of ["A", "AAAA"]) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        provider: props.provider,
        zoneId: props.zoneId,
        name: this.domain.domainName,
        type,
        alias: { name: this.domain.regionalDomainName, zoneId: this.domain.regionalZoneId, evaluateTargetHealth: false },
      });
    }
  }
}
