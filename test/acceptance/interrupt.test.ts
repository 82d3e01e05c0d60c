/**
 * Acceptance: Ctrl-C during an apply into moto, like terraform's own (cli/interrupt.ts).
 *
 * `npm run apply`'s entry point (scripts/apply.ts) applies the platform stack of a local-shaped
 * environment as a subprocess; SIGINT arrives mid-apply (while the NLB is being created). Then:
 * the command exits 130 after terraform stopped gracefully, no process it started is left (the
 * process list before and after is printed), no lock file, the state holds what was created.
 * The fixtures are created a second time (idempotent: same ids, one VPC), the apply is re-run
 * and completes, and a second plan is clean.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describeIfTools, startMoto, type Moto } from "./harness";
import { createLocalFixtures, fixtureVpcName, writeEnvironmentJson } from "../../ops/local-fixtures";
import { emulatorAccountConfig } from "../../ops/emulator";
import { runEnvironment } from "../../ops/orchestrate";
import { localFixture } from "../fixtures/env";
import type { EnvironmentInput } from "../../config/schema";

const ROOT = path.resolve(__dirname, "..", "..");
const NAME = "intr";

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
}

function processTable(): Proc[] {
  const out: Proc[] = [];
  for (const p of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.push({ pid: Number(p), ppid, cmd: fs.readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ").trim().slice(0, 140) });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** `root` and every process below it (terraform runs in its own process group, still a child). */
function descendants(root: number): Proc[] {
  const all = processTable();
  const found: Proc[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const p of all.filter((x) => x.ppid === pid)) {
      found.push(p);
      queue.push(p.pid);
    }
  }
  return found;
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

describeIfTools("interrupting an apply (SIGINT mid-way) and re-running it", () => {
  let moto: Moto;
  let work: string;
  let envFile: string;
  let input: EnvironmentInput;
  const stack = `${NAME}-platform`;

  const base = (): EnvironmentInput =>
    localFixture((e) => {
      e.name = NAME;
      e.state = { backend: "local", directory: path.join(work, "state") };
      e.suppressions = [{ rule: "AOA-R53-001", resource: `${NAME}-platform/aws_route53_zone.*`, reason: "emulator environment of a test" }];
    });
  const configFor = (account: string) => emulatorAccountConfig(moto.endpoint, "us-east-1", account, "aoa-deployer");

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-interrupt-accept-"));
    input = await createLocalFixtures(base(), configFor);
    envFile = writeEnvironmentJson(input, path.join(work, `${NAME}.json`));
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, ".work", "synth", NAME), { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, ".work", "plans", NAME), { recursive: true, force: true });
  });

  function apply(): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", "scripts/apply.ts", "--config", envFile, "--stack", stack, "--skip-bootstrap", "--out", path.join(work, "reports")], {
      cwd: ROOT,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (output += d));
    return { child, output: () => output, exited: new Promise((r) => child.once("close", (code) => r(code))) };
  }

  it("SIGINT mid-apply: terraform stops gracefully, exit 130, no process left, no lock; the re-run completes and the next plan is clean", async () => {
    const run = apply();
    // the saved plan is shown, then terraform applies it: interrupt while resources are being created
    const deadline = Date.now() + 180_000;
    while (!/\[intr-platform\] plan: \d+ to add/.test(run.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    while (!descendants(run.child.pid!).some((p) => /terraform apply/.test(p.cmd)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 20_000)); // creating: the NLB takes the provider ~60 s
    const before = descendants(run.child.pid!);
    process.stderr.write(`processes of the apply before SIGINT:\n${before.map((p) => `  ${p.pid} (parent ${p.ppid}) ${p.cmd}`).join("\n")}\n`);
    expect(before.some((p) => /terraform apply/.test(p.cmd))).toBe(true);
    expect(before.some((p) => /terraform-provider-aws/.test(p.cmd))).toBe(true);

    run.child.kill("SIGINT");
    const code = await run.exited;
    // esbuild's service process (the authorizer build) exits when its parent's pipe closes: allow it a moment
    for (let i = 0; i < 50 && before.some((p) => alive(p.pid)); i++) await new Promise((r) => setTimeout(r, 100));
    const left = before.filter((p) => alive(p.pid));
    process.stderr.write(`after: exit ${code}; still running of those: ${left.length ? left.map((p) => `${p.pid} ${p.cmd}`).join("; ") : "none"}\n`);
    expect(run.output()).toMatch(/SIGINT received: stopping terraform gracefully \(intr-platform\)/);
    expect(code).toBe(130);
    expect(left).toEqual([]);
    process.stderr.write(`apply output (tail):\n${run.output().slice(-3000)}\n`);
    const stateDir = path.join(work, "state");
    process.stderr.write(`state directory: ${fs.readdirSync(stateDir).join(", ")}\n`);
    expect(fs.readdirSync(stateDir).filter((f) => f.endsWith(".lock.info"))).toEqual([]);
    const state = JSON.parse(fs.readFileSync(path.join(stateDir, `${stack}.tfstate`), "utf8"));
    expect(state.resources.length).toBeGreaterThan(0); // what was created before the interrupt is in the state

    // fixtures again: found, not duplicated
    const again = await createLocalFixtures(base(), configFor);
    expect(again.network.vpcId).toBe(input.network.vpcId);
    const albs = (e: EnvironmentInput) => e.apps!.map((a) => ("albArn" in a.backend ? a.backend.albArn : a.name));
    expect(albs(again)).toEqual(albs(input));
    const ec2 = new EC2Client(await configFor(input.accounts.sharedServices));
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [fixtureVpcName(NAME, "shared")] }] }));
    ec2.destroy();
    expect(vpcs.Vpcs).toHaveLength(1);

    const rerun = apply();
    expect(await rerun.exited).toBe(0);
    expect(rerun.output()).toMatch(/intr-platform .* applied/);

    const { report } = await runEnvironment("plan", { endpoint: moto.endpoint, configFile: envFile, stacks: [stack], skipBootstrap: true, out: null, log: () => undefined });
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([[stack, "no-changes"]]);
  }, 600_000);
});
