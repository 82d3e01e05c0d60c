/**
 * npm run bench:changed [-- --apps 200] [--runs 3]
 *
 * `--changed-since` at scale, as the pipeline runs it: a copy of this repository with git history
 * (test/fixtures/repo-copy.ts) holding a generated environment with N apps (committed), then one
 * app's routes changed in the working tree. Times `plan --config … --changed-since HEAD --matrix`
 * end to end (process start to matrix: what a PR job waits for), median of the runs, and checks
 * that exactly the changed app's stack is selected. A second row times a platform-only change
 * (the WAF rate limit): the platform alone must be selected, whatever N is.
 * Exit 1 when a selection is wrong.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyRepository } from "../test/fixtures/repo-copy";
import { fixtureInput } from "../test/fixtures/env";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const apps = Number(opt("apps", "200"));
const runs = Number(opt("runs", "3"));

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function main(): number {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-bench-changed-"));
  try {
    const repo = copyRepository(path.join(work, "repo"));
    const name = `fx${apps}`;
    const file = `environments/${name}.json`;
    const write = (edit?: (e: Raw) => void) => fs.writeFileSync(path.join(repo.dir, file), JSON.stringify(fixtureInput({ apps, name }, edit)));
    write();
    repo.commit(`${apps} generated apps`);
    const changedApp = `app${String(Math.ceil(apps / 2)).padStart(3, "0")}`;
    const cases = [
      { what: `routes of ${changedApp}`, edit: (e: Raw) => e.apps.find((a: { name: string }) => a.name === changedApp).routes.push({ method: "GET", path: "/bench-new", scopes: ["bench:read"] }), expect: [`${name}-app-${changedApp}`] },
      { what: "WAF rate limit (platform only, same contract)", edit: (e: Raw) => (e.edge.waf.rateLimitPerIp = 1234), expect: [`${name}-platform`] },
    ];
    let ok = true;
    console.log(`--changed-since HEAD --matrix in a copy of the repository, ${apps} apps (${apps + 2} stacks); median of ${runs} run(s), wall time from process start`);
    for (const c of cases) {
      write(c.edit);
      const times: number[] = [];
      let selected: string[] = [];
      let summary = "";
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "scripts/plan.ts", "--config", file, "--changed-since", "HEAD", "--matrix"], { cwd: repo.dir, encoding: "utf8", maxBuffer: 64 << 20 });
        times.push(performance.now() - t0);
        if (r.status !== 0) throw new Error(`plan --changed-since failed (exit ${r.status}):\n${r.stderr}`);
        selected = (JSON.parse(r.stdout.trim().split("\n").pop()!) as { include: { stack: string }[] }).include.map((x) => x.stack);
        summary = r.stderr.split("\n").find((l) => l.startsWith("changed since")) ?? "";
      }
      const median = [...times].sort((a, b) => a - b)[Math.floor((times.length - 1) / 2)];
      const good = JSON.stringify(selected) === JSON.stringify(c.expect);
      ok &&= good;
      console.log(`\n${c.what}: selected ${JSON.stringify(selected)}${good ? "" : `  FAILED: expected ${JSON.stringify(c.expect)}`}`);
      console.log(`  selection ${(median / 1000).toFixed(2)} s (runs: ${times.map((t) => (t / 1000).toFixed(2)).join(", ")}); terraform plans saved: ${apps + 2 - selected.length} of ${apps + 2}`);
      console.log(`  ${summary}`);
      repo.reset();
    }
    console.log("\ntarget: a one-app change at 200 apps selected in <= 5 s");
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exit(main());
