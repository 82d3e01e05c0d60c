/**
 * Applies the README's lifecycle snippets to a copy of the repository, the way a user would:
 * a block whose first line names a file that does not exist yet becomes that file; a block naming
 * an existing environment file adds its `import` lines after the file's imports and the rest at
 * the end of its `apps: [ ... ]`; a block whose first line says `delete` removes its import lines
 * and the whole `deployApp(<app>, { ... }),` entry it opens. Nothing here is a hand-written
 * variant of the steps: edit README.md and this follows.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface Snippet {
  /** The file the block's first line names (`// environments/dev.ts`). */
  readonly file: string;
  readonly action: "write" | "insert" | "delete";
  /** The block without its first (comment) line, dedented. */
  readonly body: string;
}

/** The text of one `## <title>` section of a markdown file. */
export function readmeSection(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`);
  const next = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

/** The ```ts blocks of a section whose first line is `// <path>` (indentation of list items removed). */
export function snippets(section: string): Snippet[] {
  const out: Snippet[] = [];
  for (const m of section.matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)) {
    const indent = m[1].length;
    const lines = m[2].replace(/\n$/, "").split("\n").map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)));
    const head = /^\/\/ (\S+?)(:.*)?$/.exec(lines[0]);
    if (!head) continue;
    const body = lines.slice(1).join("\n").replace(/^\n+|\n+$/g, "");
    const action = /\bdelete\b/.test(head[2] ?? "") ? "delete" : "write";
    out.push({ file: head[1], action, body });
  }
  return out;
}

/** Index of the bracket closing the one at `open` (strings and comments are not special-cased: environment files are plain data). */
function closing(src: string, open: number): number {
  const pairs: Record<string, string> = { "[": "]", "{": "}", "(": ")" };
  const stack: string[] = [];
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (!stack.length) return i;
    }
  }
  throw new Error("unbalanced brackets");
}

/** Applies the section's snippets under `root`; returns the files it changed (relative). */
export function applySnippets(root: string, section: string): string[] {
  const changed: string[] = [];
  const all = snippets(section);
  if (!all.length) throw new Error("no `// <file>` ts snippet in this README section");
  for (const s of all) {
    const file = path.join(root, s.file);
    if (s.action === "write" && !fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${s.body}\n`);
      changed.push(s.file);
      continue;
    }
    if (!fs.existsSync(file)) throw new Error(`${s.file}: the README edits a file that does not exist`);
    let src = fs.readFileSync(file, "utf8");
    const lines = s.body.split("\n");
    const imports = lines.filter((l) => l.startsWith("import "));
    const rest = lines.filter((l) => !l.startsWith("import ")).join("\n").replace(/^\n+|\n+$/g, "");
    if (s.action === "delete") {
      for (const imp of imports) {
        if (!src.includes(`${imp}\n`)) throw new Error(`${s.file}: no line ${JSON.stringify(imp)} to delete`);
        src = src.replace(`${imp}\n`, "");
      }
      const opener = rest.trim();
      if (opener) {
        const at = src.indexOf(opener);
        if (at < 0) throw new Error(`${s.file}: no ${JSON.stringify(opener)} to delete`);
        const lineStart = src.lastIndexOf("\n", at) + 1;
        let end = closing(src, src.indexOf("(", at)) + 1;
        if (src[end] === ",") end++;
        if (src[end] === "\n") end++;
        src = src.slice(0, lineStart) + src.slice(end);
      }
    } else {
      if (imports.length) {
        const lastImport = [...src.matchAll(/^import .*$/gm)].pop();
        const at = lastImport ? lastImport.index! + lastImport[0].length + 1 : 0;
        src = src.slice(0, at) + imports.map((l) => `${l}\n`).join("") + src.slice(at);
      }
      if (rest) {
        const apps = /\bapps: \[/.exec(src);
        if (!apps) throw new Error(`${s.file}: no \`apps: [\` to add the entry to`);
        const close = closing(src, apps.index + apps[0].length - 1);
        const lineStart = src.lastIndexOf("\n", close) + 1;
        src = src.slice(0, lineStart) + `${rest}\n` + src.slice(lineStart);
      }
    }
    fs.writeFileSync(file, src);
    changed.push(s.file);
  }
  return changed;
}
