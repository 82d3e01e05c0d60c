/**
 * TerraformRunner.init() runs `terraform init` only when terraform would need one: the first time,
 * after the `terraform` block (backend, required providers) or the providers in use change, or when
 * what init wrote is gone. A stand-in terraform records its calls and writes what init writes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformRunner } from "../../ops/terraform";

describe("terraform init runs only when terraform would need it", () => {
  let work: string;
  let dir: string;
  let calls: string;
  let bin: string;
  const inits = () => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n").filter((l) => l.startsWith("init")).length : 0);
  const write = (backendPath: string, resource: Record<string, unknown> = { aws_ssm_parameter: { p: {} } }) =>
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: backendPath } }, required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } }, provider: { aws: [{}] }, resource }));
  const runner = () => new TerraformRunner({ dir, bin, vars: { PATH: process.env.PATH } });

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-init-record-"));
    dir = path.join(work, "stack");
    fs.mkdirSync(dir);
    calls = path.join(work, "calls.log");
    bin = path.join(work, "terraform");
    fs.writeFileSync(bin, `#!/bin/sh\necho "$*" >> "${calls}"\n[ "$1" = init ] && mkdir -p .terraform/providers && touch .terraform.lock.hcl\nexit 0\n`, { mode: 0o755 });
    write("state/a.tfstate");
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it("once for the same configuration, also from a new runner (another command)", async () => {
    await runner().init();
    expect(inits()).toBe(1);
    const again = await runner().init();
    expect(inits()).toBe(1);
    expect(again.stdout).toMatch(/init skipped/);
  });

  it("again when the backend changes, when a provider comes into use, when the lock file or the providers are gone", async () => {
    await runner().init();
    write("state/b.tfstate");
    await runner().init();
    expect(inits()).toBe(2);
    write("state/b.tfstate", { aws_ssm_parameter: { p: {} }, archive_file: { a: {} } });
    await runner().init();
    expect(inits()).toBe(3);
    fs.rmSync(path.join(dir, ".terraform.lock.hcl"));
    await runner().init();
    expect(inits()).toBe(4);
    fs.rmSync(path.join(dir, ".terraform", "providers"), { recursive: true });
    await runner().init();
    expect(inits()).toBe(5);
    await runner().init();
    expect(inits()).toBe(5);
  });

  it("again after a failed init (nothing is recorded for it)", async () => {
    fs.writeFileSync(bin, `#!/bin/sh\necho "$*" >> "${calls}"\n[ "$1" = init ] && mkdir -p .terraform/providers && touch .terraform.lock.hcl && exit 1\nexit 0\n`, { mode: 0o755 });
    await expect(runner().init()).rejects.toThrow(/init failed/);
    await expect(runner().init()).rejects.toThrow(/init failed/);
    expect(inits()).toBe(2);
  });

  it("always in a directory without a synthesized stack", async () => {
    fs.rmSync(path.join(dir, "cdk.tf.json"));
    await runner().init();
    await runner().init();
    expect(inits()).toBe(2);
  });
});
