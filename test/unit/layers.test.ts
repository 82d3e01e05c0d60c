/**
 * The layering of the code (README, "Layout"): a file imports only from its own layer and the
 * ones listed before it, and no import cycle exists. Every project .ts file's imports are read
 * with the TypeScript parser (import/export ... from, import type, require, import(),
 * jest.requireActual, typeof import()); type-only imports count, since they tie the files' designs
 * together as much as a value import does. The checker is shown failing on doctored file sets.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { importCycles, importsOf, layerOf, layerViolations, layersFromReadme, projectFiles, specifiersOf } from "../support/layers";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/**
 * Cycles allowed while they are being removed (none: the last, ops/changed.ts <-> ops/orchestrate.ts,
 * went with issue 21's rewrite of ops/changed.ts). The test fails while an entry names a cycle that
 * no longer exists.
 */
const KNOWN_CYCLES: readonly (readonly string[])[] = [];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

describe("the project's layers", () => {
  const layers = layersFromReadme(README);
  const { sources, others } = projectFiles(ROOT);
  const imports = importsOf(sources, others);

  it("the README lists the layers, lowest first, each path once", () => {
    const paths = layers.flat();
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.slice(0, 5)).toEqual(["authorizer/", "pricing/", "config/aws/", "policy/", "config/"]);
    expect(layerOf(layers, "config/aws/net.ts")).toBe(paths.indexOf("config/aws/"));
    expect(layerOf(layers, "config/aws-rules.ts")).toBe(paths.indexOf("config/"));
    expect(layerOf(layers, "modules/backends/alb.ts")).toBeGreaterThan(layerOf(layers, "config/schema.ts"));
  });

  it("reads the whole project", () => {
    expect(sources.size).toBeGreaterThan(250);
    expect(sources.has("config/schema.ts") && sources.has("test/unit/layers.test.ts")).toBe(true);
    expect(imports.length).toBeGreaterThan(1000);
  });

  it("no file imports from a higher layer (constructs import rules, never the reverse), every file is in a layer", () => {
    expect(layerViolations(imports, sources.keys(), layers)).toEqual([]);
  });

  it("no import cycle", () => {
    const cycles = importCycles(imports);
    const unknown = cycles.filter((c) => !KNOWN_CYCLES.some((k) => sameSet(c.files, k)));
    expect(unknown.map((c) => `${c.path.join(" -> ")} (${c.files.length} files: ${c.files.join(", ")})`)).toEqual([]);
  });

  it("every known exception is still a cycle (remove it from KNOWN_CYCLES once it is broken)", () => {
    const cycles = importCycles(imports).map((c) => c.files);
    for (const k of KNOWN_CYCLES) expect({ cycle: k, exists: cycles.some((c) => sameSet(c, k)) }).toEqual({ cycle: k, exists: true });
  });

  it("nothing imports scripts/ or environments/ (entry points and the user's data)", () => {
    expect(imports.filter((i) => i.to && /^(scripts|environments)\//.test(i.to) && !i.from.startsWith(i.to.split("/")[0] + "/")).map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
  });
});

describe("the checker, on doctored file sets", () => {
  const LAYERS = [["config/"], ["modules/"], ["ops/"], ["main.ts", "scripts/"]];
  const set = (files: Record<string, string>) => new Map(Object.entries(files));

  it("reads every import form, and none inside strings or comments", () => {
    const src = [
      'import type { A } from "./a";',
      'import "./side-effect";',
      'export * from "./b";',
      'export type { C } from "./c";',
      'import d = require("./d");',
      'const e = require("./e");',
      'const f = () => import("./f");',
      'const g = jest.requireActual("./g") as typeof import("./h");',
      '// import { x } from "./comment";',
      'const s = \'import y from "./string"\';',
      'const t = `require("./template")`;',
    ].join("\n");
    expect(specifiersOf("x.ts", src)).toEqual([
      { specifier: "./a", typeOnly: true },
      { specifier: "./side-effect", typeOnly: false },
      { specifier: "./b", typeOnly: false },
      { specifier: "./c", typeOnly: true },
      { specifier: "./d", typeOnly: false },
      { specifier: "./e", typeOnly: false },
      { specifier: "./f", typeOnly: false },
      { specifier: "./g", typeOnly: false },
      { specifier: "./h", typeOnly: true },
    ]);
  });

  it("fails on an import from a higher layer into a lower one (also type-only), and on a file in no layer", () => {
    const files = set({
      "config/rules.ts": 'import { ingressShards } from "../modules/ingress-shards";\nimport type { Plan } from "../ops/plan";',
      "modules/ingress-shards.ts": 'import type { Environment } from "../config/schema";',
      "config/schema.ts": "export {};",
      "ops/plan.ts": 'import { run } from "../scripts/run";',
      "scripts/run.ts": 'import { plan } from "../ops/plan";',
      "tools/x.ts": "export {};",
    });
    expect(layerViolations(importsOf(files), files.keys(), LAYERS)).toEqual([
      "tools/x.ts is in no layer of the README's Layout list",
      "config/rules.ts (layer 1: config/) imports modules/ingress-shards.ts (layer 2: modules/), a higher layer",
      "config/rules.ts (layer 1: config/) imports ops/plan.ts (layer 3: ops/), a higher layer",
      "ops/plan.ts (layer 3: ops/) imports scripts/run.ts (layer 4: main.ts, scripts/), a higher layer",
    ]);
    // the same set, imports pointing down only: clean
    const fixed = set({ "config/rules.ts": "export {};", "modules/ingress-shards.ts": 'import type { Environment } from "../config/schema";', "config/schema.ts": "export {};", "scripts/run.ts": 'import { plan } from "../ops/plan";', "ops/plan.ts": "export {};" });
    expect(layerViolations(importsOf(fixed), fixed.keys(), LAYERS)).toEqual([]);
  });

  it("fails on an import that names no project file", () => {
    const files = set({ "ops/a.ts": 'import { b } from "./b";' });
    expect(layerViolations(importsOf(files), files.keys(), LAYERS)).toEqual(["ops/a.ts imports './b', which names no file of the project"]);
  });

  it("finds every cycle, within a layer too, type-only and through index files, with its path", () => {
    const files = set({
      "config/schema.ts": 'import { QUOTA_IDS } from "./quotas";',
      "config/quotas.ts": 'import type { Environment } from "./schema";',
      "ops/a.ts": 'export * from "./b";',
      "ops/b.ts": 'const c = require("./c");',
      "ops/c/index.ts": 'import("../a");',
      "ops/self.ts": 'import { x } from "./self";',
      "ops/leaf.ts": 'import { a } from "./a";',
    });
    expect(importCycles(importsOf(files))).toEqual([
      { files: ["config/quotas.ts", "config/schema.ts"], path: ["config/quotas.ts", "config/schema.ts", "config/quotas.ts"] },
      { files: ["ops/a.ts", "ops/b.ts", "ops/c/index.ts"], path: ["ops/a.ts", "ops/b.ts", "ops/c/index.ts", "ops/a.ts"] },
      { files: ["ops/self.ts"], path: ["ops/self.ts", "ops/self.ts"] },
    ]);
    const acyclic = set({ "config/schema.ts": 'import { QUOTA_IDS } from "./quota-catalogue";', "config/quota-catalogue.ts": "export {};", "config/quotas.ts": 'import type { Environment } from "./schema";' });
    expect(importCycles(importsOf(acyclic))).toEqual([]);
  });

  it("reads the layer list from a README's Layout section only", () => {
    const readme = "# x\n\n1. `nope/` — not layout\n\n## Layout\n\ntext\n\n1. `config/aws/` — formats\n2. `config/` — the model\n3. `main.ts`, `scripts/` — entry points\n\n## Commands\n\n1. `later/`\n";
    expect(layersFromReadme(readme)).toEqual([["config/aws/"], ["config/"], ["main.ts", "scripts/"]]);
    expect(() => layersFromReadme("# x\n\n## Layout\n\n| a | b |\n")).toThrow(/no ordered list/);
  });
});
