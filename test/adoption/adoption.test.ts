/**
 * Adopting the project: a copy of this repository (its tracked and new files, node_modules
 * linked), the README's "Adding an app" and then "Removing an app" steps applied literally
 * (the snippets extracted from README.md, test/adoption/readme-steps.ts), `npm run docs`, and:
 *
 * - the product's unit tier (`npm run test:unit`) stays green on the user's changed data;
 * - `npm run synth -- --env dev` differs from before exactly in the new app's stack (plus the
 *   bootstrap when its account is new); the platform stack's cdk.tf.json is byte-identical;
 * - removing payments: the platform and the other apps' stacks are byte-identical, payments'
 *   stack is gone (the bootstrap changes: its account has no app left);
 * - "Adding an environment" (its snippet): the new environment synthesizes, dev does not change.
 * One unit-tier run at the end, on the data after all three steps (a new app, payments gone, a new
 * environment): a product test that reads the user's data fails there whichever of the edits it
 * trips over. (Two runs — one after each step — cost 2 min more of CI for no case one run misses:
 * the final data holds the added app, lacks payments and has the new environment.)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applySnippets, readmeSection } from "./readme-steps";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The repository as a user has it: tracked and untracked-but-not-ignored files, node_modules linked. */
function copyRepository(to: string): void {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  for (const rel of r.stdout.split("\0").filter(Boolean)) {
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from)) continue; // deleted in the work tree
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(to, rel));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(to, "node_modules"), "dir");
  // a user's fork is a git repository (commands such as `plan --changed-since HEAD` read its history)
  const git = (...args: string[]) => {
    const g = spawnSync("git", ["-c", "user.name=adopter", "-c", "user.email=adopter@example.com", ...args], { cwd: to, encoding: "utf8" });
    if (g.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${g.stderr}`);
  };
  git("init", "-q");
  fs.appendFileSync(path.join(to, ".git", "info", "exclude"), "node_modules\n"); // a symlink: the directory pattern in .gitignore does not match it
  git("add", "-A");
  git("commit", "-qm", "the project as adopted");
}

function npm(cwd: string, ...args: string[]): { code: number | null; out: string } {
  const vars = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AOA_|JEST_|npm_)/.test(k)));
  const r = spawnSync("npm", ["run", "--silent", ...args], { cwd, encoding: "utf8", env: { ...vars, FORCE_COLOR: "0" }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}
const tail = (s: string, n = 60) => s.split("\n").slice(-n).join("\n");

/** `npm run test:unit` in the copy; its "Tests:" line goes to this run's output (the counts on the user's data). */
function unitTier(cwd: string): { code: number | null; out: string } {
  const r = npm(cwd, "test:unit", "--", "--silent");
  process.stdout.write(`adoption: unit tier in the copy: exit ${r.code}, ${/^Tests:.*$/m.exec(r.out)?.[0] ?? "no Tests: line"}\n`);
  return r;
}

/** stack name -> cdk.tf.json text, from `npm run synth -- --env dev --out <dir>`. */
function synthDev(cwd: string, out: string): Map<string, string> {
  const r = npm(cwd, "synth", "--", "--env", "dev", "--out", out);
  if (r.code !== 0) throw new Error(`npm run synth failed (${r.code}):\n${tail(r.out)}`);
  const stacks = new Map<string, string>();
  for (const name of fs.readdirSync(path.join(out, "stacks")).sort()) stacks.set(name, fs.readFileSync(path.join(out, "stacks", name, "cdk.tf.json"), "utf8"));
  return stacks;
}

/** Stacks added, removed, changed and unchanged between two synths. */
function compare(before: Map<string, string>, after: Map<string, string>) {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return {
    added: names.filter((n) => !before.has(n)),
    removed: names.filter((n) => !after.has(n)),
    changed: names.filter((n) => before.has(n) && after.has(n) && before.get(n) !== after.get(n)),
    unchanged: names.filter((n) => before.has(n) && before.get(n) === after.get(n)),
  };
}

describe("adopting the project: the README's app lifecycle on a copy of the repository", () => {
  let work: string;
  let repo: string;
  let base: Map<string, string>;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-adopt-"));
    repo = path.join(work, "repo");
    copyRepository(repo);
    base = synthDev(repo, path.join(work, "synth-base"));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  let added: Map<string, string>;
  it('"Adding an app": only the new app\'s stack (and the bootstrap for a new account) changes; the platform is byte-identical', () => {
    const files = applySnippets(repo, readmeSection(README, "Adding an app"));
    expect(files).toEqual(expect.arrayContaining(["environments/dev.ts"]));
    const docs = npm(repo, "docs");
    expect([docs.code, tail(docs.out)]).toEqual([0, expect.any(String)]);
    added = synthDev(repo, path.join(work, "synth-added"));
    const d = compare(base, added);
    expect(d.added).toHaveLength(1);
    const [newStack] = d.added;
    expect(newStack).toMatch(/^dev-app-/);
    expect(d.removed).toEqual([]);
    // the bootstrap changes exactly when the app brings an account the environment did not have
    const providers: { alias?: string; allowed_account_ids?: string[] }[] = [].concat(JSON.parse(added.get(newStack)!).provider.aws);
    const account = providers.find((p) => p.alias === "workload")?.allowed_account_ids?.[0];
    expect(account).toMatch(/^\d{12}$/);
    const newAccount = !base.get("dev-bootstrap")!.includes(`"${account}"`);
    expect(d.changed).toEqual(newAccount ? ["dev-bootstrap"] : []);
    expect(d.unchanged).toEqual(expect.arrayContaining(["dev-platform"]));
    expect(added.get("dev-platform")).toBe(base.get("dev-platform"));
  });

  let removed: Map<string, string>;
  it('"Removing an app" (payments): the platform and the other apps are byte-identical, its stack is gone', () => {
    applySnippets(repo, readmeSection(README, "Removing an app"));
    const docs = npm(repo, "docs");
    expect([docs.code, tail(docs.out)]).toEqual([0, expect.any(String)]);
    removed = synthDev(repo, path.join(work, "synth-removed"));
    const d = compare(added, removed);
    expect(d.removed).toEqual(["dev-app-payments"]);
    expect(d.added).toEqual([]);
    // payments was alone in its account: the bootstrap drops that account's deploy role
    expect(d.changed).toEqual(["dev-bootstrap"]);
    expect(d.unchanged).toEqual(expect.arrayContaining(["dev-platform", "dev-app-orders"]));
    expect(removed.get("dev-platform")).toBe(base.get("dev-platform"));
  });

  it('"Adding an environment": it synthesizes its bootstrap and platform; dev does not change', () => {
    const [file] = applySnippets(repo, readmeSection(README, "Adding an environment"));
    const name = path.basename(file).replace(/\.ts$/, "");
    const docs = npm(repo, "docs");
    expect([docs.code, tail(docs.out)]).toEqual([0, expect.stringContaining(`docs/${name}.md`)]);
    expect(compare(removed, synthDev(repo, path.join(work, "synth-env-dev")))).toMatchObject({ added: [], removed: [], changed: [] });
    const r = npm(repo, "synth", "--", "--env", name, "--out", path.join(work, "synth-env-new"));
    expect([r.code, tail(r.out)]).toEqual([0, expect.any(String)]);
    expect(fs.readdirSync(path.join(work, "synth-env-new", "stacks")).sort()).toEqual([`${name}-bootstrap`, `${name}-platform`]);
  });

  it("after adding an app, removing one, adding an environment and `npm run docs`, the unit tier is green", () => {
    const r = unitTier(repo);
    expect([r.code, tail(r.out)]).toEqual([0, expect.stringMatching(/Tests:\s+\d+ passed, \d+ total/)]);
  });
});
