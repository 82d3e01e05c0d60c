/**
 * The local AWS emulator (moto) behind `npm run local`: a patched moto server started detached on
 * 127.0.0.1 (it outlives the command; pid + port in .work/local/moto.json), and SDK configuration
 * bound to one emulated account through sts:AssumeRole (how terraform gets there too).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { PROJECT_ROOT } from "../config/load";
import type { AccountSdkConfig } from "./account-sdk";
import { WORK_DIR, which } from "./terraform";

/**
 * The moto launcher with the fidelity patches a real apply needs (prints "MOTO_READY <port>").
 * One constant: when the file moves under ops/, this is the only line to change.
 */
export const MOTO_LAUNCHER = path.join(PROJECT_ROOT, "test", "acceptance", "harness", "moto_patches.py");
export const LOCAL_DIR = path.join(WORK_DIR, "local");
export const MOTO_STATE_FILE = path.join(LOCAL_DIR, "moto.json");
/** Base credentials for moto (any value works). */
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;
/** Env of the moto process: DNS-validated certificates are ISSUED after 3 s instead of 60 s. */
export const MOTO_ENV = { MOTO_ACM_VALIDATION_WAIT: "3" } as const;
export const MOTO_INSTALL_HINT = 'pip install "moto[server]"';

export interface MotoInfo {
  readonly pid: number;
  readonly port: number;
  readonly endpoint: string;
  readonly startedAt: string;
  readonly log: string;
  readonly python: string;
}

/** A python interpreter that can import moto (MOTO_PYTHON or python3), or why not. */
export function findMotoPython(vars: NodeJS.ProcessEnv = process.env): { python?: string; problem?: string; version?: string } {
  const want = vars.MOTO_PYTHON || "python3";
  const python = which(want, vars);
  if (!python) return { problem: `${want} not found on PATH — install Python 3 and then moto: ${MOTO_INSTALL_HINT} (or set MOTO_PYTHON to the interpreter that has moto)` };
  const probe = spawnSync(python, ["-c", "import moto, werkzeug; print(moto.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) {
    return { problem: `moto is not installed for ${python} — run \`${MOTO_INSTALL_HINT}\` (the server extra provides moto_server and werkzeug), or set MOTO_PYTHON to the interpreter that has it` };
  }
  return { python, version: probe.stdout.trim() };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Is `pid` our moto server (and not a recycled pid)? Unknown on systems without /proc: trust the pid. */
function isOurMoto(pid: number): boolean {
  if (!alive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(path.basename(MOTO_LAUNCHER));
  } catch {
    return true;
  }
}

export function readMotoState(file: string = MOTO_STATE_FILE): MotoInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as MotoInfo;
  } catch {
    return undefined;
  }
}

/** The endpoint of the running `npm run local` emulator, if any (cheap: no request). */
export function localEndpoint(file: string = MOTO_STATE_FILE): string | undefined {
  const info = readMotoState(file);
  return info && isOurMoto(info.pid) ? info.endpoint : undefined;
}

/** Does the server answer? */
export async function motoResponds(endpoint: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** The running server recorded in `file`, when its process is ours and it answers. */
export async function runningMoto(file: string = MOTO_STATE_FILE): Promise<MotoInfo | undefined> {
  const info = readMotoState(file);
  if (!info || !isOurMoto(info.pid)) return undefined;
  return (await motoResponds(info.endpoint)) ? info : undefined;
}

/**
 * Starts the patched moto server detached (it keeps running after this process exits) and records
 * it in `file`. The launcher exits when its stdin closes (an orphan guard for tests); a detached
 * server gets a stdin pipe whose write end it holds itself, so it runs until stopped.
 */
export async function startDetachedMoto(opts: { python: string; file?: string; timeoutMs?: number; env?: Record<string, string> }): Promise<MotoInfo> {
  const file = opts.file ?? MOTO_STATE_FILE;
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, "moto.log");
  const fd = fs.openSync(log, "w");
  const wrapper = [
    "import os, runpy, sys",
    "r, w = os.pipe()",
    "os.dup2(r, 0)  # stdin: a pipe whose write end this process keeps open",
    `launcher = ${JSON.stringify(MOTO_LAUNCHER)}`,
    "sys.argv = [launcher, '--host', '127.0.0.1', '--port', '0']",
    "runpy.run_path(launcher, run_name='__main__')",
  ].join("\n");
  const child = spawn(opts.python, ["-c", wrapper], {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...MOTO_ENV, ...opts.env, PYTHONUNBUFFERED: "1" },
    cwd: dir,
  });
  fs.closeSync(fd);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error(`could not start ${opts.python}`);
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let port: number | undefined;
  while (Date.now() < deadline) {
    const text = fs.readFileSync(log, "utf8");
    const m = /MOTO_READY (\d+)/.exec(text);
    if (m) {
      port = Number(m[1]);
      break;
    }
    if (!alive(pid)) throw new Error(`moto exited while starting; its log (${log}):\n${text.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!port) {
    stopPid(pid);
    throw new Error(`moto did not report MOTO_READY within ${(opts.timeoutMs ?? 60_000) / 1000}s; see ${log}`);
  }
  const endpoint = `http://127.0.0.1:${port}`;
  if (!(await motoResponds(endpoint, 10_000))) throw new Error(`moto on ${endpoint} does not answer /moto-api/; see ${log}`);
  const info: MotoInfo = { pid, port, endpoint, startedAt: new Date().toISOString(), log, python: opts.python };
  fs.writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

function stopPid(pid: number): void {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    /* gone */
  }
}

/** Stops the recorded server (only if the pid is still our moto). Returns whether one was stopped. */
export async function stopMoto(file: string = MOTO_STATE_FILE): Promise<boolean> {
  const info = readMotoState(file);
  if (!info || !isOurMoto(info.pid)) return false;
  stopPid(info.pid);
  const deadline = Date.now() + 5000;
  while (alive(info.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(info.pid)) process.kill(info.pid, "SIGKILL");
  return true;
}

/** SDK configuration for `accountId` in the emulator: sts:AssumeRole into `<account>:role/<roleName>`. */
export async function emulatorAccountConfig(endpoint: string, region: string, accountId: string, roleName: string): Promise<AccountSdkConfig> {
  const sts = new STSClient({ endpoint, region, credentials: MOTO_CREDENTIALS });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: "aoa-local" }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    return { endpoint, region, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } };
  } finally {
    sts.destroy();
  }
}
