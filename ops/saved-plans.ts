/**
 * Apply exactly the reviewed plan.
 *
 * `npm run plan -- --env X --out-plans DIR` copies each stack's saved plan (`terraform plan -out`)
 * into DIR with a manifest: per stack its status at plan time, the plan file's SHA-256 and the
 * SHA-256 of the synthesized configuration it was planned from.
 * `npm run apply -- --env X --plans DIR` applies those files as they are — `terraform apply
 * <file>`, no new plan — in dependency order, after checking that
 *  - the manifest is for this environment,
 *  - each plan file is the one the manifest names (hash),
 *  - the configuration synthesized now is the one that was planned (hash): a plan from another
 *    commit or environment file is refused before terraform runs.
 * Terraform itself refuses a **stale** plan (the stack's state changed after the plan: another
 * apply ran) — reported as such; nothing of that stack is applied and the run stops (exit 1):
 * plan again and have the new plan reviewed.
 *
 * Plan files hold every value of the plan, sensitive ones included (API key values, state
 * outputs): keep DIR short-lived and private (README: "Applying the reviewed plan").
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Environment } from "../config/schema";
import type { SynthesizedStack } from "../synth";
import type { StackReport, StackStatus } from "./plan-report";
import { TerraformError, summarizeTerraformError, type Log, type TerraformRunner } from "./terraform";

export const MANIFEST_FILE = "manifest.json";

export interface SavedPlanEntry {
  readonly stack: string;
  /** Status at plan time: only "changes" entries carry a plan file to apply. */
  readonly status: StackStatus;
  /** File name inside the plans directory. */
  readonly planFile?: string;
  readonly planSha256?: string;
  /** SHA-256 of the stack's synthesized cdk.tf.json (as planned). */
  readonly configSha256: string;
  readonly detail?: string;
}

export interface PlanManifest {
  readonly version: 1;
  readonly environment: string;
  readonly role: string;
  readonly createdAt: string;
  readonly stacks: readonly SavedPlanEntry[];
}

export class SavedPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SavedPlanError";
  }
}

const sha256 = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest("hex");

/** Hash of a stack's synthesized configuration, independent of formatting. */
export function configHash(stack: Pick<SynthesizedStack, "json">): string {
  return sha256(JSON.stringify(stack.json));
}

/** Writes the saved plans of a plan run into `dir` (plan files + manifest.json). Returns the manifest path. */
export function exportPlans(dir: string, env: Environment, role: string, stacks: readonly SynthesizedStack[], reports: ReadonlyMap<string, StackReport>): string {
  fs.mkdirSync(dir, { recursive: true });
  const entries: SavedPlanEntry[] = [];
  for (const stack of stacks) {
    const r = reports.get(stack.name);
    const status: StackStatus = r?.status ?? "skipped";
    const base = { stack: stack.name, status, configSha256: configHash(stack), ...(r?.detail ? { detail: r.detail } : {}) };
    if (status === "changes" && r?.planFile && fs.existsSync(r.planFile)) {
      const file = `${stack.name}.tfplan`;
      const bytes = fs.readFileSync(r.planFile);
      fs.writeFileSync(path.join(dir, file), bytes, { mode: 0o600 });
      entries.push({ ...base, planFile: file, planSha256: sha256(bytes) });
    } else {
      entries.push(base);
    }
  }
  const manifest: PlanManifest = { version: 1, environment: env.name, role, createdAt: new Date().toISOString(), stacks: entries };
  const file = path.join(dir, MANIFEST_FILE);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}

/** Reads and checks a plans directory against the environment and the stacks synthesized now. */
export function loadPlans(dir: string, env: Environment, stacks: readonly SynthesizedStack[]): PlanManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new SavedPlanError(`--plans ${dir}: no ${MANIFEST_FILE} (write one with \`npm run plan -- --env ${env.name} --out-plans ${dir}\`)`);
  let manifest: PlanManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new SavedPlanError(`${file}: not JSON (${(e as Error).message})`);
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.stacks)) throw new SavedPlanError(`${file}: not a plan manifest of this version`);
  if (manifest.environment !== env.name) throw new SavedPlanError(`${file}: the plans are for environment '${manifest.environment}', not '${env.name}': nothing applied`);
  if (manifest.role !== "deploy") throw new SavedPlanError(`${file}: the plans were made as the ${manifest.role} role (review only); apply only plans made as the deploy role: nothing applied`);
  const problems: string[] = [];
  const byName = new Map(manifest.stacks.map((s) => [s.stack, s]));
  for (const stack of stacks) {
    const entry = byName.get(stack.name);
    if (!entry) {
      problems.push(`${stack.name}: not in the reviewed plans`);
      continue;
    }
    if (entry.configSha256 !== configHash(stack)) problems.push(`${stack.name}: its configuration differs from the one that was planned (another commit or environment file?)`);
    if (entry.planFile) {
      const p = path.join(dir, entry.planFile);
      if (!fs.existsSync(p)) problems.push(`${stack.name}: plan file ${entry.planFile} missing`);
      else if (sha256(fs.readFileSync(p)) !== entry.planSha256) problems.push(`${stack.name}: plan file ${entry.planFile} is not the one that was reviewed (SHA-256 differs)`);
    }
  }
  if (problems.length) throw new SavedPlanError(`refusing to apply the saved plans in ${dir} — nothing applied:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return manifest;
}

/** Is this terraform failure terraform's refusal of a stale saved plan? */
export function isStalePlan(text: string): boolean {
  return /Saved plan is stale/i.test(text);
}

export interface SavedApplyResult {
  readonly status: StackStatus;
  readonly detail?: string;
  readonly error?: string;
  readonly planFile?: string;
}

/** Applies one stack's saved plan exactly (or reports why there is nothing to apply). */
export async function applySavedPlan(stack: SynthesizedStack, runner: TerraformRunner, dir: string, manifest: PlanManifest, log: Log): Promise<SavedApplyResult> {
  const entry = manifest.stacks.find((s) => s.stack === stack.name)!;
  if (entry.status === "no-changes") {
    log(`[${stack.name}] reviewed plan: no changes — nothing to apply`);
    return { status: "no-changes" };
  }
  if (entry.status !== "changes" || !entry.planFile) {
    const why = entry.status === "blocked" ? "blocked at plan time (platform not applied yet): not part of the reviewed plan — plan and review again once the platform is applied" : `${entry.status} at plan time${entry.detail ? ` (${entry.detail})` : ""}: no reviewed plan`;
    log(`[${stack.name}] not applied: ${why}`);
    return { status: entry.status === "blocked" ? "blocked" : "skipped", detail: why };
  }
  const planFile = path.resolve(dir, entry.planFile);
  await runner.init();
  log(`[${stack.name}] applying the reviewed plan ${entry.planFile} (sha256 ${entry.planSha256!.slice(0, 12)}…)`);
  try {
    await runner.applyPlan(planFile);
    return { status: "applied", planFile };
  } catch (e) {
    if (!(e instanceof TerraformError)) throw e;
    const text = `${e.stderr}\n${e.stdout}`;
    if (isStalePlan(text)) {
      const detail = "saved plan is stale: the state changed after it was planned (another apply ran) — nothing applied; plan again and review the new plan";
      log(`[${stack.name}] REFUSED: ${detail}`);
      return { status: "failed", detail, error: summarizeTerraformError(text), planFile };
    }
    const msg = summarizeTerraformError(e.stderr || e.stdout);
    return { status: "failed", detail: msg.split("\n")[0].replace(/^Error: /, "").slice(0, 160), error: msg, planFile };
  }
}
