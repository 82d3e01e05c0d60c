import { Construct } from "constructs";
import { Fn, TerraformProvider } from "cdktf";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { DataAwsNetworkInterface } from "@cdktf/provider-aws/lib/data-aws-network-interface";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { derivedNames } from "../config/naming";

export interface SharedIngressAttachmentProps {
  /** Provider of the shared-services account. */
  readonly provider: TerraformProvider;
  readonly name: string;
  /** `service_name` of the app's endpoint service. */
  readonly serviceName: string;
  /** The platform VPC and its subnets (one endpoint network interface per subnet). */
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** CIDR of the platform VPC: the platform NLB's addresses, the only allowed source. */
  readonly vpcCidr: string;
  /** Port the endpoint service listens on (the app's ALB listener port). */
  readonly backendPort: number;
  /** The platform NLB and the app's reserved port on it. */
  readonly nlbArn: string;
  readonly ingressPort: number;
}

/**
 * The shared-services side of one app's private path: an interface endpoint to the app's
 * endpoint service in the platform subnets, an `ip` target group on the endpoint's addresses,
 * and the app's own listener on the platform NLB (its reserved port).
 */
export class SharedIngressAttachment extends Construct {
  readonly endpoint: VpcEndpoint;
  readonly listener: LbListener;

  constructor(scope: Construct, id: string, props: SharedIngressAttachmentProps) {
    super(scope, id);
    if (props.subnetIds.length < 2) throw new Error(`${this.node.path}: needs subnets in at least two Availability Zones (got ${JSON.stringify(props.subnetIds)})`);
    if (!Number.isInteger(props.ingressPort) || props.ingressPort < 1 || props.ingressPort > 65535) throw new Error(`${this.node.path}: ingressPort must be a port number (got ${props.ingressPort})`);
    const sg = new SecurityGroup(this, "endpoint-sg", {
      provider: props.provider,
      name: derivedNames.endpointSecurityGroup(props.name),
      description: `Interface endpoint to ${props.name}: only the platform NLB may connect`,
      vpcId: props.vpcId,
      ingress: [{ description: "platform NLB to backend", protocol: "tcp", fromPort: props.backendPort, toPort: props.backendPort, cidrBlocks: [props.vpcCidr] }],
      egress: [],
    });
    this.endpoint = new VpcEndpoint(this, "endpoint", {
      provider: props.provider,
      vpcId: props.vpcId,
      serviceName: props.serviceName,
      vpcEndpointType: "Interface",
      subnetIds: [...props.subnetIds],
      securityGroupIds: [sg.id],
      privateDnsEnabled: false,
      tags: { Name: `${props.name}-backend` },
    });
    const targetGroup = new LbTargetGroup(this, "endpoint-target", {
      provider: props.provider,
      name: derivedNames.endpointTargetGroup(props.name),
      targetType: "ip",
      protocol: "TCP",
      port: props.backendPort,
      vpcId: props.vpcId,
      healthCheck: { enabled: true, protocol: "TCP", port: "traffic-port", healthyThreshold: 3, unhealthyThreshold: 3, interval: 30 },
    });
    // One network interface per subnet; their addresses are the targets.
    props.subnetIds.forEach((_subnet, i) => {
      const eni = new DataAwsNetworkInterface(this, `endpoint-eni-${i}`, {
        provider: props.provider,
        id: Fn.element(Fn.sort(Fn.tolist(this.endpoint.networkInterfaceIds)), i),
      });
      new LbTargetGroupAttachment(this, `endpoint-ip-${i}`, { provider: props.provider, targetGroupArn: targetGroup.arn, targetId: eni.privateIp, port: props.backendPort });
    });
    this.listener = new LbListener(this, "listener", {
      provider: props.provider,
      loadBalancerArn: props.nlbArn,
      port: props.ingressPort,
      protocol: "TCP",
      defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    });
  }
}
