/**
 * The GitHub Actions workflows, parsed (yaml) and validated (action-validator):
 *  - no job that runs PR code or the nightly drift can hold deploy credentials (no deploy
 *    environment, no deploy role variable, plans/drift run with --role planner);
 *  - main.yml deploys only refs/heads/main and says so when dispatched elsewhere;
 *  - per environment: plan (saved plans + summary) → approval → apply of exactly those plans,
 *    one concurrency group for plan and apply, PR plans in another;
 *  - every action is SHA-pinned on its current (Node 24) major.
 * Each check is also shown failing on a doctored workflow.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { PROJECT_ROOT } from "../../config/load";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const WF = path.join(PROJECT_ROOT, ".github", "workflows");
const load = (file: string): Json => parse(fs.readFileSync(file, "utf8"));
const workflows = Object.fromEntries(fs.readdirSync(WF).filter((f) => f.endsWith(".yml")).map((f) => [f, load(path.join(WF, f))]));
const DEPLOY_ENVS = ["dev", "staging", "prod"];

/** Jobs of a workflow that run code of a pull request or the nightly drift (untrusted / unattended). */
function untrustedJobs(wf: Json): [string, Json][] {
  const on = wf.on ?? wf[true as unknown as string]; // yaml 1.1 "on" as a boolean key, just in case
  const triggers = typeof on === "string" ? [on] : Object.keys(on ?? {});
  const untrusted = triggers.some((t) => t === "pull_request" || t === "pull_request_target" || t === "schedule");
  return untrusted ? Object.entries(wf.jobs) : [];
}

/** Why a job could hold deploy credentials (empty: it cannot). */
function deployCredentialProblems(name: string, job: Json): string[] {
  const out: string[] = [];
  const env = typeof job.environment === "string" ? job.environment : job.environment?.name;
  if (env !== undefined) {
    const bare = String(env).replace(/\$\{\{\s*matrix\.env\s*\}\}/, "dev");
    if (DEPLOY_ENVS.includes(bare) || !/-readonly$/.test(bare)) out.push(`${name}: environment '${env}' is not a <env>-readonly environment`);
  }
  for (const step of job.steps ?? []) {
    const role = step.with?.["role-to-assume"];
    if (role !== undefined && !/PLANNER/.test(String(role))) out.push(`${name}: assumes ${role}`);
    const run = String(step.run ?? "");
    for (const m of run.matchAll(/npm run (?:--silent )?(plan|drift|apply|preflight) --[^\n]*/g)) {
      if (m[1] === "apply") out.push(`${name}: runs npm run apply`);
      else if (!/--role planner/.test(m[0])) out.push(`${name}: '${m[0].trim()}' without --role planner`);
    }
  }
  if (job.uses) out.push(`${name}: calls the reusable workflow ${job.uses}`);
  return out;
}

describe("workflows: who holds which credentials", () => {
  it("no job of pr.yml or drift.yml can hold deploy credentials", () => {
    const problems = ["pr.yml", "drift.yml"].flatMap((f) => untrustedJobs(workflows[f]).flatMap(([n, j]) => deployCredentialProblems(`${f}/${n}`, j)));
    expect(problems).toEqual([]);
    // and the jobs that need AWS do take the planner role
    expect(workflows["pr.yml"].jobs.plan.steps.find((s: Json) => s.with?.["role-to-assume"]).with["role-to-assume"]).toContain("AWS_PLANNER_ROLE_ARNS");
    expect(workflows["pr.yml"].jobs.plan.environment).toBeUndefined(); // sub = repo:<repo>:pull_request
    expect(workflows["drift.yml"].jobs.drift.environment).toBe("${{ matrix.env }}-readonly");
  });

  it("the check catches a PR plan bound to the deploy environment or the deploy role", () => {
    const bad = JSON.parse(JSON.stringify(workflows["pr.yml"]));
    bad.jobs.plan.environment = "${{ matrix.env }}";
    bad.jobs.plan.steps.find((s: Json) => s.with?.["role-to-assume"]).with["role-to-assume"] = "${{ vars.AWS_DEPLOY_ROLE_ARN }}";
    bad.jobs.plan.steps.push({ run: 'npm run plan -- --env "${{ matrix.env }}"' });
    expect(deployCredentialProblems("plan", bad.jobs.plan)).toEqual([
      "plan: environment '${{ matrix.env }}' is not a <env>-readonly environment",
      "plan: assumes ${{ vars.AWS_DEPLOY_ROLE_ARN }}",
      `plan: 'npm run plan -- --env "\${{ matrix.env }}"' without --role planner`,
    ]);
    expect(untrustedJobs({ on: { push: {} }, jobs: { a: {} } })).toEqual([]);
  });

  it("main.yml deploys only refs/heads/main: every deploy job is guarded, and a run elsewhere fails saying so", () => {
    const jobs = workflows["main.yml"].jobs;
    for (const [name, job] of Object.entries<Json>(jobs)) {
      if (name === "refuse") continue;
      expect([name, job.if]).toEqual([name, "github.ref == 'refs/heads/main'"]);
    }
    expect(jobs.refuse.if).toBe("github.ref != 'refs/heads/main'");
    expect(jobs.refuse.steps[0].run).toMatch(/deploys only refs\/heads\/main[\s\S]*exit 1/);
    const called = workflows["apply-environment.yml"].jobs;
    expect(called.plan.if).toBe("github.ref == 'refs/heads/main'");
    expect(called.apply.if).toBe("github.ref == 'refs/heads/main'");
  });

  it("per environment: plan (saved plans + summary) → approval → apply of exactly those plans", () => {
    const { plan, approve, apply } = workflows["apply-environment.yml"].jobs;
    const runs = (job: Json) => job.steps.map((s: Json) => String(s.run ?? "")).join("\n");
    expect(runs(plan)).toMatch(/npm run plan -- --env "\$\{\{ inputs.environment \}\}" --skip-bootstrap --out-plans "plans\/\$\{\{ inputs.environment \}\}"/);
    expect(runs(plan)).toContain("GITHUB_STEP_SUMMARY");
    expect(approve.needs).toBe("plan");
    expect(approve.environment).toBe("${{ inputs.environment }}-approval");
    expect(approve.permissions).toEqual({});
    expect(apply.needs).toEqual(["plan", "approve"]);
    expect(runs(apply)).toMatch(/npm run apply -- --env "\$\{\{ inputs.environment \}\}" --skip-bootstrap --plans "plans\/\$\{\{ inputs.environment \}\}"/);
    expect(runs(apply)).not.toMatch(/npm run plan/); // no new plan after the approval
    const up = plan.steps.find((s: Json) => String(s.uses).startsWith("actions/upload-artifact"));
    const down = apply.steps.find((s: Json) => String(s.uses).startsWith("actions/download-artifact"));
    expect(down.with.name).toBe(up.with.name);
    expect(up.with["retention-days"]).toBe(1);
    // the deploy environment (deploy role) is never the one with the reviewers: the plan must be visible first
    expect(plan.environment).toBe("${{ inputs.environment }}");
    expect(apply.environment).toBe("${{ inputs.environment }}");
  });

  it("plan and apply of one environment share one concurrency group; PR plans and drift use others", () => {
    const main = workflows["main.yml"].jobs;
    const groups = DEPLOY_ENVS.map((e) => main[e].concurrency);
    expect(groups).toEqual(DEPLOY_ENVS.map((e) => ({ group: `deploy-${e}`, "cancel-in-progress": false })));
    for (const e of DEPLOY_ENVS) expect(main[e].uses).toBe("./.github/workflows/apply-environment.yml");
    expect(workflows["pr.yml"].concurrency.group).toBe("pr-${{ github.event.pull_request.number }}");
    expect(workflows["drift.yml"].jobs.drift.concurrency.group).toBe("drift-${{ matrix.env }}");
    expect(Object.values<Json>(workflows["apply-environment.yml"].jobs).map((j) => j.concurrency)).toEqual([undefined, undefined, undefined]);
  });

  it("pr.yml fans the plans out as one job per changed stack (--changed-since … --matrix)", () => {
    const { changes, plan } = workflows["pr.yml"].jobs;
    expect(changes.steps.find((s: Json) => s.id === "select").run).toContain('npm run --silent plan -- --env "$env" --changed-since "$BASE_REF" --matrix --role planner');
    expect(changes.steps[0].with["fetch-depth"]).toBe(0);
    expect(plan.strategy.matrix).toBe("${{ fromJSON(needs.changes.outputs.matrix) }}");
    expect(plan.if).toBe("needs.changes.outputs.any == 'true'");
    expect(plan.steps.map((s: Json) => String(s.run ?? "")).join("\n")).toContain('--stack "${{ matrix.stack }}" --role planner');
  });
});

describe("workflows: actions", () => {
  /** Current majors (Node 24 runtime), checked against each action's release tags in December 2026. */
  const MAJORS: Record<string, number> = {
    "actions/checkout": 7,
    "actions/setup-node": 7,
    "actions/setup-python": 7,
    "actions/cache": 5,
    "actions/upload-artifact": 7,
    "actions/download-artifact": 8,
    "actions/github-script": 8,
    "aws-actions/configure-aws-credentials": 6,
    "hashicorp/setup-terraform": 4,
  };
  const files = [...fs.readdirSync(WF).map((f) => path.join(WF, f)), path.join(PROJECT_ROOT, ".github", "actions", "setup", "action.yml")];
  const uses = files.flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/uses:\s*(\S+)(.*)$/gm)].map((m) => ({ file: path.basename(f), ref: m[1], comment: m[2].trim() })));

  it("every third-party action is SHA-pinned, with its version, on its current major", () => {
    const external = uses.filter((u) => !u.ref.startsWith("./"));
    expect(external.length).toBeGreaterThan(10);
    for (const u of external) {
      const m = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/.exec(u.ref);
      expect([u.file, u.ref, Boolean(m)]).toEqual([u.file, u.ref, true]);
      const v = /^# v(\d+)\.\d+\.\d+$/.exec(u.comment);
      expect([u.ref, Boolean(v)]).toEqual([u.ref, true]);
      expect([m![1], Number(v![1])]).toEqual([m![1], MAJORS[m![1]]]);
    }
  });

  it("action-validator accepts every workflow and the setup action, and refuses a broken one", () => {
    const bin = path.join(PROJECT_ROOT, "node_modules", ".bin", "action-validator");
    for (const f of files) {
      const r = spawnSync(bin, [f], { encoding: "utf8" });
      expect([path.basename(f), r.status, r.stdout + r.stderr]).toEqual([path.basename(f), 0, ""]);
    }
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-wf-")), "bad.yml");
    const doctored = JSON.parse(JSON.stringify(workflows["main.yml"]));
    doctored.jobs.refuse["runs-onn"] = doctored.jobs.refuse["runs-on"];
    delete doctored.jobs.refuse["runs-on"];
    fs.writeFileSync(bad, stringify(doctored));
    expect(spawnSync(bin, [bad], { encoding: "utf8" }).status).not.toBe(0);
  }, 60_000);
});
