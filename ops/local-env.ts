/**
 * One local environment: what `npm run local -- up` deployed is what `--env local` means.
 *
 * The environment is re-derived from environments/local.ts on every run (`local up`, and
 * `plan|apply|drift -- --env local`): its fixtures (VPCs, subnets, ALBs) are found in the running
 * emulator by tag/name — created only when missing — and their real ids, the state directory
 * under .work/local/state and the emulator's endpoint make the generated `.work/local/local.json`.
 * An edit in environments/ therefore reaches the local environment on the next command, which
 * says what changed since the last run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EnvironmentInput } from "../config/schema";
import { ENVIRONMENTS_DIR, PROJECT_ROOT, readEnvironmentFile } from "../config/load";
import { createLocalFixtures, writeEnvironmentJson } from "./local-fixtures";
import { LOCAL_DIR, emulatorAccountConfig, runningMoto } from "./emulator";
import type { Log } from "./terraform";

/** The built-in environment `npm run local` deploys. */
export const LOCAL_ENVIRONMENT = "local";

export function localFiles(localDir: string = LOCAL_DIR) {
  return {
    dir: localDir,
    moto: path.join(localDir, "moto.json"),
    envFile: path.join(localDir, "local.json"),
    awsConfig: path.join(localDir, "aws-config"),
    /** Relative to the project root (the state backend resolves it there): no machine paths in local.json. */
    stateDir: path.relative(PROJECT_ROOT, path.join(localDir, "state")) || path.join(localDir, "state"),
  };
}

/**
 * Reads environments/local.ts fresh (CommonJS `require`, which works under `node --require
 * tsx/cjs`; an ESM `import()` does not resolve extension-less .ts paths there). The require cache
 * of environments/ is cleared first, so an edit reaches a long-running process too.
 */
export function readLocalSource(file: string = path.join(ENVIRONMENTS_DIR, `${LOCAL_ENVIRONMENT}.ts`)): EnvironmentInput {
  for (const k of Object.keys(require.cache)) if (k.startsWith(ENVIRONMENTS_DIR + path.sep)) delete require.cache[k];
  return readEnvironmentFile(file) as EnvironmentInput;
}

/** What changed between two generated environments, one line each (routes by method and path). */
export function describeEnvironmentChanges(prev: EnvironmentInput | undefined, next: EnvironmentInput): string[] {
  if (!prev) return [];
  const lines: string[] = [];
  const j = (v: unknown) => JSON.stringify(v);
  const prevApps = new Map((prev.apps ?? []).map((a) => [a.name, a]));
  const nextApps = new Map((next.apps ?? []).map((a) => [a.name, a]));
  for (const [name] of nextApps) if (!prevApps.has(name)) lines.push(`+ app ${name}`);
  for (const [name] of prevApps) if (!nextApps.has(name)) lines.push(`- app ${name}`);
  for (const [name, a] of nextApps) {
    const b = prevApps.get(name);
    if (!b) continue;
    const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
    const before = new Map((b.routes ?? []).map((r) => [key(r), r]));
    const after = new Map((a.routes ?? []).map((r) => [key(r), r]));
    for (const [k] of after) if (!before.has(k)) lines.push(`+ ${name}: ${k}`);
    for (const [k] of before) if (!after.has(k)) lines.push(`- ${name}: ${k}`);
    for (const [k, r] of after) if (before.has(k) && j(before.get(k)) !== j(r)) lines.push(`~ ${name}: ${k}`);
    for (const field of Object.keys({ ...a, ...b }) as (keyof typeof a)[]) {
      if (field !== "routes" && j(a[field]) !== j(b[field])) lines.push(`~ ${name}.${String(field)}`);
    }
  }
  for (const field of Object.keys({ ...prev, ...next }) as (keyof EnvironmentInput)[]) {
    if (field !== "apps" && j(prev[field]) !== j(next[field])) lines.push(`~ ${String(field)}`);
  }
  return lines;
}

export interface DeriveOptions {
  /** The running emulator. @default the one `npm run local -- up` started */
  readonly endpoint?: string;
  readonly localDir?: string;
  /** @default environments/local.ts */
  readonly base?: EnvironmentInput;
  readonly log?: Log;
}

/**
 * Finds or creates the fixtures in the emulator and writes `.work/local/local.json`; returns its
 * path and what changed since the previous one.
 */
export async function deriveLocalEnvironment(opts: DeriveOptions = {}): Promise<{ envFile: string; env: EnvironmentInput; changes: string[]; first: boolean }> {
  const p = localFiles(opts.localDir);
  const endpoint = opts.endpoint ?? (await runningMoto(p.moto))?.endpoint;
  if (!endpoint) {
    throw new Error("the local environment is not running: start it with `npm run local -- up` (then `--env local` means the environment it deployed)");
  }
  const base = opts.base ?? readLocalSource();
  const roleName = base.accounts.deployRoleName ?? "aoa-deployer";
  const env = await createLocalFixtures({ ...base, state: { backend: "local", directory: p.stateDir } }, (account) => emulatorAccountConfig(endpoint, base.region, account, roleName));
  let prev: EnvironmentInput | undefined;
  try {
    prev = JSON.parse(fs.readFileSync(p.envFile, "utf8"));
  } catch {
    /* first run */
  }
  const changes = describeEnvironmentChanges(prev, env);
  writeEnvironmentJson(env, p.envFile);
  const rel = path.relative(process.cwd(), p.envFile) || p.envFile;
  if (!prev) opts.log?.(`wrote ${rel} (environments/${LOCAL_ENVIRONMENT}.ts with the emulator's fixture ids)`);
  else if (changes.length) opts.log?.(`environments/${LOCAL_ENVIRONMENT}.ts changed since the last run (${rel} regenerated):\n${changes.map((c) => `  ${c}`).join("\n")}`);
  return { envFile: p.envFile, env, changes, first: !prev };
}
