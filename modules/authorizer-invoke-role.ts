import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument, serviceTrust } from "./iam";
import { derivedNames } from "../config/naming";

export interface AuthorizerInvokeRoleProps {
  readonly provider: TerraformProvider;
  /** `<org>-<env>`: the role is `<name>-authorizer-invoke`. */
  readonly name: string;
  /** The shared-services account (API Gateway assumes the role only for its own APIs). */
  readonly accountId: string;
  /** ARN of the shared authorizer function. */
  readonly functionArn: string;
}

/**
 * The role every app's REST API authorizer uses to invoke the shared authorizer function
 * (`authorizerCredentials` in the OpenAPI security scheme), instead of one
 * `aws_lambda_permission` per app: a function's resource-based policy holds at most 20 KB
 * (Lambda quotas, not adjustable), about 60 apps' statements. The role's size is the same for
 * 1 or 600 apps. Least privilege: API Gateway of this account only (aws:SourceAccount), invoke of
 * this one function only.
 */
export class AuthorizerInvokeRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: AuthorizerInvokeRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      provider: props.provider,
      name: derivedNames.authorizerInvokeRole(props.name),
      description: "API Gateway invokes the shared JWT authorizer with this role (all apps' APIs)",
      assumeRolePolicy: serviceTrust("apigateway.amazonaws.com", props.accountId),
    });
    new IamRolePolicy(this, "policy", {
      provider: props.provider,
      role: this.role.name,
      name: "invoke-authorizer",
      policy: policyDocument({ Sid: "InvokeTheSharedAuthorizerOnly", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: props.functionArn }),
    });
  }
}
