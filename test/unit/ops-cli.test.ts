/**
 * The pipeline commands' command lines: usage errors (exit 64) with a clear message, unknown
 * environments, a missing terraform, and the terraform runner's environment, CLI config and
 * progress lines (against a stand-in terraform script, no real terraform needed).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { runMain } from "../../ops/orchestrate";
import { driftMain } from "../../ops/drift";
import { localMain, checkLocalTools, routeLines, writeAwsCliConfig } from "../../ops/local";
import { validateEnvironment } from "../../config/load";
import { localFixture } from "../fixtures/env";
import { UNKNOWN_ENV, knownEnvironments, knownEnvironmentsPattern } from "../fixtures/user-envs";
import { TerraformError, TerraformNotFoundError, TerraformRunner, cliConfigFile, terraformEnv } from "../../ops/terraform";
import { UsageError } from "../../cli";

const ROOT = path.resolve(__dirname, "../..");
const NO_TOOLS = { PATH: path.join(os.tmpdir(), "no-such-bin-dir") };

describe("usage errors (exit 64)", () => {
  it.each([
    ["plan", ["--env", UNKNOWN_ENV], new RegExp(`unknown environment '${UNKNOWN_ENV}' \\(known: ${knownEnvironmentsPattern()}\\)`)],
    ["plan", ["--bogus"], /Unknown option '--bogus'/],
    ["plan", [], /--env or --config is required/],
    ["apply", ["--env", "dev", "--parallel", "0"], /--parallel must be a positive integer \(got '0'\)/],
    ["apply", ["--env", "dev", "extra"], /unexpected argument 'extra'/],
    ["apply", ["--env", "dev", "--stack", "dev-app-nope"], /unknown stack dev-app-nope/],
  ] as const)("%s %j", async (cmd, argv, message) => {
    const err = await runMain(cmd, [...argv], { vars: { ...process.env } }).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`usage: npm run ${cmd} --`);
  });

  it("drift and local", async () => {
    await expect(driftMain([])).rejects.toThrow(/--env or --config is required/);
    await expect(driftMain(["--env", "dev", "--parallel", "x"])).rejects.toThrow(UsageError);
    await expect(localMain([])).rejects.toThrow(/up, down or status\?/);
    await expect(localMain(["start"])).rejects.toThrow(/unknown subcommand 'start'/);
    await expect(localMain(["up", "--skip-destroy"])).rejects.toThrow(/--skip-destroy belongs to down/);
  });

  it("the real command line exits 64 and prints the usage", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/plan.ts", "--env", UNKNOWN_ENV], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(64);
    expect(r.stderr).toContain(`usage error: unknown environment '${UNKNOWN_ENV}' (known: ${knownEnvironments()})`);
  }, 30_000);
});

describe("missing terraform", () => {
  it("plan, apply and drift say how to install it before doing anything", async () => {
    for (const run of [() => runMain("plan", ["--env", "dev"], { vars: NO_TOOLS }), () => runMain("apply", ["--env", "dev"], { vars: NO_TOOLS }), () => driftMain(["--env", "dev"], { vars: NO_TOOLS })]) {
      const err = await run().catch((e) => e);
      expect(err).toBeInstanceOf(TerraformNotFoundError);
      expect(err.message).toMatch(/terraform not found .* Install Terraform 1\.11 or newer: https:\/\/developer\.hashicorp\.com\/terraform\/install/);
    }
  });

  it("the real command line exits 1 with that message", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/drift.ts", "--env", "dev"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: NO_TOOLS.PATH, TERRAFORM_BIN: "" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: terraform not found");
  }, 30_000);

  it("local up lists every missing tool with how to get it", async () => {
    const t = await checkLocalTools({ PATH: NO_TOOLS.PATH, TF_PLUGIN_MIRROR: path.join(os.tmpdir(), "no-mirror") });
    expect(t.problems.join("\n")).toContain("terraform not found");
    expect(t.problems.join("\n")).toContain('pip install "moto[server]"');
    expect(t.problems.join("\n")).toMatch(/TF_PLUGIN_MIRROR=.* has no registry.terraform.io\/hashicorp\/aws\/5\.100\.0/);
  });
});

describe("terraform environment", () => {
  const vars = { PATH: "/usr/bin", HOME: "/home/u", AWS_PROFILE: "prod-admin", AWS_SESSION_TOKEN: "t", TF_VAR_x: "1", HTTPS_PROXY: "http://proxy:3128" };
  it("real AWS: the caller's credentials and settings pass through", () => {
    const env = terraformEnv({ region: "eu-west-1" }, { EXTRA: "1" }, vars);
    expect(env).toMatchObject({ AWS_PROFILE: "prod-admin", AWS_SESSION_TOKEN: "t", HTTPS_PROXY: "http://proxy:3128", EXTRA: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" });
    expect(env.AWS_ENDPOINT_URL).toBeUndefined();
  });
  it("emulator: nothing that could reach a real account", () => {
    const env = terraformEnv({ endpoint: "http://127.0.0.1:5000", region: "us-east-1" }, {}, vars);
    expect(env).toMatchObject({ AWS_ENDPOINT_URL: "http://127.0.0.1:5000", AWS_ACCESS_KEY_ID: "testing", AWS_REGION: "us-east-1", HTTPS_PROXY: "http://proxy:3128" });
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(env.TF_VAR_x).toBeUndefined();
  });
  it("TF_PLUGIN_MIRROR becomes a CLI config installing hashicorp/* from it; a wrong mirror is a clear error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-mirror-"));
    fs.mkdirSync(path.join(dir, "mirror", "registry.terraform.io", "hashicorp", "aws", "5.100.0"), { recursive: true });
    const file = cliConfigFile({ TF_PLUGIN_MIRROR: path.join(dir, "mirror") }, dir)!;
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain(`path    = ${JSON.stringify(path.join(dir, "mirror"))}`);
    expect(text).toContain('exclude = ["registry.terraform.io/hashicorp/*"]');
    expect(() => cliConfigFile({ TF_PLUGIN_MIRROR: dir }, dir)).toThrow(/no hashicorp\/aws 5\.100\.0/);
    expect(cliConfigFile({}, dir)).toBeUndefined(); // the registry
    fs.rmSync(dir, { recursive: true });
  });
});

describe("TerraformRunner (stand-in terraform)", () => {
  const fake = (script: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-fake-tf-"));
    const bin = path.join(dir, "terraform");
    fs.writeFileSync(bin, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return { dir, bin };
  };
  it("prints progress lines naming what it waits on", async () => {
    const { dir, bin } = fake('echo "aws_lb.nlb: Creating..."; sleep 1; echo "aws_lb.nlb: Creation complete after 1s [id=x]"');
    const lines: string[] = [];
    const r = new TerraformRunner({ dir, bin, name: "dev-platform", log: (l) => lines.push(l), heartbeatSeconds: 0.3, vars: { PATH: process.env.PATH } });
    await r.applyPlan("x.plan");
    expect(lines.some((l) => /^\[dev-platform\] apply: \d+s — 0 done, 1 in progress; waiting on aws_lb\.nlb/.test(l))).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
  it("a failure carries terraform's Error blocks", async () => {
    const { dir, bin } = fake('echo "│ Error: creating API Gateway REST API: AccessDenied" >&2; exit 1');
    const err = await new TerraformRunner({ dir, bin, vars: { PATH: process.env.PATH } }).init().catch((e) => e);
    expect(err).toBeInstanceOf(TerraformError);
    expect(err.message).toContain("terraform init failed (exit 1)");
    expect(err.message).toContain("Error: creating API Gateway REST API: AccessDenied");
    fs.rmSync(dir, { recursive: true });
  });
  it("plan -detailed-exitcode: 2 means changes, not failure", async () => {
    const { dir, bin } = fake("exit 2");
    const p = await new TerraformRunner({ dir, bin, vars: { PATH: process.env.PATH } }).plan({ out: "a.plan" });
    expect(p.changes).toBe(true);
    expect(p.result.args).toEqual(["plan", "-no-color", "-input=false", "-out=a.plan", "-detailed-exitcode"]);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("local: what `up` prints and writes", () => {
  const checked = validateEnvironment(localFixture());
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const env = checked.env;
  it("an AWS CLI profile per account, through the deploy role, with a per-emulator session name", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-local-"));
    const r = writeAwsCliConfig(path.join(dir, "aws-config"), env, "http://127.0.0.1:5555", "aoa-local-1-5555");
    expect(r.profiles.map((p) => [p.profile, p.account])).toEqual([
      ["aoa-local-shared", "100000000001"],
      ["aoa-local-orders", "200000000002"],
      ["aoa-local-payments", "300000000003"],
    ]);
    const text = fs.readFileSync(r.file, "utf8");
    expect(text).toContain("role_arn = arn:aws:iam::100000000001:role/aoa-deployer");
    expect(text).toContain("role_session_name = aoa-local-1-5555");
    expect(text).toContain("endpoint_url = http://127.0.0.1:5555");
    fs.rmSync(dir, { recursive: true });
  });
  it("the route map: method, https://<domain>/<basePath><path>, auth", () => {
    const text = routeLines(env).join("\n");
    expect(text).toMatch(/GET\s+https:\/\/api\.local\.acme-example\.com\/orders\/\{orderId\}\s+scopes: orders:read\s+orders/);
    expect(text).toMatch(/POST\s+https:\/\/api\.local\.acme-example\.com\/payments\/v1\/webhooks\/\{provider\}\s+public: /);
    expect(text).toMatch(/orders\s+1\.4\.0\s+https:\/\/api\.local\.acme-example\.com\/orders\s+-\s+not applied/);
  });
});
