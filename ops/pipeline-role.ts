/**
 * Which of the bootstrap's roles a run's terraform assumes: the deployer (default) or the
 * read-only planner (`--role planner`: PR plans and the nightly drift check).
 *
 * The stacks are synthesized once, as they are applied (their providers and S3 backend assume the
 * deploy role, and the deploy role's ARN is also *data* — the endpoint services allow it as their
 * principal). A planner run rewrites only the `assume_role.role_arn` of every provider and of the
 * backend, from `arn:…:role/<deployRoleName>` to `arn:…:role/<plannerRoleName>` in the same
 * account; nothing else in the configuration changes, so the planner's plan shows exactly what the
 * deployer's would. The bootstrap stack is left out (it runs as the admin role, which the planner
 * cannot assume), and planner plans take no state lock (`-lock=false`: the planner cannot write
 * the lock object).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Environment } from "../config/schema";
import type { SynthResult, SynthesizedStack } from "../synth";

/** The pipeline roles the bootstrap creates in every account: the deployer, and the read-only planner (PR plans, drift). */
export type PipelineRole = "deploy" | "planner";
export const PIPELINE_ROLES: readonly PipelineRole[] = ["deploy", "planner"];

/** The role name of a pipeline role in this environment. */
export function pipelineRoleName(env: Environment, role: PipelineRole): string {
  return role === "planner" ? env.accounts.plannerRoleName : env.accounts.deployRoleName;
}

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(.+)$/;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Rewrites one stack's provider and backend `assume_role` from the deploy role to `roleName`; returns how many were rewritten. */
export function retargetStackJson(json: Json, deployRoleName: string, roleName: string): number {
  let n = 0;
  const swap = (ar: Json) => {
    const m = typeof ar?.role_arn === "string" ? ROLE_ARN.exec(ar.role_arn) : null;
    if (m && m[3] === deployRoleName) {
      ar.role_arn = `arn:${m[1]}:iam::${m[2]}:role/${roleName}`;
      n++;
    }
  };
  for (const p of ([] as Json[]).concat(json.provider?.aws ?? [])) for (const ar of ([] as Json[]).concat(p.assume_role ?? [])) swap(ar);
  swap(json.terraform?.backend?.s3?.assume_role);
  return n;
}

/**
 * The synthesized stacks as `role` runs them: unchanged for "deploy"; for "planner" without the
 * bootstrap stack and with every provider/backend assuming the planner role (files rewritten).
 */
export function synthForRole(synth: SynthResult, env: Environment, role: PipelineRole | undefined): SynthResult {
  if (!role || role === "deploy") return synth;
  const target = pipelineRoleName(env, role);
  const stacks: SynthesizedStack[] = [];
  for (const stack of synth.stacks) {
    if (stack.role === "bootstrap") continue;
    const json = JSON.parse(JSON.stringify(stack.json));
    const n = retargetStackJson(json, env.accounts.deployRoleName, target);
    if (n === 0) throw new Error(`${stack.name}: no provider assumes ${env.accounts.deployRoleName}: cannot run it as the ${role} role`);
    fs.writeFileSync(path.join(stack.dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
    stacks.push({ ...stack, json });
  }
  return { ...synth, stacks };
}
