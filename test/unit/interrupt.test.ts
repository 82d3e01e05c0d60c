/**
 * Interrupts like terraform's (cli/interrupt.ts): the first SIGINT/SIGTERM is forwarded to
 * terraform once, which stops gracefully; a second one kills terraform's whole process group
 * (its providers too) and removes the stale local lock file; the command exits 130.
 * Run against a stand-in terraform (support/fake-terraform.sh) in a child process.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function runInterrupted(mode: "graceful" | "stuck", signals: NodeJS.Signals[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-interrupt-"));
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: "state/fake.tfstate" } } } }));
  const child = spawn(process.execPath, ["--require", "tsx/cjs", "test/unit/support/interrupt-child.ts"], {
    cwd: ROOT,
    env: { ...process.env, FAKE_TF_DIR: dir, FAKE_TF_BIN: path.join(__dirname, "support", "fake-terraform.sh"), FAKE_TF_MODE: mode },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once("close", (code) => r(code)));
  await until(() => fs.existsSync(path.join(dir, "started")));
  const [tf, provider] = fs.readFileSync(path.join(dir, "pids"), "utf8").trim().split(" ").map(Number);
  for (const s of signals) {
    child.kill(s);
    await new Promise((r) => setTimeout(r, 400));
  }
  const code = await exited;
  await until(() => !alive(tf) && !alive(provider), 5000).catch(() => undefined);
  const result = {
    code,
    stderr,
    signals: fs.existsSync(path.join(dir, "signals")) ? fs.readFileSync(path.join(dir, "signals"), "utf8").trim().split("\n") : [],
    terraformAlive: alive(tf),
    providerAlive: alive(provider),
    lock: fs.existsSync(path.join(dir, "state", ".fake.tfstate.lock.info")),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

describe("interrupts", () => {
  it("one SIGINT reaches terraform once; it stops gracefully; exit 130, nothing left", async () => {
    const r = await runInterrupted("graceful", ["SIGINT"]);
    expect(r.signals).toEqual(["interrupt"]);
    expect(r.stderr).toMatch(/SIGINT received: stopping terraform gracefully \(fake-stack\)/);
    expect(r.code).toBe(130);
    expect(r).toMatchObject({ terraformAlive: false, providerAlive: false, lock: false });
  });

  it("SIGTERM is forwarded as an interrupt too", async () => {
    const r = await runInterrupted("graceful", ["SIGTERM"]);
    expect(r.signals).toEqual(["interrupt"]);
    expect(r.code).toBe(130);
  });

  it("a second signal forces: terraform and its provider are killed, the stale lock is removed", async () => {
    const r = await runInterrupted("stuck", ["SIGINT", "SIGINT"]);
    expect(r.signals).toEqual(["interrupt-ignored"]);
    expect(r.stderr).toMatch(/SIGINT again: forcing/);
    expect(r.code).toBe(130);
    expect(r).toMatchObject({ terraformAlive: false, providerAlive: false, lock: false });
  });

});
