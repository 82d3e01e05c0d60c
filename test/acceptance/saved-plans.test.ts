/**
 * Acceptance: "apply exactly the reviewed plan" with real terraform on a tiny stack (local state,
 * one terraform_data, no provider, no AWS): the saved plan applies as it is; a second plan saved
 * from the same state is **stale** once the first was applied, and terraform's refusal comes out
 * as ours (status failed, "saved plan is stale … nothing applied"); a tampered plan file and a
 * changed configuration are refused before terraform runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeIfTools } from "./harness";
import { TerraformRunner } from "../../ops/terraform";
import { applySavedPlan, exportPlans, loadPlans, SavedPlanError } from "../../ops/saved-plans";
import type { SynthesizedStack } from "../../synth";
import type { Environment } from "../../config/schema";
import type { StackReport } from "../../ops/plan-report";

const env = { name: "st" } as Environment;

describeIfTools("saved plans: applied exactly, stale ones refused", () => {
  let work: string;
  let stack: SynthesizedStack;
  let runner: TerraformRunner;
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);

  const savePlan = async (name: string): Promise<string> => {
    const file = path.join(work, `${name}.plan`);
    const { changes } = await runner.plan({ out: file });
    expect(changes).toBe(true);
    const reports = new Map<string, StackReport>([[stack.name, { stack: stack.name, role: "platform", status: "changes", planFile: file, ms: 0 }]]);
    const dir = path.join(work, name);
    exportPlans(dir, env, "deploy", [stack], reports);
    return dir;
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-saved-plans-"));
    const dir = path.join(work, "stacks", "st-platform");
    fs.mkdirSync(dir, { recursive: true });
    const json = { terraform: { backend: { local: { path: path.join(work, "st-platform.tfstate") } } }, resource: { terraform_data: { release: { input: "1.0.0" } } } };
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
    stack = { name: "st-platform", role: "platform", dependsOn: [], dir, json, resourceCount: 1, accounts: [] } as unknown as SynthesizedStack;
    runner = new TerraformRunner({ dir, name: stack.name, log });
    await runner.init();
  }, 120_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("refuses a tampered plan file, a changed configuration and another environment's plans before terraform runs", async () => {
    const dir = await savePlan("tamper");
    fs.appendFileSync(path.join(dir, "st-platform.tfplan"), "x");
    expect(() => loadPlans(dir, env, [stack])).toThrow(/st-platform: plan file st-platform.tfplan is not the one that was reviewed \(SHA-256 differs\)/);

    const dir2 = await savePlan("config");
    const changed = { ...stack, json: { ...stack.json, resource: { terraform_data: { release: { input: "2.0.0" } } } } } as SynthesizedStack;
    expect(() => loadPlans(dir2, env, [changed])).toThrow(/st-platform: its configuration differs from the one that was planned/);
    expect(() => loadPlans(dir2, { name: "other" } as Environment, [stack])).toThrow(/for environment 'st', not 'other'/);
    expect(() => loadPlans(path.join(work, "none"), env, [stack])).toThrow(SavedPlanError);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir2, "manifest.json"), "utf8"));
    fs.writeFileSync(path.join(dir2, "manifest.json"), JSON.stringify({ ...manifest, role: "planner" }));
    expect(() => loadPlans(dir2, env, [stack])).toThrow(/made as the planner role \(review only\)/);
  }, 300_000);

  it("applies the reviewed plan as it is; a plan saved before that apply is then stale and refused", async () => {
    const reviewed = await savePlan("reviewed");
    const older = await savePlan("older"); // same state serial as `reviewed`

    const m1 = loadPlans(reviewed, env, [stack]);
    expect(await applySavedPlan(stack, runner, reviewed, m1, log)).toMatchObject({ status: "applied" });
    expect((await runner.showJson()).values.root_module.resources[0].values.input).toBe("1.0.0");

    const m2 = loadPlans(older, env, [stack]);
    const stale = await applySavedPlan(stack, runner, older, m2, log);
    expect(stale.status).toBe("failed");
    expect(stale.detail).toMatch(/^saved plan is stale: the state changed after it was planned .* nothing applied; plan again and review the new plan$/);
    expect(stale.error).toMatch(/Saved plan is stale/);
    expect(lines.join("\n")).toContain("[st-platform] REFUSED: saved plan is stale");
  }, 300_000);
});
