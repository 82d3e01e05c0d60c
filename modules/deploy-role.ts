import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { policyDocument, type Statement } from "./iam";
import type { PolicySet } from "./deploy-permissions";
import { derivedNames } from "../config/naming";
import { GITHUB_OIDC, githubSubject, pipelineTrust, trustRole, type PipelineTrust } from "./pipeline-trust";

export type { PipelineTrust } from "./pipeline-trust";

/**
 * The deploy role's trust policy statements: the pipeline (GitHub OIDC with `aud` and `sub` pinned,
 * or one principal role ARN) and the shared-services deploy role (role chaining: the pipeline's
 * session assumes the deploy role of every account, the shared one included).
 */
export function deployRoleTrust(pipeline: PipelineTrust, chainFrom: string, oidcProviderArn?: string): Statement[] {
  return [
    ...pipelineTrust(pipeline, { sid: "GitHubActionsDeployEnvironment", oidcProviderArn, subjects: (gh) => githubSubject(gh.repository, gh.environment) }),
    trustRole("ChainFromSharedServicesDeployRole", chainFrom),
  ];
}

export interface DeployRoleProps {
  readonly provider: TerraformProvider;
  /** `accounts.deployRoleName`. */
  readonly roleName: string;
  readonly description: string;
  readonly pipeline: PipelineTrust;
  /** ARN of the shared-services deploy role (trusted for role chaining). */
  readonly chainFrom: string;
  /** Managed policies: name suffix -> statements (`<roleName>-<suffix>`). */
  readonly policies: PolicySet;
  /** @default 3600 (role chaining caps sessions at one hour anyway) */
  readonly maxSessionDurationSeconds?: number;
  /** Tags of the role (besides the provider's default tags). @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The deploy role of one account: trusted only by the pipeline (and the shared-services deploy
 * role, for chaining), with least-privilege managed policies. With GitHub OIDC it also creates
 * (or looks up) the account's `token.actions.githubusercontent.com` identity provider.
 *
 * The policies are named `<roleName>-<area>`, outside the `<org>-<env>-` prefix the deployer may
 * manage, so the role can never edit its own permissions.
 */
export class DeployRole extends Construct {
  readonly role: IamRole;
  readonly policies: IamPolicy[] = [];
  readonly oidcProviderArn?: string;

  constructor(scope: Construct, id: string, props: DeployRoleProps) {
    super(scope, id);
    if (props.pipeline.kind === "github-oidc") {
      if (props.pipeline.oidcProvider === "existing") {
        this.oidcProviderArn = new DataAwsIamOpenidConnectProvider(this, "github-oidc", { provider: props.provider, url: GITHUB_OIDC.url }).arn;
      } else {
        this.oidcProviderArn = new IamOpenidConnectProvider(this, "github-oidc", {
          provider: props.provider,
          url: GITHUB_OIDC.url,
          clientIdList: [GITHUB_OIDC.audience],
        }).arn;
      }
    }
    this.role = new IamRole(this, "role", {
      provider: props.provider,
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: policyDocument(...deployRoleTrust(props.pipeline, props.chainFrom, this.oidcProviderArn)),
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      forceDetachPolicies: true,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    for (const [area, statements] of Object.entries(props.policies)) {
      const policy = new IamPolicy(this, `policy-${area}`, {
        provider: props.provider,
        name: derivedNames.deployPolicy(props.roleName, area),
        description: `${props.description}: ${area}`,
        policy: policyDocument(...statements),
      });
      this.policies.push(policy);
      new IamRolePolicyAttachment(this, `attach-${area}`, { provider: props.provider, role: this.role.name, policyArn: policy.arn });
    }
  }
}
