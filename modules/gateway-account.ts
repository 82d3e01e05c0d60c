import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument, serviceTrust } from "./iam";
import { derivedNames } from "../config/naming";

export interface GatewayAccountSettingsProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** @default "aws" */
  readonly partition?: string;
}

/**
 * API Gateway's account-level settings: the CloudWatch Logs role every stage's execution and
 * access logging needs. There is ONE per account and Region, so only the platform stack has it
 * (stages fail with "CloudWatch Logs role ARN must be set" without it).
 */
export class GatewayAccountSettings extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GatewayAccountSettingsProps) {
    super(scope, id);
    const partition = props.partition ?? "aws";
    this.role = new IamRole(this, "cloudwatch-role", {
      provider: props.provider,
      name: derivedNames.gatewayCloudwatchRole(props.name),
      description: "Lets API Gateway write execution and access logs",
      assumeRolePolicy: serviceTrust("apigateway.amazonaws.com", props.accountId),
    });
    new IamRolePolicy(this, "cloudwatch-policy", {
      provider: props.provider,
      role: this.role.name,
      name: "write-logs",
      policy: policyDocument({
        // Wildcard reason: API Gateway names execution-log groups itself (API-Gateway-Execution-Logs_<apiId>/<stage>) per API, so they cannot be listed in advance.
        Sid: "WildcardReasonGatewayNamesItsLogGroups",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents"],
        Resource: `arn:${partition}:logs:${props.region}:${props.accountId}:*`,
      }),
    });
    new ApiGatewayAccount(this, "account", { provider: props.provider, cloudwatchRoleArn: this.role.arn });
  }
}
