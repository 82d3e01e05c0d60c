/**
 * Interrupts like terraform's own: the first Ctrl-C (SIGINT) or SIGTERM is forwarded as SIGINT to
 * every running terraform, which then stops gracefully — in-flight operations finish, the state is
 * written, the lock is released — and no new terraform command starts. A second signal forces:
 * each terraform's whole process group (terraform and its provider plugins) gets SIGKILL, the
 * forced stacks' stale local lock files are removed, and the command exits 130.
 *
 * Terraform is started in its own process group (`detached`), so the terminal's Ctrl-C reaches
 * only this process and the forwarding here decides what terraform sees — once, not twice.
 */
import type { ChildProcess } from "node:child_process";

export const EXIT_INTERRUPTED = 130;

interface Tracked {
  readonly child: ChildProcess;
  readonly label: string;
  /** Called after a forced kill (e.g. remove the stale local lock). */
  readonly onForced?: () => void;
}

const running = new Set<Tracked>();
let signals = 0;
let installed = false;
let write: (line: string) => void = (l) => process.stderr.write(`${l}\n`);

/** Was the command interrupted? Then nothing new starts. */
export function interrupted(): boolean {
  return signals > 0;
}

export class InterruptedError extends Error {
  constructor(what: string) {
    super(`interrupted: ${what} not started`);
    this.name = "InterruptedError";
  }
}

function sendGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group: terraform and its provider plugins
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  signals++;
  if (signals === 1) {
    const names = [...running].map((t) => t.label);
    write(
      `\n${signal} received: ${names.length ? `stopping terraform gracefully (${names.join(", ")}): in-flight operations finish, state is written, locks are released` : "stopping"}; nothing new starts. Send it again to force (kills terraform and its providers).`,
    );
    for (const t of running) sendGroup(t.child, "SIGINT");
    return;
  }
  write(`\n${signal} again: forcing — killing terraform and its provider processes`);
  for (const t of running) {
    sendGroup(t.child, "SIGKILL");
    try {
      t.onForced?.();
    } catch {
      /* best effort */
    }
  }
  process.exit(EXIT_INTERRUPTED);
}

/** Installs the SIGINT/SIGTERM handlers (idempotent). Commands call it at start (cli run()). */
export function installInterruptHandlers(log?: (line: string) => void): void {
  if (log) write = log;
  if (installed) return;
  installed = true;
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
}

/** Tracks a running terraform until it exits. */
export function track(child: ChildProcess, label: string, onForced?: () => void): void {
  const t: Tracked = { child, label, onForced };
  running.add(t);
  child.once("close", () => running.delete(t));
}

/** For tests: forget past signals. */
export function resetInterrupts(): void {
  signals = 0;
}
