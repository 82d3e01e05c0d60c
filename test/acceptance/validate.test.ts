/**
 * `terraform validate` (real terraform, the pinned provider) on every stack of every built-in
 * environment: catches what compiling and synthesizing cannot (e.g. untyped WAF statements with
 * wrong keys). And the failing side: a stack with an invalid attribute does not validate.
 *
 * One terraform validate for all stacks: a root module that calls each stack as a child module
 * (terraform's own way of testing a root module: it validates the child's resources and provider
 * configurations, and ignores its backend block with a warning). Validating each stack in its own
 * directory took one init + one validate per stack, each loading the provider's schema:
 * ~160 CPU-s for 23 stacks, against ~45 for the one run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeIfTools, Terraform } from "./harness";
import { synthesize, type SynthResult } from "../../synth";

describeIfTools("terraform validate on every example stack", () => {
  let work: string;
  let synth: SynthResult;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-validate-"));
    synth = await synthesize({ outdir: path.join(work, "cdktf.out") });
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  // validate needs no AWS; the endpoint is never contacted
  const tfFor = (dir: string, name: string) => new Terraform(dir, { endpoint: "http://127.0.0.1:9", name });

  /** init + validate of a root module calling each stack directory as a child module. */
  const validateAsModules = async (name: string, stacks: readonly { name: string; dir: string }[]) => {
    const root = path.join(work, name);
    fs.mkdirSync(root, { recursive: true });
    const source = (dir: string) => {
      const rel = path.relative(root, dir);
      return rel.startsWith("..") ? rel : `./${rel}`; // a local path, not copied into .terraform/modules
    };
    fs.writeFileSync(path.join(root, "main.tf.json"), JSON.stringify({ module: Object.fromEntries(stacks.map((s) => [s.name, { source: source(s.dir) }])) }, null, 2));
    const tf = tfFor(root, name);
    await tf.run(["init", "-backend=false", "-input=false"]);
    await tf.validate();
    return tf.last!;
  };

  it("every stack of dev, staging, prod and local is valid Terraform", async () => {
    expect(synth.stacks.length).toBeGreaterThanOrEqual(16);
    const r = await validateAsModules("all", synth.stacks);
    expect(r.stdout).toMatch(/Success! The configuration is valid/);
    // the only warnings: each stack's backend block, which a child module does not use
    const warnings = [...`${r.stdout}\n${r.stderr}`.matchAll(/^Warning: (.+)$/gm)].map((m) => m[1]);
    expect([...new Set(warnings)]).toEqual(["Backend configuration ignored"]);
  }, 900_000);

  it("an invalid attribute fails validation (the check can fail)", async () => {
    const platform = synth.stacks.find((s) => s.name === "dev-platform")!;
    const dir = path.join(work, "broken");
    fs.mkdirSync(dir, { recursive: true });
    const json = JSON.parse(JSON.stringify(platform.json));
    const acl = Object.values<any>(json.resource.aws_wafv2_web_acl)[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    // camelCase inside an untyped WAF statement compiles and synthesizes, but is not Terraform
    acl.rule[acl.rule.length - 1].statement = { rateBasedStatement: { limit: 100, aggregateKeyType: "IP" } };
    delete json.terraform.backend;
    for (const fn of Object.values<any>(json.resource.aws_lambda_function ?? {})) fn.filename = "missing.zip"; // eslint-disable-line @typescript-eslint/no-explicit-any
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
    const good = synth.stacks.find((s) => s.name === "dev-app-orders")!;
    await expect(validateAsModules("with-broken", [good, { name: "broken", dir }])).rejects.toThrow(/rateBasedStatement|Unsupported argument|An argument named/);
  }, 300_000);
});
