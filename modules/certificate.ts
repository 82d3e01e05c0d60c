import { Construct } from "constructs";
import { TerraformIterator, TerraformProvider, Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";

export interface DnsValidatedCertificateProps {
  readonly provider: TerraformProvider;
  readonly domainName: string;
  /** Extra names on the certificate. @default none */
  readonly subjectAlternativeNames?: readonly string[];
  /** Zone that holds the validation records. */
  readonly zoneId: string;
}

/**
 * An ACM certificate validated through DNS in the given zone. `create_before_destroy` so a
 * changed name list never leaves the domain without a certificate; consumers use
 * `certificateArn`, which is the validation resource's output (only valid once ISSUED).
 */
export class DnsValidatedCertificate extends Construct {
  readonly certificateArn: string;
  readonly certificate: AcmCertificate;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    const sans = [...new Set(props.subjectAlternativeNames ?? [])].filter((n) => n !== props.domainName);
    this.certificate = new AcmCertificate(this, "certificate", {
      provider: props.provider,
      domainName: props.domainName,
      subjectAlternativeNames: sans.length > 0 ? sans : undefined,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      lifecycle: { createBeforeDestroy: true },
    });
    // One record per validation option; a wildcard and its apex share one record, hence allow_overwrite.
    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "validation-record", {
      provider: props.provider,
      forEach: options,
      zoneId: props.zoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 60,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validation", {
      provider: props.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(`\${[for r in ${records.fqn} : r.fqdn]}`),
    });
    this.certificateArn = validation.certificateArn;
  }
}
