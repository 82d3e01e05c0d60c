/**
 * Plan summaries from captured `terraform show -json` output (test/fixtures/plans: real plans of
 * the local environment against moto), the dependency-ordered scheduler, the "blocked by a
 * missing platform contract" detection, and the written reports.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { summarizePlan, runMarkdown, writeRunReport, countsLine, type RunReport } from "../../ops/plan-report";
import { isContractMissing, missingContractKeys, runOrdered, type TaskOutcome } from "../../ops/orchestrate";
import { summarizeTerraformError } from "../../ops/terraform";

const FIXTURES = path.resolve(__dirname, "../fixtures/plans");
const plan = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

describe("summarizePlan (captured plans)", () => {
  it("a fresh bootstrap: 15 creates, nothing else", () => {
    const s = summarizePlan(plan("bootstrap-fresh.json"));
    expect({ add: s.add, change: s.change, destroy: s.destroy, replace: s.replace }).toEqual({ add: 15, change: 0, destroy: 0, replace: 0 });
    expect(s.changes.every((c) => c.kind === "create")).toBe(true);
    expect(s.outputChanges).toEqual(["deploy_role_arns"]);
  });

  it("counts exactly as terraform printed them, a create-before-destroy replacement in add and destroy", () => {
    // terraform printed for this plan: "Plan: 2 to add, 7 to change, 1 to destroy."
    const s = summarizePlan(plan("app-route-change.json"));
    expect(countsLine(s)).toBe("2 to add, 7 to change, 1 to destroy (1 replaced)");
    const deployment = s.changes.find((c) => c.address.startsWith("aws_api_gateway_deployment."));
    expect(deployment).toMatchObject({ kind: "replace", actions: ["create", "delete"], replacePaths: ["triggers"] });
    expect(s.changes.find((c) => c.address.startsWith("aws_cloudwatch_metric_alarm."))?.kind).toBe("create");
    expect(s.outputChanges).toEqual(["version"]);
  });

  it("no changes right after an apply (refresh-only differences are not changes)", () => {
    const s = summarizePlan(plan("app-after-apply.json"));
    expect(countsLine(s)).toBe("0 to add, 0 to change, 0 to destroy");
    expect(s.changes).toEqual([]);
    expect(s.driftedOutside).toBeGreaterThan(0); // what resource_drift lists is not counted here
  });

  it("ignores data-source reads", () => {
    const s = summarizePlan({ resource_changes: [{ address: "data.aws_ssm_parameter.x", mode: "data", change: { actions: ["read"] } }] });
    expect(s.changes).toEqual([]);
  });
});

describe("isContractMissing", () => {
  const stderr = fs.readFileSync(path.join(FIXTURES, "app-contract-missing.stderr.txt"), "utf8");
  it("recognizes an app plan that fails only because the platform's SSM contract is not there", () => {
    expect(isContractMissing(stderr)).toBe(true);
  });
  it("names the missing contract keys (blocked: contract key <k> is missing)", () => {
    expect(missingContractKeys(stderr).length).toBeGreaterThan(0);
    expect(missingContractKeys("Error: reading SSM Parameter (/acme/dev/platform/vpc-cidr): couldn't find resource")).toEqual(["vpc-cidr"]);
    expect(missingContractKeys("Error: reading SSM Parameter (/acme/dev/apps/orders/release): couldn't find resource")).toEqual([]);
  });
  it("does not mistake other failures for it", () => {
    expect(isContractMissing(`${stderr}\nError: creating API Gateway REST API: AccessDenied\n`)).toBe(false);
    expect(isContractMissing("Error: reading SSM Parameter (/acme/dev/apps/orders/release): couldn't find resource")).toBe(false);
    expect(isContractMissing("")).toBe(false);
  });
  it("summarizeTerraformError keeps the Error blocks without the box drawing", () => {
    const s = summarizeTerraformError("╷\n│ Error: boom\n│ \n│   with aws_x.y,\n╵\n");
    expect(s).toBe("Error: boom\n\n  with aws_x.y,");
  });
});

describe("runOrdered", () => {
  const stacks = [
    { name: "e-bootstrap", dependsOn: [] },
    { name: "e-platform", dependsOn: ["e-bootstrap"] },
    { name: "e-app-a", dependsOn: ["e-bootstrap", "e-platform"] },
    { name: "e-app-b", dependsOn: ["e-bootstrap", "e-platform"] },
    { name: "e-app-c", dependsOn: ["e-bootstrap", "e-platform"] },
  ];
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it("runs bootstrap, then platform, then the apps with at most N at once", async () => {
    const events: string[] = [];
    let running = 0;
    let peak = 0;
    await runOrdered(stacks, 2, async (s) => {
      running++;
      peak = Math.max(peak, running);
      events.push(`start ${s.name}`);
      await tick();
      events.push(`end ${s.name}`);
      running--;
      return "ok";
    });
    expect(events.slice(0, 4)).toEqual(["start e-bootstrap", "end e-bootstrap", "start e-platform", "end e-platform"]);
    expect(peak).toBe(2);
    expect(events.filter((e) => e.startsWith("start")).length).toBe(5);
  });

  it("after a failure starts nothing new, lets running stacks finish, and skips the rest", async () => {
    const finished: string[] = [];
    const outcome: Record<string, TaskOutcome> = { "e-app-a": "failed" };
    const r = await runOrdered(stacks, 2, async (s) => {
      await tick();
      if (s.name === "e-app-b") await tick(); // still running when a fails
      finished.push(s.name);
      return outcome[s.name] ?? "ok";
    });
    expect(finished).toEqual(["e-bootstrap", "e-platform", "e-app-a", "e-app-b"]);
    expect(r.get("e-app-b")?.outcome).toBe("ok");
    expect(r.get("e-app-c")).toEqual({ outcome: "skipped", reason: "e-app-a failed" });
  });

  it("a failed platform skips every app (none is started)", async () => {
    const started: string[] = [];
    const r = await runOrdered(stacks, 3, async (s) => {
      started.push(s.name);
      return s.name === "e-platform" ? "failed" : "ok";
    });
    expect(started).toEqual(["e-bootstrap", "e-platform"]);
    expect(r.get("e-app-a")?.outcome).toBe("skipped");
  });

  it("a blocked stack does not stop the others", async () => {
    const r = await runOrdered(stacks, 2, async (s) => (s.name === "e-app-a" ? "blocked" : "ok"));
    expect([...r.values()].map((x) => x.outcome)).toEqual(["ok", "ok", "blocked", "ok", "ok"]);
  });

  it("dependencies outside the selection count as applied", async () => {
    const r = await runOrdered([stacks[2]], 2, async () => "ok");
    expect(r.get("e-app-a")?.outcome).toBe("ok");
  });
});

describe("run reports", () => {
  const report: RunReport = {
    command: "plan",
    environment: "dev",
    startedAt: "2026-01-01T00:00:00.000Z",
    ms: 65000,
    ok: true,
    stacks: [
      { stack: "dev-platform", role: "platform", status: "changes", counts: { add: 1, change: 0, destroy: 1, replace: 1 }, changes: [{ address: "aws_x.a", kind: "replace", actions: ["create", "delete"], replacePaths: ["name"] }], ms: 1000 },
      { stack: "dev-app-orders", role: "app", status: "blocked", detail: "platform not applied", ms: 500 },
    ],
  };
  it("writes <command>-<env>.md and .json with per-stack counts and status", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-report-"));
    const files = writeRunReport(report, dir);
    expect(path.basename(files.md)).toBe("plan-dev.md");
    expect(JSON.parse(fs.readFileSync(files.json, "utf8")).stacks[1].status).toBe("blocked");
    const md = fs.readFileSync(files.md, "utf8");
    expect(md).toContain("| dev-platform | 1 | 0 | 1 | 1 | changes |");
    expect(md).toContain("| dev-app-orders | - | - | - | - | blocked: platform not applied |");
    expect(md).toContain("- replace `aws_x.a` (forces replacement: name)");
    fs.rmSync(dir, { recursive: true });
  });
  it("markdown says FAILED when a stack failed", () => {
    expect(runMarkdown({ ...report, ok: false })).toContain("FAILED");
  });
});
