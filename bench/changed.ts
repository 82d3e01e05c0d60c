/**
 * npm run bench:changed [-- --apps 200]
 *
 * `--changed-since` at scale: a generated environment with N apps (test/fixtures/env.ts
 * fixtureInput), and the same environment with one app's routes changed. Both are synthesized in
 * their own processes at the same time (as `npm run plan -- --changed-since` does with the base
 * ref and the working tree), then compared (ops/changed.ts compareSynth). Prints the selection,
 * the time it took (both synths + the comparison) and how many terraform plans it saves.
 * Exit 1 when anything but exactly the changed app's stack is selected.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareSynth, synthInChild } from "../ops/changed";
import { writeEnvironmentJson } from "../ops/local-fixtures";
import { fixtureInput } from "../test/fixtures/env";

const ROOT = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const apps = Number(args.includes("--apps") ? args[args.indexOf("--apps") + 1] : "200");

async function main(): Promise<number> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-bench-changed-"));
  try {
    const name = `fx${apps}`;
    const changedApp = `app${String(Math.ceil(apps / 2)).padStart(3, "0")}`;
    const base = writeEnvironmentJson(fixtureInput({ apps, name }), path.join(work, "base", `${name}.json`));
    const head = writeEnvironmentJson(
      fixtureInput({ apps, name }, (e) => e.apps.find((a: { name: string }) => a.name === changedApp).routes.push({ method: "GET", path: "/bench-new", scopes: ["bench:read"] })),
      path.join(work, "head", `${name}.json`),
    );
    const t0 = performance.now();
    await Promise.all([synthInChild(ROOT, ["--config", base], path.join(work, "out-base")), synthInChild(ROOT, ["--config", head], path.join(work, "out-head"))]);
    const synthMs = performance.now() - t0;
    const sel = compareSynth({ outdir: path.join(work, "out-base"), root: ROOT }, { outdir: path.join(work, "out-head"), root: ROOT });
    const totalMs = performance.now() - t0;
    const stacks = sel.changed.length + sel.unchanged;
    const selected = sel.changed.map((c) => c.stack);
    console.log(`apps ${apps}, stacks ${stacks}; changed: routes of ${changedApp}`);
    console.log(`selected: ${JSON.stringify(selected)}`);
    console.log(`selection ${(totalMs / 1000).toFixed(2)} s (two synths in parallel ${(synthMs / 1000).toFixed(2)} s, compare ${sel.ms} ms); terraform plans saved: ${stacks - selected.length} of ${stacks}`);
    const ok = selected.length === 1 && selected[0] === `${name}-app-${changedApp}`;
    if (!ok) console.error("FAILED: expected exactly the changed app's stack");
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then((c) => process.exit(c), (e) => {
  console.error(e);
  process.exit(1);
});
