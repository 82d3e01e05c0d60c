import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { policyDocument, type Statement } from "./iam";
import type { PolicySet } from "./deploy-permissions";
import { githubSubject, pipelineTrust, trustRole, type GitHubOidcTrust, type PipelineTrust } from "./pipeline-trust";

/** `repo:<owner/repo>:pull_request` — the `sub` of a pull_request job that declares no environment. */
export function githubPullRequestSubject(repository: string): string {
  return githubSubject(repository, "x").replace(/:environment:x$/, ":pull_request");
}

/** The reviewer-less GitHub environment whose jobs (nightly drift) may plan: `<env>-readonly` unless configured. */
export function readonlyEnvironmentName(deployEnvironment: string, configured?: string): string {
  return configured ?? `${deployEnvironment}-readonly`;
}

/**
 * The planner role's trust policy: pull requests of the one repository and jobs of the
 * `<env>-readonly` environment (GitHub OIDC, `aud` pinned), or the pipeline's principal role, and
 * the shared-services planner role (chaining) — never a deploy role's subject: a job bound to the
 * deploy environment gets the deploy role, one that runs PR code gets this one.
 */
export function plannerRoleTrust(pipeline: PipelineTrust, chainFrom: string, opts: { readonly oidcProviderArn?: string; readonly readonlyEnvironment?: string } = {}): Statement[] {
  const subjects = (gh: GitHubOidcTrust): string[] => {
    const readonly = readonlyEnvironmentName(gh.environment, opts.readonlyEnvironment);
    if (readonly === gh.environment) throw new Error(`the read-only GitHub environment must differ from the deploy environment '${gh.environment}' (its jobs would get both roles)`);
    return [githubPullRequestSubject(gh.repository), githubSubject(gh.repository, readonly)];
  };
  return [
    ...pipelineTrust(pipeline, { sid: "GitHubActionsPullRequestsAndReadonlyEnvironment", oidcProviderArn: opts.oidcProviderArn, subjects }),
    trustRole("ChainFromSharedServicesPlannerRole", chainFrom),
  ];
}

export interface PlannerRoleProps {
  readonly provider: TerraformProvider;
  /** `accounts.plannerRoleName`. */
  readonly roleName: string;
  readonly description: string;
  readonly pipeline: PipelineTrust;
  /** ARN of the shared-services planner role (trusted for role chaining). */
  readonly chainFrom: string;
  /** The account's GitHub OIDC provider (created or looked up by the account's DeployRole). */
  readonly oidcProviderArn?: string;
  /** @default "<githubEnvironment>-readonly" */
  readonly readonlyEnvironment?: string;
  /** Read-only managed policies: name suffix -> statements (`<roleName>-<suffix>`). */
  readonly policies: PolicySet;
  /** @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** Tags of the role (besides the provider's default tags). @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The read-only planner role of one account (modules/planner-permissions.ts): what PR plans and
 * the nightly drift check run as. Its policies are named `<roleName>-<area>`, outside the
 * `<org>-<env>-` prefix the deployer may manage.
 */
export class PlannerRole extends Construct {
  readonly role: IamRole;
  readonly policies: IamPolicy[] = [];

  constructor(scope: Construct, id: string, props: PlannerRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      provider: props.provider,
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: policyDocument(...plannerRoleTrust(props.pipeline, props.chainFrom, { oidcProviderArn: props.oidcProviderArn, readonlyEnvironment: props.readonlyEnvironment })),
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      forceDetachPolicies: true,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    for (const [area, statements] of Object.entries(props.policies)) {
      const policy = new IamPolicy(this, `policy-${area}`, {
        provider: props.provider,
        name: `${props.roleName}-${area}`,
        description: `${props.description}: ${area} (read-only)`,
        policy: policyDocument(...statements),
      });
      this.policies.push(policy);
      new IamRolePolicyAttachment(this, `attach-${area}`, { provider: props.provider, role: this.role.name, policyArn: policy.arn });
    }
  }
}
