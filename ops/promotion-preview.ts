/**
 * What a promotion changes in its target environment, before anything is written: the target
 * is validated again with the new pins (so its app definitions resolve at the promoted versions,
 * config/versions.ts), then
 *  - the route-level difference of each promoted app (added / removed / changed routes, with
 *    every changed property: scopes, public, throttling, validation, …), and
 *  - the stacks whose synthesized Terraform changes, with the resources that change — both
 *    sides are synthesized in-process into a scratch directory and compared resource by resource.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import type { Environment } from "../config/schema";
import { ConfigError, PROJECT_ROOT, readEnvironmentFile, validateEnvironment } from "../config/load";
import { diffRoutes, formatRouteDiff, isEmptyDiff, type RouteDiff } from "../config/versions";
import { addEnvironment } from "../stacks";

export interface AppPromotion {
  readonly app: string;
  readonly from: string;
  readonly to: string;
  readonly routes: RouteDiff;
}

export interface StackChange {
  readonly stack: string;
  /** `type.name` of every resource added, removed or changed in the synthesized stack. */
  readonly resources: readonly string[];
  /** Outputs whose value changes (e.g. `version`). */
  readonly outputs: readonly string[];
}

export interface PromotionPreview {
  readonly environment: string;
  readonly apps: readonly AppPromotion[];
  /** Stacks whose synthesized configuration changes. */
  readonly changed: readonly StackChange[];
  /** Stacks that stay exactly as they are. */
  readonly unchanged: readonly string[];
}

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Previews moving `pins` (app → version) into the environment of `file` (currently `current`).
 * Throws ConfigError when the target does not validate with the new pins (e.g. its app
 * definition does not declare the promoted version), naming the field.
 */
export function previewPromotion(file: string, current: Environment, pins: ReadonlyMap<string, string>): PromotionPreview {
  const raw: Raw = JSON.parse(JSON.stringify(readEnvironmentFile(file)));
  for (const [app, version] of pins) {
    const entry = (raw.apps ?? []).find((a: Raw) => a?.name === app);
    if (entry) entry.version = version;
  }
  const result = validateEnvironment(raw);
  if (!result.ok) throw new ConfigError(`${path.relative(process.cwd(), file) || file} with ${[...pins].map(([a, v]) => `${a} ${v}`).join(", ")}`, result.problems);
  const next = result.env;
  const apps = [...pins].map(([app, version]): AppPromotion => {
    const before = current.apps.find((a) => a.name === app);
    const after = next.apps.find((a) => a.name === app);
    return { app, from: before?.version ?? "-", to: version, routes: diffRoutes(before?.routes ?? [], after?.routes ?? []) };
  });
  const a = synthStacks(current);
  const b = synthStacks(next);
  const changed: StackChange[] = [];
  const unchanged: string[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])]) {
    const c = compareStack(a.get(name) ?? {}, b.get(name) ?? {});
    if (c.resources.length || c.outputs.length) changed.push({ stack: name, ...c });
    else unchanged.push(name);
  }
  return { environment: current.name, apps, changed, unchanged };
}

/** Synthesizes every stack of `env` into a scratch directory; stack name → Terraform JSON. */
function synthStacks(env: Environment): Map<string, Raw> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-promote-preview-"));
  const sourceMaps = process.sourceMapsEnabled;
  try {
    // the authorizer bundle is the same on both sides: a placeholder keeps esbuild out of it
    const zipPath = path.join(dir, "authorizer.zip");
    fs.writeFileSync(zipPath, "placeholder: both sides of the comparison use the same bundle");
    process.setSourceMapsEnabled(false);
    const app = new App({ outdir: path.join(dir, "out"), stackTraces: false });
    const infos = addEnvironment(app, env, { authorizerBundle: { zipPath, sha256: "0".repeat(64) }, projectRoot: PROJECT_ROOT });
    app.synth();
    return new Map(infos.map((i) => [i.name, JSON.parse(fs.readFileSync(path.join(dir, "out", "stacks", i.name, "cdk.tf.json"), "utf8"))]));
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function compareStack(a: Raw, b: Raw): { resources: string[]; outputs: string[] } {
  const flat = (json: Raw) => {
    const out = new Map<string, string>();
    for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) for (const [n, cfg] of Object.entries(byName)) out.set(`${type}.${n}`, JSON.stringify(cfg));
    return out;
  };
  const diffKeys = (x: Map<string, string>, y: Map<string, string>) => [...new Set([...x.keys(), ...y.keys()])].filter((k) => x.get(k) !== y.get(k)).sort();
  const outputs = (json: Raw) => new Map(Object.entries<unknown>(json.output ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
  return { resources: diffKeys(flat(a), flat(b)), outputs: diffKeys(outputs(a), outputs(b)) };
}

/** Human lines: per app the route difference, then the stacks that change. */
export function formatPreview(p: PromotionPreview, written: boolean): string[] {
  const lines: string[] = ["", `route changes in ${p.environment}${written ? "" : " (if promoted)"}:`];
  for (const a of p.apps) {
    lines.push(`  ${a.app} ${a.from} → ${a.to}${isEmptyDiff(a.routes) ? ": no route changes (same API, new release)" : ""}`);
    for (const l of formatRouteDiff(a.routes)) lines.push(`    ${l}`);
  }
  lines.push("", `stacks that change in ${p.environment}:`);
  if (p.changed.length === 0) lines.push("  none");
  for (const s of p.changed) {
    const parts = [s.resources.length ? `${s.resources.length} resource${s.resources.length === 1 ? "" : "s"} (${s.resources.join(", ")})` : "", s.outputs.length ? `output${s.outputs.length === 1 ? "" : "s"} ${s.outputs.join(", ")}` : ""].filter(Boolean);
    lines.push(`  ${s.stack}: ${parts.join("; ")}`);
  }
  if (p.unchanged.length) lines.push(`  unchanged: ${p.unchanged.join(", ")}`);
  return lines;
}
