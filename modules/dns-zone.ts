import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";

export interface DnsZoneProps {
  readonly provider: TerraformProvider;
  /** Zone name, e.g. `dev.example.com`. */
  readonly zoneName: string;
  /** Adopt this existing public zone instead of creating one. @default create a new zone */
  readonly existingZoneId?: string;
  /** `prevent_destroy` on a created zone (a recreated zone gets new name servers and breaks delegation). @default true */
  readonly protectFromDestroy?: boolean;
}

/** The public hosted zone of the API domain: created (and protected) or adopted by id. */
export class DnsZone extends Construct {
  readonly zoneId: string;
  /** Name servers to delegate to (only known for a created zone's apply; adopted zones expose theirs too). */
  readonly nameServers: string[];

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    if (props.existingZoneId !== undefined) {
      const zone = new DataAwsRoute53Zone(this, "zone", { provider: props.provider, zoneId: props.existingZoneId, privateZone: false });
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    } else {
      const zone = new Route53Zone(this, "zone", {
        provider: props.provider,
        name: props.zoneName,
        comment: "API front door (managed by apigw-app-of-apps)",
        lifecycle: { preventDestroy: props.protectFromDestroy ?? true },
      });
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    }
  }
}
