/**
 * The import checker behind test/unit/layers.test.ts: reads the module imports of TypeScript
 * sources with the TypeScript parser (so an `import` inside a string or a comment is not one),
 * places each file in a layer of the README's Layout list, and reports imports from a higher
 * layer into a lower one and import cycles. Pure: it works on an in-memory file set, so the test
 * can also show it failing on doctored input.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** Project-relative path (`config/schema.ts`) -> source text. */
export type FileSet = ReadonlyMap<string, string>;

export interface Import {
  readonly from: string;
  /** The specifier as written (`../config/schema`). */
  readonly specifier: string;
  /** The project file it resolves to, when it is one. */
  readonly to?: string;
  /** `import type` / `export type` / `typeof import()`: erased at run time, still a dependency. */
  readonly typeOnly: boolean;
}

/** Every module specifier a source names: import/export ... from, import x = require(), require(), import(), jest.requireActual(), typeof import(). */
export function specifiersOf(file: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: { specifier: string; typeOnly: boolean }[] = [];
  const lit = (n: ts.Node | undefined): string | undefined => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const s = lit(n.moduleSpecifier);
      if (s !== undefined) out.push({ specifier: s, typeOnly: !!n.importClause?.isTypeOnly });
    } else if (ts.isExportDeclaration(n)) {
      const s = lit(n.moduleSpecifier);
      if (s !== undefined) out.push({ specifier: s, typeOnly: n.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      const s = lit(n.moduleReference.expression);
      if (s !== undefined) out.push({ specifier: s, typeOnly: n.isTypeOnly });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) {
      const s = lit(n.argument.literal);
      if (s !== undefined) out.push({ specifier: s, typeOnly: true });
    } else if (ts.isCallExpression(n) && n.arguments.length >= 1) {
      const callee = n.expression;
      const named =
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === "require") ||
        (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "jest" && ["requireActual", "requireMock"].includes(callee.name.text));
      const s = named ? lit(n.arguments[0]) : undefined;
      if (s !== undefined) out.push({ specifier: s, typeOnly: false });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The project file a relative specifier names (`x.ts`, `x/index.ts`, or the file itself: `.json`, `.js`). */
export function resolve(files: ReadonlySet<string>, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}/index.ts`, base].find((c) => files.has(c));
}

/** Every relative import of every file; `known` lists non-TypeScript files an import may name (e.g. `.json`). */
export function importsOf(set: FileSet, known: Iterable<string> = []): Import[] {
  const names = new Set([...set.keys(), ...known]);
  const out: Import[] = [];
  for (const [from, text] of set) {
    for (const { specifier, typeOnly } of specifiersOf(from, text)) {
      if (!specifier.startsWith(".")) continue;
      out.push({ from, specifier, to: resolve(names, from, specifier), typeOnly });
    }
  }
  return out;
}

/**
 * The layers of the README's Layout section: its ordered list, lowest first. Each item starts
 * with the paths of one layer in backticks (`config/aws/`, or `main.ts`, `scripts/`).
 */
export function layersFromReadme(readme: string): string[][] {
  const start = readme.indexOf("\n## Layout");
  if (start < 0) throw new Error("README.md has no '## Layout' section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const layers: string[][] = [];
  for (const line of section.split("\n")) {
    const m = /^\d+\.\s+((?:`[^`]+`(?:,\s*|\s+and\s+)?)+)/.exec(line);
    if (m) layers.push([...m[1].matchAll(/`([^`]+)`/g)].map((x) => x[1]));
  }
  if (layers.length === 0) throw new Error("README.md's Layout section has no ordered list of layers");
  return layers;
}

/** Index of the layer a file is in (the longest path of the list that is the file or a folder holding it), or -1. */
export function layerOf(layers: readonly (readonly string[])[], file: string): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((paths, i) => {
    for (const p of paths) {
      const hit = p.endsWith("/") ? file.startsWith(p) : file === p;
      if (hit && p.length > bestLength) {
        best = i;
        bestLength = p.length;
      }
    }
  });
  return best;
}

/** Imports from a lower layer into a higher one, files in no layer, and relative imports that name no project file. */
export function layerViolations(imports: readonly Import[], files: Iterable<string>, layers: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const name = (i: number) => layers[i].join(", ");
  for (const f of files) if (layerOf(layers, f) < 0) out.push(`${f} is in no layer of the README's Layout list`);
  for (const imp of imports) {
    if (!imp.to) {
      out.push(`${imp.from} imports '${imp.specifier}', which names no file of the project`);
      continue;
    }
    const a = layerOf(layers, imp.from);
    const b = layerOf(layers, imp.to);
    if (a >= 0 && b > a) out.push(`${imp.from} (layer ${a + 1}: ${name(a)}) imports ${imp.to} (layer ${b + 1}: ${name(b)}), a higher layer`);
  }
  return out;
}

/** One import cycle: a strongly connected set of files (two or more, or one importing itself). */
export interface ImportCycle {
  /** Every file of the set, sorted. */
  readonly files: string[];
  /** One closed path through its first file, `a -> b -> a`, to read. */
  readonly path: string[];
}

/** Every import cycle, sorted by first file. */
export function importCycles(imports: readonly Import[]): ImportCycle[] {
  const graph = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.to) continue;
    if (!graph.has(i.from)) graph.set(i.from, new Set());
    if (!graph.has(i.to)) graph.set(i.to, new Set());
    graph.get(i.from)!.add(i.to);
  }
  // Tarjan's strongly connected components
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sccs: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of [...graph.get(v)!].sort()) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)!.has(v)) sccs.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  // one readable closed path per component: the shortest way back to its first file
  return sccs
    .map((scc) => {
      const inScc = new Set(scc);
      const startAt = scc[0];
      const prev = new Map<string, string>();
      const queue = [startAt];
      let back: string | undefined;
      while (queue.length && !back) {
        const v = queue.shift()!;
        for (const w of [...graph.get(v)!].sort()) {
          if (!inScc.has(w)) continue;
          if (w === startAt) {
            back = v;
            break;
          }
          if (!prev.has(w)) {
            prev.set(w, v);
            queue.push(w);
          }
        }
      }
      const cycle = [startAt];
      for (let v = back!; v !== startAt; v = prev.get(v)!) cycle.splice(1, 0, v);
      return { files: scc, path: [...cycle, startAt] };
    })
    .sort((a, b) => a.files[0].localeCompare(b.files[0]));
}

const SKIP = new Set(["node_modules", "cdktf.out", "dist", "coverage", "reports"]);

/** The project's TypeScript sources (declaration files, dot-folders and generated output left out) and its other files an import may name. */
export function projectFiles(root: string): { sources: Map<string, string>; others: string[] } {
  const sources = new Map<string, string>();
  const others: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (e.name.startsWith(".") || SKIP.has(e.name)) continue;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) sources.set(rel, fs.readFileSync(path.join(root, rel), "utf8"));
      else others.push(rel);
    }
  };
  walk("");
  return { sources, others };
}
