/**
 * Who may assume the pipeline's roles (the deploy role and the read-only planner role of every
 * account): GitHub Actions through the account's OIDC provider, with `aud` and `sub` pinned, or
 * exactly one principal role. Both roles build the pipeline part of their trust policy here.
 */
import type { Statement } from "./iam";

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

/** The GitHub Actions kind of pipeline trust. */
export type GitHubOidcTrust = Extract<PipelineTrust, { readonly kind: "github-oidc" }>;

/**
 * The pipeline's statement of a role's trust policy: for GitHub OIDC one
 * `sts:AssumeRoleWithWebIdentity` statement from the account's provider with `aud` pinned to
 * GitHub's audience and `sub` to `subjects` (one subject or a list, any of which may match);
 * for a principal, that one role (trustRole); none for chain-only.
 */
export function pipelineTrust(
  pipeline: PipelineTrust,
  oidc: { readonly sid: string; readonly oidcProviderArn?: string; readonly subjects: (pipeline: GitHubOidcTrust) => string | string[] },
): Statement[] {
  if (pipeline.kind === "github-oidc") {
    if (!oidc.oidcProviderArn) throw new Error("github-oidc trust needs the OIDC provider ARN");
    return [
      {
        Sid: oidc.sid,
        Effect: "Allow",
        Action: "sts:AssumeRoleWithWebIdentity",
        Principal: { Federated: oidc.oidcProviderArn },
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC.host}:aud`]: GITHUB_OIDC.audience,
            [`${GITHUB_OIDC.host}:sub`]: oidc.subjects(pipeline),
          },
        },
      },
    ];
  }
  if (pipeline.kind === "principal") return [trustRole("PipelinePrincipal", pipeline.principalArn)];
  return [];
}
