/**
 * Read-only permissions of the planner roles the bootstrap stack creates next to the deploy roles.
 * PR plans and the nightly drift check run as the planner: they run code from any branch, so they
 * must never hold credentials that can change anything.
 *
 * The planner's policies are *derived* from the deployer's (modules/deploy-permissions.ts): every
 * statement keeps its resources and conditions, and keeps only its read actions — `Describe*`,
 * `Get*`, `List*`, `Head*` and API Gateway's `GET` — because a plan refreshes exactly what the
 * deployer manages, with the same calls the deployer's own refresh makes. So the planner can
 * never read more than the deployer, and a resource type added to the deployer is readable by
 * the planner without a second list to keep in sync. Dropped: every create/update/delete/tag
 * call, `iam:PassRole`, `iam:CreateServiceLinkedRole`, `s3:PutObject`/`DeleteObject` (no state
 * writes, no lock file: review plans run with `-lock=false`), and `sts:AssumeRole` into the
 * deploy roles (the planner chains only into the planner roles of its environment).
 *
 * Some read calls are still sensitive: `ssm:GetParameter` on `/<org>/<env>/*` (the platform
 * contract, route tables, releases: no secrets are stored there) and `s3:GetObject` on the state
 * objects (state holds the API key values of usage plans — anyone who can plan can read state).
 */
import type { Environment } from "../config/schema";
import type { Statement } from "./iam";
import { resourcePrefix, roleArn } from "../config/naming";
import { appExposureDeployerPolicies, DEPLOY_ROLE_TAG, partitionOf, platformDeployerPolicies, type PlatformDeployerOptions, type PolicySet } from "./deploy-permissions";

/** Action names (after `service:`) a read-only role may hold. */
const READ_VERB = /^(Describe|Get|List|Head)[A-Za-z0-9]*$/;
/** Read calls that still change something, or hand out credentials, by their name alone. */
const NOT_READ = new Set(["sts:GetFederationToken", "sts:GetSessionToken", "ecr:GetAuthorizationToken", "codeartifact:GetAuthorizationToken", "redshift:GetClusterCredentials", "rds:GetDBAuthToken"]);

/** Is this IAM action read-only (safe for a role that runs untrusted code)? */
export function isReadOnlyAction(action: string): boolean {
  const [service, name] = action.split(":");
  if (!service || !name || name.includes("*")) return false;
  if (NOT_READ.has(action)) return false;
  if (service === "apigateway") return name === "GET";
  return READ_VERB.test(name);
}

/** Keeps the read actions of every statement (same resources and conditions); drops statements left empty. */
export function readOnlyPolicies(set: PolicySet): PolicySet {
  const out: PolicySet = {};
  for (const [area, statements] of Object.entries(set)) {
    const kept: Statement[] = [];
    for (const st of statements) {
      if (st.Effect !== "Allow") continue;
      const actions = ([] as string[]).concat(st.Action ?? []).filter(isReadOnlyAction);
      if (!actions.length) continue;
      kept.push({ ...st, Sid: `Read${st.Sid ?? ""}`.replace(/^ReadWildcardReason/, "WildcardReasonRead"), Action: actions.length === 1 ? actions[0] : actions });
    }
    if (kept.length) out[area] = kept;
  }
  return out;
}

/** The role the planner session chains into in every account of the environment (only planner roles). */
function chainIntoPlanners(env: Environment): Statement {
  const p = partitionOf(env.region);
  return {
    // Any account's planner role by name, tagged as this environment's by the bootstrap: not a list
    // of accounts, so the policy keeps its size (6,144 characters) for any number of apps
    // (config/quotas.ts); only this environment's planner roles trust this planner (their trust policy).
    Sid: "WildcardReasonAssumePlannerRolesOfAnyWorkloadAccount",
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Resource: roleArn("*", env.accounts.plannerRoleName, p),
    Condition: { StringEquals: { [`iam:ResourceTag/${DEPLOY_ROLE_TAG}`]: resourcePrefix(env) } },
  };
}

/** Planner of the shared-services account: reads what the platform deployer manages, reads state, chains into the planners. */
export function platformPlannerPolicies(env: Environment, opts: PlatformDeployerOptions = {}): PolicySet {
  const read = readOnlyPolicies(platformDeployerPolicies(env, opts));
  const pipeline = [...(read.pipeline ?? []), chainIntoPlanners(env)];
  if (opts.stateBucket) {
    const bucket = `arn:${partitionOf(env.region)}:s3:::${opts.stateBucket.name}`;
    // The deployer's state statement holds GetObject next to Put/Delete; keep it explicit here so
    // a rewrite of the deployer's statement cannot silently take state reads away from plans.
    if (!pipeline.some((s) => ([] as string[]).concat(s.Action).includes("s3:ListBucket"))) pipeline.push({ Sid: "ReadListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket });
    if (!pipeline.some((s) => ([] as string[]).concat(s.Action).includes("s3:GetObject") && ([] as string[]).concat(s.Resource ?? []).some((r) => r.startsWith(`${bucket}/`)))) {
      pipeline.push({ Sid: "WildcardReasonReadStateObjectsUnderEnvKeyPrefix", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket}/${opts.stateBucket.keyPrefix}/${env.name}/*` });
    }
  }
  return { ...read, pipeline };
}

/** Planner of one workload account: reads what the app-exposure deployer manages. */
export function appExposurePlannerPolicies(env: Environment, account: string): PolicySet {
  return readOnlyPolicies(appExposureDeployerPolicies(env, account));
}
