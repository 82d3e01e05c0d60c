/**
 * `terraform validate` (real terraform, the pinned provider) on every stack of every built-in
 * environment: catches what compiling and synthesizing cannot (e.g. untyped WAF statements with
 * wrong keys). And the failing side: a stack with an invalid attribute does not validate.
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

  it("every stack of dev, staging, prod and local is valid Terraform", async () => {
    expect(synth.stacks.length).toBeGreaterThanOrEqual(16);
    const queue = [...synth.stacks];
    const failures: string[] = [];
    const worker = async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const tf = tfFor(s.dir, s.name);
        try {
          await tf.run(["init", "-backend=false", "-input=false"]);
          await tf.validate();
        } catch (e) {
          failures.push(`${s.name}: ${(e as Error).message.slice(0, 2000)}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
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
    const tf = tfFor(dir, "broken");
    await tf.run(["init", "-backend=false", "-input=false"]);
    await expect(tf.validate()).rejects.toThrow(/rateBasedStatement|Unsupported argument|An argument named/);
  }, 300_000);
});
