/**
 * Start a patched moto server (see moto_patches.py) on 127.0.0.1.
 *
 * The python child binds port 0 (the kernel picks a free port, so parallel servers never race
 * for one) and reports it as "MOTO_READY <port>". It is always killed: by stop(), by a
 * process 'exit' handler, and — should node die without running handlers (SIGKILL) — by itself
 * when its stdin pipe closes.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { checkTools } from "./tools";

export interface Moto {
  endpoint: string;
  port: number;
  /** last lines moto wrote to stderr (request log, tracebacks) — handy in failure messages. */
  logTail(): string;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** extra env for the moto process (defaults below can be overridden). */
  env?: Record<string, string>;
  /** ms to wait for the server to answer; default 60 s. */
  timeoutMs?: number;
}

/** Env the moto child gets by default. */
export const MOTO_DEFAULT_ENV: Record<string, string> = {
  // ACM DNS-validated certificates turn ISSUED after 3 s instead of 60 s.
  MOTO_ACM_VALIDATION_WAIT: "3",
  // AWS managed policies (e.g. AmazonAPIGatewayPushToCloudWatchLogs) exist, as in AWS.
  // Costs ~1 s on the first IAM call of each account, nothing at start-up.
  MOTO_IAM_LOAD_MANAGED_POLICIES: "true",
};

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const c of live) c.kill("SIGKILL");
  });
}

const TAIL = 64 * 1024;

export async function startMoto(opts: StartMotoOptions = {}): Promise<Moto> {
  const { python, missing } = checkTools();
  if (!python) throw new Error(`cannot start moto:\n  - ${missing.filter((m) => m.startsWith("python")).join("\n  - ")}`);
  const started = Date.now();
  const script = path.join(__dirname, "moto_patches.py");
  const child = spawn(python, [script, "--host", "127.0.0.1", "--port", "0"], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...MOTO_DEFAULT_ENV, ...opts.env, PYTHONUNBUFFERED: "1" },
  });
  live.add(child);
  installExitHook();

  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr = (stderr + d).slice(-TAIL);
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      live.delete(child);
      resolve();
    }),
  );

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end();
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(
        () => reject(new Error(`moto did not start within ${opts.timeoutMs ?? 60000} ms`)),
        opts.timeoutMs ?? 60000,
      );
      child.stdout!.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        const m = /MOTO_READY (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once("error", (e) => reject(e));
      child.once("exit", (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`moto exited early (code ${code}, signal ${sig})`));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const res = await fetch(`${endpoint}/moto-api/`);
    if (!res.ok) throw new Error(`moto /moto-api/ answered HTTP ${res.status}`);
    await res.arrayBuffer();
    process.stderr.write(`[moto] ${endpoint} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    return { endpoint, port, stop, logTail: () => stderr.slice(-8000) };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- moto stderr ---\n${stderr.slice(-4000)}`);
  }
}
