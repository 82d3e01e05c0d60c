/**
 * Every `npm run ...` command README.md shows is run by a test of this tier: each fenced line
 * verbatim, each command-table row with every flag it shows. Adding an untested command to the
 * README, or deleting a command's test, fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FLAGS_NOT_RUN_HERE, NOT_RUN_HERE, ROOT, commandTestSources, fencedCommands, tableCommands, testedCommands, uncovered } from "./support";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README commands are tests", () => {
  it("finds the fenced commands and the command table", () => {
    expect(fencedCommands(readme)).toEqual(expect.arrayContaining(["npm run local -- up", "npm run local -- status", "npm run local -- down", "npm run synth"]));
    expect(tableCommands(readme).map((t) => t.script)).toEqual(expect.arrayContaining(["synth", "plan", "apply", "drift", "promote", "local", "routes", "docs", "preflight", "tf", "test:unit", "test:acceptance"]));
    expect(tableCommands("| `npm run a -- --x` / `npm run b` | what |")).toEqual([{ row: "npm run a -- --x", script: "a", flags: ["--x"] }, { row: "npm run b", script: "b", flags: [] }]);
  });

  it("every command README.md shows is run by a test of this tier", () => {
    const tested = testedCommands(commandTestSources());
    for (const [cmd, why] of Object.entries(NOT_RUN_HERE)) process.stderr.write(`not run by this tier: ${cmd} — ${why}\n`);
    for (const [cmd, flags] of Object.entries(FLAGS_NOT_RUN_HERE)) process.stderr.write(`flags not run by this tier yet: ${cmd} ${flags.join(" ")}\n`);
    expect(uncovered(readme, tested)).toEqual([]);
  });

  it("fails for a README line without a test, and for a test that was removed", () => {
    const tested = testedCommands(commandTestSources());
    const withNew = `${readme}\n\`\`\`bash\nnpm run synth -- --env prod --stack prod-platform   # new\n\`\`\`\n`;
    expect(uncovered(withNew, tested)).toEqual(["README runs `npm run synth -- --env prod --stack prod-platform` but no test runs it as written"]);
    const withoutUp = tested.filter((c) => c !== "npm run local -- up");
    expect(uncovered(readme, withoutUp)).toEqual(["README runs `npm run local -- up` but no test runs it as written"]);
    const noStackFlag = tested.map((c) => (c.startsWith("npm run synth") ? c.replace(/--stack \S+/, "") : c));
    expect(uncovered(readme, noStackFlag)).toContain("README shows `npm run synth [-- --env dev[,staging]] [--config FILE] [--stack NAME] [--out DIR] [--quotas]` but no test passes --stack to `npm run synth`");
  });

  it("reads npmRun literals from the test sources", () => {
    expect(testedCommands(['await npmRun(c.dir, "npm run plan -- --env local");', "npmRun(dir, `npm run promote -- --config-dir ${d} --dry-run`)"])).toEqual(["npm run plan -- --env local", "npm run promote -- --config-dir ${d} --dry-run"]);
  });
});
