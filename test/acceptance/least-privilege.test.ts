/**
 * Acceptance: least privilege proven by running it. A minimal emulator environment (platform + one
 * app, own moto with IAM enforcement: harness patches IAM_PATCHES in moto_patches.py) is applied
 * *as the deploy roles the bootstrap stack creates*:
 *  1. set-up with enforcement off: the workload fixtures (VPCs, ALB), the bootstrap stack (deploy
 *     and planner roles with their policies, as an administrator would), and a pipeline IAM user
 *     whose only right is sts:AssumeRole into those roles; then `reset-auth 0`: every request is
 *     authenticated and its action checked against the assumed role's policies;
 *  2. apply platform + app as the deploy roles: passes with exactly the bootstrap's policies;
 *  3. as the planner roles: every stack plans (read-only, no lock); an apply is refused (AccessDenied);
 *  4. one action removed from the deploy policy (logs:PutRetentionPolicy): the apply that needs
 *     it fails with AccessDenied naming it; put back, it passes.
 * What moto checks and what it does not: moto_patches.py (IAM enforcement patches) and README.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateUserCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from "@aws-sdk/client-iam";
import { describeIfTools, startMoto, type Moto } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { emulatorAccountConfig } from "../../ops/emulator";
import { runEnvironment, type OpsContext } from "../../ops/orchestrate";
import { localFixture } from "../fixtures/env";
import type { EnvironmentInput } from "../../config/schema";

const SHARED = "100000000001";
const REGION = "us-east-1";
const ROLE = "aoa-deployer";

describeIfTools("least privilege: apply as the bootstrap's deploy roles, plan as its planner roles (moto IAM enforcement on)", () => {
  let moto: Moto;
  let work: string;
  let envFile: string;
  let ctx: OpsContext;
  let keys: Record<string, string>;
  let input: EnvironmentInput;
  const lines: string[] = [];
  const started = Date.now();

  const auth = async (count: number | "inf") => {
    const r = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: "POST", body: count === "inf" ? "inf" : String(count) });
    expect(r.status).toBe(200);
  };
  /** Every refusal terraform reported (moto answers 403 with AccessDenied, or an UnknownError for query protocols). */
  const denied = () => [...new Set(lines.join("\n").match(/not authorized to perform:? [\w-]+:[\w*]+|operation error [\w ]+: \w+, https response error StatusCode: 403[^\n]*/g) ?? [])];

  beforeAll(async () => {
    moto = await startMoto({ env: { AOA_MOTO_IAM: "1" } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-least-priv-"));
    const base = localFixture((e) => {
      e.name = "lp";
      e.apps = [e.apps[0]];
      e.state = { backend: "local", directory: path.join(work, "state") };
      e.suppressions = (e.suppressions ?? []).map((s: { resource: string }) => ({ ...s, resource: s.resource.replace(/^local-/, "lp-") }));
    });
    input = await createLocalFixtures(base, (account) => emulatorAccountConfig(moto.endpoint, REGION, account, ROLE));
    envFile = writeEnvironmentJson(input, path.join(work, "lp.json"));
    ctx = {
      endpoint: moto.endpoint,
      workDir: path.join(work, "ops"),
      log: (l) => {
        lines.push(l);
        process.stderr.write(`${l}\n`);
      },
    };
    // the administrator's part: deploy + planner roles and their policies in every account
    const boot = await runEnvironment("apply", { ...ctx, configFile: envFile, stacks: ["lp-bootstrap"], out: null });
    expect(boot.report.stacks.map((s) => s.status)).toEqual(["applied"]);
    // the pipeline's identity: may only assume the pipeline roles
    const iam = new IAMClient(await emulatorAccountConfig(moto.endpoint, REGION, SHARED, ROLE));
    await iam.send(new CreateUserCommand({ UserName: "pipeline" }));
    const policy = await iam.send(
      new CreatePolicyCommand({
        PolicyName: "pipeline-assume",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::*:role/aoa-deployer", "arn:aws:iam::*:role/aoa-planner"] }] }),
      }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: "pipeline", PolicyArn: policy.Policy!.Arn! }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "pipeline" }))).AccessKey!;
    keys = { AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! };
    iam.destroy();
    await auth(0); // from here on every request is authenticated and authorized
    lines.length = 0;
  }, 300_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    process.stderr.write(`[least-privilege] ${((Date.now() - started) / 1000).toFixed(0)}s in all\n`);
  });

  it("enforcement is on: moto's default test keys are refused", async () => {
    await expect(emulatorAccountConfig(moto.endpoint, REGION, SHARED, ROLE)).rejects.toThrow(/InvalidClientTokenId|security token|not valid|AccessDenied/i);
  });

  it("the deploy roles apply platform and app with exactly the bootstrap's policies", async () => {
    const { report } = await runEnvironment("apply", { ...ctx, configFile: envFile, skipBootstrap: true, extraEnv: keys, out: null });
    const missing = denied();
    if (missing.length) process.stderr.write(`[least-privilege] denied to the deploy roles:\n  ${missing.join("\n  ")}\n`);
    expect(missing).toEqual([]);
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["lp-platform", "applied"],
      ["lp-app-orders", "applied"],
    ]);
  }, 900_000);

  it("the planner roles plan every stack (read-only, no lock), and their apply is refused with AccessDenied", async () => {
    lines.length = 0;
    const plan = await runEnvironment("plan", { ...ctx, configFile: envFile, role: "planner", extraEnv: keys, out: null });
    expect(denied()).toEqual([]);
    expect(plan.report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["lp-platform", "no-changes"],
      ["lp-app-orders", "no-changes"],
    ]);
    // a change, applied as the planner
    writeEnvironmentJson({ ...input, edge: { ...input.edge, logRetentionDays: 14 } } as EnvironmentInput, envFile);
    const apply = await runEnvironment("apply", { ...ctx, configFile: envFile, role: "planner", stacks: ["lp-app-orders"], extraEnv: keys, out: null });
    expect(apply.report.stacks.map((s) => s.status)).toEqual(["failed"]);
    expect(apply.report.stacks[0].error).toMatch(/PutRetentionPolicy, https response error StatusCode: 403/);

  }, 600_000);

  it("one action removed from the deploy policy: the apply needing it fails naming it; restored, it passes", async () => {
    await auth("inf");
    const iam = new IAMClient(await emulatorAccountConfig(moto.endpoint, REGION, SHARED, ROLE));
    const arn = `arn:aws:iam::${SHARED}:policy/aoa-deployer-runtime`;
    const version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId!;
    const original = decodeURIComponent((await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))).PolicyVersion!.Document!);
    const doc = JSON.parse(original);
    for (const st of doc.Statement) if (Array.isArray(st.Action)) st.Action = st.Action.filter((a: string) => a !== "logs:PutRetentionPolicy");
    expect(JSON.stringify(doc)).not.toContain("logs:PutRetentionPolicy");
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(doc), SetAsDefault: true }));
    await auth(0);

    lines.length = 0;
    const failed = await runEnvironment("apply", { ...ctx, configFile: envFile, stacks: ["lp-app-orders"], extraEnv: keys, out: null });
    expect(failed.report.stacks.map((s) => s.status)).toEqual(["failed"]);
    // moto answers the JSON-protocol call with an XML AccessDenied body, so the SDK names the operation and the 403
    expect(failed.report.stacks[0].error).toMatch(/PutRetentionPolicy, https response error StatusCode: 403/);

    await auth("inf");
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: original, SetAsDefault: true }));
    iam.destroy();
    await auth(0);
    const ok = await runEnvironment("apply", { ...ctx, configFile: envFile, stacks: ["lp-app-orders"], extraEnv: keys, out: null });
    expect(ok.report.stacks.map((s) => s.status)).toEqual(["applied"]);
  }, 600_000);
});
