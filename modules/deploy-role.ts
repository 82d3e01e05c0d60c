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

/** GitHub Actions' OIDC issuer and the audience configure-aws-credentials asks for. */
export const GITHUB_OIDC = { host: "token.actions.githubusercontent.com", url: "https://token.actions.githubusercontent.com", audience: "sts.amazonaws.com" } as const;

/** Who may assume the deploy roles (besides the shared-services deploy role chaining into them). */
export type PipelineTrust =
  /** GitHub Actions via OIDC: `sub` pinned to one repository and one deployment environment. */
  | { readonly kind: "github-oidc"; readonly repository: string; readonly environment: string; readonly oidcProvider: "create" | "existing" }
  /** A CI role elsewhere (Jenkins/GitLab runner role, a tooling account's role): exactly that role ARN. */
  | { readonly kind: "principal"; readonly principalArn: string }
  /** Emulator environments only: nothing but the chain from the shared-services deploy role. */
  | { readonly kind: "chain-only" };

/** `repo:<owner/repo>:environment:<name>` — the `sub` GitHub puts in a job's token when the job declares `environment: <name>`. */
export function githubSubject(repository: string, environment: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new Error(`GitHub repository must be owner/repo without wildcards (got ${JSON.stringify(repository)})`);
  if (!/^[^*?\s:][^*?:]*$/.test(environment)) throw new Error(`GitHub environment must be one name without wildcards or ':' (got ${JSON.stringify(environment)})`);
  return `repo:${repository}:environment:${environment}`;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** The account-root principal + `aws:PrincipalArn` pattern: robust to the principal role being recreated, and no principal has to exist first. */
export function trustRole(sid: string, principalArn: string): Statement {
  const m = ROLE_ARN.exec(principalArn);
  if (!m || principalArn.includes("*")) throw new Error(`trusted principal must be one IAM role ARN without wildcards (got ${JSON.stringify(principalArn)})`);
  const partition = principalArn.split(":")[1];
  return {
    Sid: sid,
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Principal: { AWS: `arn:${partition}:iam::${m[1]}:root` },
    Condition: { ArnEquals: { "aws:PrincipalArn": principalArn } },
  };
}

/**
 * The deploy role's trust policy statements: the pipeline (GitHub OIDC with `aud` and `sub` pinned,
 * or one principal role ARN) and the shared-services deploy role (role chaining: the pipeline's
 * session assumes the deploy role of every account, the shared one included).
 */
export function deployRoleTrust(pipeline: PipelineTrust, chainFrom: string, oidcProviderArn?: string): Statement[] {
  const out: Statement[] = [];
  if (pipeline.kind === "github-oidc") {
    if (!oidcProviderArn) throw new Error("github-oidc trust needs the OIDC provider ARN");
    out.push({
      Sid: "GitHubActionsDeployEnvironment",
      Effect: "Allow",
      Action: "sts:AssumeRoleWithWebIdentity",
      Principal: { Federated: oidcProviderArn },
      Condition: {
        StringEquals: {
          [`${GITHUB_OIDC.host}:aud`]: GITHUB_OIDC.audience,
          [`${GITHUB_OIDC.host}:sub`]: githubSubject(pipeline.repository, pipeline.environment),
        },
      },
    });
  } else if (pipeline.kind === "principal") {
    out.push(trustRole("PipelinePrincipal", pipeline.principalArn));
  }
  out.push(trustRole("ChainFromSharedServicesDeployRole", chainFrom));
  return out;
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
