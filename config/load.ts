/**
 * Loading and validating environment files (`environments/<name>.ts` or `.json`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { environmentSchema, type Environment } from "./schema";
import { withDocumentSecurity } from "./app-documents";
import { crossFieldProblems, type ConfigProblem } from "./rules";
import { configQuotaProblems } from "./quotas";
import { awsRuleProblems, crossEnvironmentProblems } from "./aws-rules";
import { JsonSyntaxError, parseJsonStrict } from "./aws/json";
import { originalRouteMessage, originalRoutePath, resolveEnvironmentVersions } from "./versions";
import { canaryRawProblems, resolveCanaries } from "./canary";

export type { ConfigProblem } from "./rules";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const ENVIRONMENTS_DIR = path.join(PROJECT_ROOT, "environments");

/** Thrown when one or more environment files are invalid. Lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(source, problems));
    this.name = "ConfigError";
  }
}

export function formatProblems(source: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.path || "(root)"}: ${p.message} (got ${show(p.value)})`);
  return `${source}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${lines.join("\n")}`;
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function pathOf(segments: readonly PropertyKey[]): string {
  // a key that is no identifier (a tag key like "Cost Center") is written tags["Cost Center"], as the rules write it
  return segments.reduce<string>((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : typeof s === "string" && !/^[A-Za-z_$][\w$]*$/.test(s) ? `${acc}[${JSON.stringify(s)}]` : acc ? `${acc}.${String(s)}` : String(s)), "");
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let v: any = root; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const s of segments) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[s as string];
  }
  return v;
}

/** Validates raw input; returns the environment with defaults filled in, or every problem found. */
export function validateEnvironment(input: unknown): { ok: true; env: Environment } | { ok: false; problems: ConfigProblem[] } {
  // each app's routes at its pinned version (config/versions.ts); paths below name the app file's route index
  const versions = resolveEnvironmentVersions(input);
  const raw = versions.input;
  const parsed = environmentSchema.safeParse(raw);
  const problems: ConfigProblem[] = [...versions.problems];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // strict objects report unknown keys on the parent: name the key itself
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys) problems.push({ path: pathOf([...issue.path, k]), message: "unknown field", value: valueAt(raw, [...issue.path, k]) });
        continue;
      }
      problems.push({ path: pathOf(issue.path), message: issue.message, value: valueAt(raw, issue.path) });
    }
  }
  const seen = new Set(problems.map((p) => `${p.path}|${p.message}`));
  for (const p of [...crossFieldProblems(raw), ...awsRuleProblems(raw), ...canaryRawProblems(raw)]) if (!seen.has(`${p.path}|${p.message}`)) problems.push(p);
  // AWS quotas that cannot be raised (config/quotas.ts): checked on the complete model, reported with the rest
  if (parsed.success) for (const p of configQuotaProblems(parsed.data)) problems.push(p);
  if (problems.length > 0 || !parsed.success) {
    const back = (p: ConfigProblem): ConfigProblem => ({ ...p, path: originalRoutePath(p.path, versions.routeOrigin), message: originalRouteMessage(p.path, p.message, versions.routeOrigin) });
    return { ok: false, problems: problems.map((p, k) => (k < versions.problems.length ? p : back(p))) };
  }
  // what each canary serves: the environment re-resolved at the canary's version (config/canary.ts)
  const canaries = resolveCanaries(input, withDocumentSecurity(parsed.data), validateEnvironment);
  if (canaries.problems.length || !canaries.env) return { ok: false, problems: canaries.problems };
  return { ok: true, env: canaries.env };
}

/** Reads an environment file: `.json`, or `.ts`/`.js` exporting the definition as default. */
export function readEnvironmentFile(file: string): unknown {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new ConfigError(file, [{ path: "", message: "file not found", value: file }]);
  if (abs.endsWith(".json")) {
    // strict: a duplicated key is an error (JSON.parse keeps the last value silently), syntax errors give line and column
    let parsed: ReturnType<typeof parseJsonStrict>;
    try {
      parsed = parseJsonStrict(fs.readFileSync(abs, "utf8"));
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw new ConfigError(file, [{ path: "", message: `not valid JSON: ${e.message}`, value: undefined }]);
      throw e;
    }
    if (parsed.duplicates.length) throw new ConfigError(file, parsed.duplicates);
    return parsed.value;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(abs);
  return mod.default ?? mod.environment ?? mod;
}

export function loadEnvironmentFile(file: string): Environment {
  const raw = readEnvironmentFile(file);
  const result = validateEnvironment(raw);
  if (!result.ok) throw new ConfigError(path.relative(process.cwd(), path.resolve(file)) || file, result.problems);
  const base = path.basename(file).replace(/\.(ts|js|json)$/, "");
  if (base !== result.env.name && path.dirname(path.resolve(file)) === ENVIRONMENTS_DIR) {
    throw new ConfigError(file, [{ path: "name", message: `must equal the file name '${base}'`, value: result.env.name }]);
  }
  return result.env;
}

/** The built-in environment files, in promotion order where known. */
export function listEnvironmentFiles(dir: string = ENVIRONMENTS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ts|json)$/.test(f) && !f.endsWith(".d.ts"))
    .map((f) => path.join(dir, f))
    .sort();
}

/**
 * Loads several environment files, collecting the problems of all of them before failing,
 * and checks what spans environments (`promotesFrom` names a loaded environment, names unique).
 */
export function loadEnvironments(files: readonly string[]): Environment[] {
  const envs: Environment[] = [];
  const errors: ConfigError[] = [];
  for (const f of files) {
    try {
      envs.push(loadEnvironmentFile(f));
    } catch (e) {
      if (e instanceof ConfigError) errors.push(e);
      else throw e;
    }
  }
  const names = new Set<string>();
  for (const env of envs) {
    if (names.has(env.name)) errors.push(new ConfigError(env.name, [{ path: "name", message: "two environment files use this name", value: env.name }]));
    names.add(env.name);
  }
  for (const { env, problem } of crossEnvironmentProblems(envs)) errors.push(new ConfigError(env, [problem]));
  if (files.length > 1) {
    for (const env of envs) {
      if (env.promotesFrom && !envs.some((e) => e.name === env.promotesFrom)) {
        errors.push(new ConfigError(env.name, [{ path: "promotesFrom", message: "names no known environment", value: env.promotesFrom }]));
      }
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateConfigError(errors);
  return envs;
}

export class AggregateConfigError extends ConfigError {
  constructor(readonly errors: readonly ConfigError[]) {
    super(
      `${errors.length} environment files`,
      errors.flatMap((e) => e.problems.map((p) => ({ ...p, path: `${e.source} ${p.path}` }))),
    );
    this.message = errors.map((e) => e.message).join("\n");
  }
}
