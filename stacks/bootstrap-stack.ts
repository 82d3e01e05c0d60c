import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Environment } from "../config/schema";
import { AccountProvider } from "../modules/account-provider";
import { configureStateBackend } from "../modules/state-backend";
import { resourcePrefix, roleArn, stackNames } from "../config/naming";
import { StateBucket } from "../modules/state-bucket";
import { DeployRole, type PipelineTrust } from "../modules/deploy-role";
import { DEPLOY_ROLE_TAG, partitionOf, platformDeployerPolicies, workloadAccounts } from "../modules/deploy-permissions";
import { workloadDeployerPolicies } from "../modules/backends";
import { PlannerRole } from "../modules/planner-role";
import { platformPlannerPolicies, readOnlyPolicies } from "../modules/planner-permissions";

/** The role the bootstrap's providers assume when nothing else is said: the one AWS Organizations creates in every member account. */
export const DEFAULT_BOOTSTRAP_ROLE = "OrganizationAccountAccessRole";
/** Environment variables the command line reads (see `bootstrapOptionsFromEnv`, docs/bootstrap.md). */
export const BOOTSTRAP_ENV = { role: "AOA_BOOTSTRAP_ROLE", state: "AOA_BOOTSTRAP_STATE" } as const;

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export interface BootstrapStackProps {
  readonly environment: Environment;
  /** Root for relative local state paths. @default process.cwd() */
  readonly projectRoot?: string;
  /**
   * Role every provider of this stack (and its S3 backend) assumes in each account. Never the deploy
   * role: the stack manages that role and its permissions, and the pipeline must not be able to
   * widen its own rights. Use the account-vending admin role (`OrganizationAccountAccessRole`,
   * `AWSControlTowerExecution`) or a break-glass role. Env: AOA_BOOTSTRAP_ROLE.
   * @default `accounts.bootstrapRoleName` ("OrganizationAccountAccessRole")
   */
  readonly adminRoleName?: string;
  /**
   * Where this stack's own state lives. `local` for the first run (the bucket does not exist yet),
   * then `s3` after `terraform init -migrate-state` (docs/bootstrap.md). Env: AOA_BOOTSTRAP_STATE.
   * @default the environment's `state.backend`
   */
  readonly stateBackend?: "local" | "s3";
  /**
   * Trust this pipeline role instead of GitHub OIDC (a CI runner's role ARN).
   * @default `accounts.pipeline.principalArn`
   */
  readonly pipelinePrincipalArn?: string;
  /**
   * `existing`: the accounts already have a `token.actions.githubusercontent.com` provider (IAM allows
   * one per URL per account); look it up instead of creating it. @default `accounts.pipeline.oidcProvider` ("create")
   */
  readonly oidcProvider?: "create" | "existing";
}

/** Reads the operational switches of the bootstrap stack from environment variables. Throws on bad values. */
export function bootstrapOptionsFromEnv(vars: NodeJS.ProcessEnv = process.env): Pick<BootstrapStackProps, "adminRoleName" | "stateBackend"> {
  const out: { adminRoleName?: string; stateBackend?: "local" | "s3" } = {};
  const role = vars[BOOTSTRAP_ENV.role]?.trim();
  if (role) out.adminRoleName = role;
  const state = vars[BOOTSTRAP_ENV.state]?.trim();
  if (state) {
    if (state !== "local" && state !== "s3") throw new Error(`${BOOTSTRAP_ENV.state} must be "local" (first run) or "s3" (got ${JSON.stringify(state)})`);
    out.stateBackend = state;
  }
  return out;
}

/**
 * Who the deploy roles trust. GitHub OIDC when `accounts.pipeline` is set, a principal role ARN when
 * given, only the shared-services deploy role (chaining) for emulator environments; anything else
 * is refused: a deploy role nobody can assume is a broken bootstrap, a guessed principal is worse.
 */
export function resolvePipelineTrust(env: Environment, props: Pick<BootstrapStackProps, "pipelinePrincipalArn" | "oidcProvider"> = {}): PipelineTrust {
  const pipeline = env.accounts.pipeline;
  const principalArn = props.pipelinePrincipalArn ?? pipeline?.principalArn;
  if (principalArn) return { kind: "principal", principalArn };
  if (pipeline?.githubRepository) {
    return { kind: "github-oidc", repository: pipeline.githubRepository, environment: pipeline.githubEnvironment ?? env.name, oidcProvider: props.oidcProvider ?? pipeline.oidcProvider };
  }
  if (env.emulator) return { kind: "chain-only" };
  throw new Error(
    `${stackNames.bootstrap(env)}: accounts.pipeline is not set — the deploy roles would trust nobody. ` +
      `Set accounts.pipeline.githubRepository ("owner/repo"; the OIDC sub is pinned to repo:<owner/repo>:environment:${env.name} ` +
      `unless accounts.pipeline.githubEnvironment says otherwise), or pass a pipeline principal role ARN (BootstrapStackProps.pipelinePrincipalArn).`,
  );
}

/**
 * `<env>-bootstrap`: what must exist before any other stack can run — the state bucket (shared-services
 * account, S3 backends only) and, in every account of the environment, the deploy role the pipeline
 * assumes, with least-privilege policies: the platform deployer in shared-services, the
 * app-exposure deployer in each workload account.
 *
 * It is applied by an administrator, never by the pipeline: its providers assume `adminRoleName`
 * (default OrganizationAccountAccessRole) in each account. Its own state starts local and moves
 * into the bucket it creates (docs/bootstrap.md).
 */
export class BootstrapStack extends TerraformStack {
  readonly pipeline: PipelineTrust;
  /** account id -> deploy role. */
  readonly deployRoles = new Map<string, DeployRole>();
  /** account id -> read-only planner role (PR plans, drift). */
  readonly plannerRoles = new Map<string, PlannerRole>();
  readonly stateBucket?: StateBucket;

  constructor(scope: Construct, props: BootstrapStackProps) {
    const env = props.environment;
    const name = stackNames.bootstrap(env);
    super(scope, name);
    const prefix = resourcePrefix(env);
    const roleName = env.accounts.deployRoleName;
    const adminRoleName = props.adminRoleName ?? env.accounts.bootstrapRoleName ?? DEFAULT_BOOTSTRAP_ROLE;
    if (!ROLE_NAME.test(adminRoleName)) throw new Error(`${name}: adminRoleName must be an IAM role name (got ${JSON.stringify(adminRoleName)})`);
    if (adminRoleName === roleName) {
      throw new Error(`${name}: the bootstrap cannot run as the deploy role '${roleName}' it creates and whose permissions it manages; use an admin role (e.g. ${DEFAULT_BOOTSTRAP_ROLE}) via ${BOOTSTRAP_ENV.role}`);
    }
    const plannerName = env.accounts.plannerRoleName;
    if (plannerName === roleName || plannerName === adminRoleName) {
      throw new Error(`${name}: accounts.plannerRoleName '${plannerName}' must differ from the deploy role and the admin role: the planner is the read-only role PR plans run as`);
    }
    if (plannerName.startsWith(`${prefix}-`)) {
      throw new Error(`${name}: accounts.plannerRoleName '${plannerName}' starts with '${prefix}-', the prefix of the roles the deploy role may create and edit: the deployer could widen the planner. Choose a name outside that prefix (default "aoa-planner").`);
    }
    if (roleName.startsWith(`${prefix}-`)) {
      throw new Error(`${name}: accounts.deployRoleName '${roleName}' starts with '${prefix}-', the prefix of the roles the deploy role itself may create and edit: it could rewrite its own permissions. Choose a name outside that prefix (default "aoa-deployer").`);
    }
    this.pipeline = resolvePipelineTrust(env, props);
    const partition = partitionOf(env.region);
    const shared = env.accounts.sharedServices;

    // ---- this stack's own state
    const stateBackend = env.state.backend === "s3" ? (props.stateBackend ?? "s3") : "local";
    if (stateBackend === "s3") {
      configureStateBackend(this, env, name, { projectRoot: props.projectRoot });
      // The deploy role has no business with the bootstrap's state: the backend goes through the admin role too.
      this.addOverride("terraform.backend.s3.assume_role.role_arn", roleArn(shared, adminRoleName, partition));
      this.addOverride("terraform.backend.s3.assume_role.session_name", `aoa-${env.name}-bootstrap-state`);
      if (env.emulator) {
        for (const [k, v] of Object.entries({ use_path_style: true, skip_credentials_validation: true, skip_region_validation: true, skip_metadata_api_check: true, skip_requesting_account_id: true })) {
          this.addOverride(`terraform.backend.s3.${k}`, v);
        }
      }
    } else {
      const local: Environment = env.state.backend === "local" ? env : { ...env, state: { backend: "local" } };
      configureStateBackend(this, local, name, { projectRoot: props.projectRoot });
    }

    // ---- one provider per account, through the admin role
    const tags = { App: "bootstrap", Owner: "platform" };
    const provider = (alias: string, accountId: string, region?: string) => {
      const p = new AccountProvider(this, alias, { environment: env, accountId, alias, tags, region });
      p.assumeRole = [{ roleArn: roleArn(accountId, adminRoleName, partition), sessionName: `aoa-${env.name}-bootstrap` }];
      return p;
    };
    const sharedProvider = provider("shared", shared);

    // ---- state bucket
    let stateBucket: { name: string; keyPrefix: string } | undefined;
    if (env.state.backend === "s3") {
      const bucketProvider = env.state.region === env.region ? sharedProvider : provider("state_region", shared, env.state.region);
      this.stateBucket = new StateBucket(this, "state", { provider: bucketProvider, bucketName: env.state.bucket, allowedAccountIds: [shared] });
      stateBucket = { name: env.state.bucket, keyPrefix: env.state.keyPrefix };
      new TerraformOutput(this, "state_bucket", { value: this.stateBucket.bucket.bucket, description: "Terraform state bucket (S3 backend of every stack of the environment)" });
    }

    // ---- deploy roles
    const chainFrom = roleArn(shared, roleName, partition);
    this.deployRoles.set(
      shared,
      new DeployRole(this, "shared-deployer", {
        provider: sharedProvider,
        roleName,
        description: `apigw-app-of-apps ${env.name}: platform deployer (shared-services)`,
        pipeline: this.pipeline,
        chainFrom,
        policies: platformDeployerPolicies(env, { stateBucket }),
        tags: { [DEPLOY_ROLE_TAG]: prefix },
      }),
    );
    for (const account of workloadAccounts(env)) {
      this.deployRoles.set(
        account,
        new DeployRole(this, `workload-${account}-deployer`, {
          provider: provider(`workload_${account}`, account),
          roleName,
          // names the account, not its apps: an app joining or leaving an account must not change this stack
          description: `apigw-app-of-apps ${env.name}: app-exposure deployer (workload account ${account})`,
          pipeline: this.pipeline,
          chainFrom,
          // What each backend kind of this account's apps needs (modules/backends/): ALB apps the exposure NLB + endpoint service, Lambda apps the invoke permission.
          policies: workloadDeployerPolicies(env, account),
          tags: { [DEPLOY_ROLE_TAG]: prefix },
        }),
      );
    }
    // ---- read-only planner roles (PR plans, nightly drift): same accounts, trusted by other subjects
    const plannerChainFrom = roleArn(shared, plannerName, partition);
    const readonlyEnvironment = env.accounts.pipeline?.githubReadonlyEnvironment;
    for (const [account, deployer] of this.deployRoles) {
      const isShared = account === shared;
      this.plannerRoles.set(
        account,
        new PlannerRole(this, isShared ? "shared-planner" : `workload-${account}-planner`, {
          provider: deployer.role.provider!,
          roleName: plannerName,
          description: `apigw-app-of-apps ${env.name}: read-only planner (${isShared ? "shared-services" : `workload ${account}`})`,
          pipeline: this.pipeline,
          chainFrom: plannerChainFrom,
          oidcProviderArn: deployer.oidcProviderArn,
          readonlyEnvironment,
          // the read actions of the workload deployer (per backend kind, modules/backends/)
          policies: isShared ? platformPlannerPolicies(env, { stateBucket }) : readOnlyPolicies(workloadDeployerPolicies(env, account)),
          tags: { [DEPLOY_ROLE_TAG]: prefix },
        }),
      );
    }
    new TerraformOutput(this, "planner_role_arns", {
      value: Object.fromEntries([...this.plannerRoles].map(([account, r]) => [account, r.role.arn])),
      description: "Read-only planner role per account (PR plans and drift assume the shared-services one, which chains into the others)",
    });
    new TerraformOutput(this, "deploy_role_arns", {
      value: Object.fromEntries([...this.deployRoles].map(([account, r]) => [account, r.role.arn])),
      description: "Deploy role per account (the pipeline assumes the shared-services one, which chains into the others)",
    });
  }
}
