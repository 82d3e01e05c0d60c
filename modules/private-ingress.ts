import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { ApiGatewayVpcLink } from "@cdktf/provider-aws/lib/api-gateway-vpc-link";
import { derivedNames } from "../config/naming";

export interface PrivateIngressProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  /** Subnets of the shared-services VPC, in at least two Availability Zones. */
  readonly subnetIds: readonly string[];
  /** @default false (true in prod) */
  readonly deletionProtection?: boolean;
  /** Ingress shard number: names are `<name>-ingress` (shard 0) or `<name>-ingress-<n>`. @default 0 */
  readonly shard?: number;
}

/**
 * The shared-services side of the private path: one internal NLB and a REST API VPC link (v1)
 * to it. Each app stack adds its own listener (its reserved port) and an `ip` target group on
 * its interface endpoint's addresses. A VPC link cannot reach a load balancer in another
 * account, hence this NLB in the gateway's own account (see docs/architecture in README).
 */
export class PrivateIngress extends Construct {
  readonly nlb: Lb;
  readonly vpcLink: ApiGatewayVpcLink;

  constructor(scope: Construct, id: string, props: PrivateIngressProps) {
    super(scope, id);
    if (props.subnetIds.length < 2) throw new Error(`${this.node.path}: needs subnets in at least two Availability Zones (got ${JSON.stringify(props.subnetIds)})`);
    this.nlb = new Lb(this, "nlb", {
      provider: props.provider,
      name: derivedNames.ingressNlb(props.name, props.shard ?? 0),
      internal: true,
      loadBalancerType: "network",
      subnets: [...props.subnetIds],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: props.deletionProtection ?? false,
    });
    this.vpcLink = new ApiGatewayVpcLink(this, "vpc-link", {
      provider: props.provider,
      name: derivedNames.vpcLink(props.name, props.shard ?? 0),
      // shard 0 keeps the description of the single link it replaces (no in-place update)
      description: props.shard ? `REST API private integrations to app backends (ingress shard ${props.shard})` : "REST API private integrations to app backends",
      targetArns: [this.nlb.arn],
    });
  }
}
