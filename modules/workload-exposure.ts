import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { VpcEndpointService } from "@cdktf/provider-aws/lib/vpc-endpoint-service";
import { derivedNames } from "../config/naming";

export interface WorkloadExposureProps {
  /** Provider of the app's workload account. */
  readonly provider: TerraformProvider;
  /** Name prefix, e.g. `acme-dev-orders`. */
  readonly name: string;
  /** The app's existing internal ALB. */
  readonly albArn: string;
  /** Port of the ALB's (HTTPS) listener; the NLB listens on the same port. */
  readonly listenerPort: number;
  readonly vpcId: string;
  /** Subnets for the NLB (the ALB's VPC, at least two Availability Zones). */
  readonly subnetIds: readonly string[];
  /** @default "/health" */
  readonly healthCheckPath?: string;
  /**
   * The one principal allowed to connect an endpoint to the service: the shared-services
   * account's deploy role, which creates the interface endpoint.
   */
  readonly allowedPrincipalArn: string;
  /** @default false */
  readonly deletionProtection?: boolean;
}

/**
 * The workload-account side of the private path: an internal NLB whose target group is the
 * app's ALB (`target_type = "alb"`), published as a PrivateLink endpoint service that only the
 * shared-services deploy role may connect to. Connection acceptance is automatic because the
 * allow-list already names a single role of the platform's own account (manual acceptance would
 * need a human or a second apply in the workload account for every endpoint).
 */
export class WorkloadExposure extends Construct {
  readonly nlb: Lb;
  readonly endpointService: VpcEndpointService;

  constructor(scope: Construct, id: string, props: WorkloadExposureProps) {
    super(scope, id);
    if (props.subnetIds.length < 2) throw new Error(`${this.node.path}: needs subnets in at least two Availability Zones (got ${JSON.stringify(props.subnetIds)})`);
    if (props.allowedPrincipalArn.includes("*") || !/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(props.allowedPrincipalArn)) {
      throw new Error(`${this.node.path}: allowedPrincipalArn must be one IAM role ARN, no wildcards (got ${JSON.stringify(props.allowedPrincipalArn)})`);
    }
    this.nlb = new Lb(this, "nlb", {
      provider: props.provider,
      name: derivedNames.exposureNlb(props.name),
      internal: true,
      loadBalancerType: "network",
      subnets: [...props.subnetIds],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: props.deletionProtection ?? false,
    });
    const targetGroup = new LbTargetGroup(this, "alb-target", {
      provider: props.provider,
      name: derivedNames.exposureTargetGroup(props.name),
      targetType: "alb",
      protocol: "TCP",
      port: props.listenerPort,
      vpcId: props.vpcId,
      healthCheck: {
        enabled: true,
        protocol: "HTTPS",
        path: props.healthCheckPath ?? "/health",
        port: "traffic-port",
        healthyThreshold: 3,
        unhealthyThreshold: 3,
        interval: 30,
        matcher: "200-399",
      },
    });
    new LbTargetGroupAttachment(this, "alb", { provider: props.provider, targetGroupArn: targetGroup.arn, targetId: props.albArn, port: props.listenerPort });
    new LbListener(this, "listener", {
      provider: props.provider,
      loadBalancerArn: this.nlb.arn,
      port: props.listenerPort,
      protocol: "TCP",
      defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    });
    this.endpointService = new VpcEndpointService(this, "service", {
      provider: props.provider,
      acceptanceRequired: false,
      networkLoadBalancerArns: [this.nlb.arn],
      allowedPrincipals: [props.allowedPrincipalArn],
      tags: { Name: `${props.name}-backend` },
    });
  }
}
