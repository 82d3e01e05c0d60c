/**
 * npm run docs -- [--env NAME[,NAME]] [--check] [--out DIR]
 * Regenerates docs/ from the validated environments: `<env>.md` (topology diagram, route table,
 * cost estimate), `routes/<env>.md|json` (route ownership map) and `README.md` (index).
 * `--check` writes nothing: it exits 1 listing stale, missing or orphaned files.
 */
import * as path from "node:path";
import { EXIT, list, parseCommandFlags, run } from "../cli";
import { environmentFiles, loadForSynth } from "../synth";
import { DOCS_DIR, checkDocs, generateDocs, isClean, writeDocs } from "../governance/docs";

const USAGE = [
  "usage: npm run docs -- [--env NAME[,NAME]] [--check] [--out DIR]",
  "  --env    only these environments' pages (the index always covers every environment)",
  "  --check  compare with the committed files instead of writing; exit 1 when any is stale",
  "  --out    docs directory (default: docs)",
].join("\n");

run(async () => {
  const values = parseCommandFlags(process.argv.slice(2), { env: { type: "string", multiple: true }, check: { type: "boolean" }, out: { type: "string" } }, USAGE);
  if (!values) return EXIT.ok;

  const only = list(values.env);
  if (only.length) environmentFiles({ envNames: only }); // unknown names fail here, with the known ones
  const envs = loadForSynth({});
  const files = generateDocs(envs, { only: only.length ? only : undefined });
  const dir = values.out ? path.resolve(values.out) : DOCS_DIR;
  const shown = path.relative(process.cwd(), dir) || ".";

  if (values.check) {
    const result = checkDocs(dir, files, { strict: only.length === 0 });
    if (isClean(result)) {
      console.log(`${shown}: ${files.size} generated files are up to date`);
      return EXIT.ok;
    }
    const lines = [
      ...result.stale.map((f) => `  stale:      ${path.join(shown, f)}`),
      ...result.missing.map((f) => `  missing:    ${path.join(shown, f)}`),
      ...result.unexpected.map((f) => `  orphaned:   ${path.join(shown, f)} (no environment generates it any more)`),
    ];
    console.error(`${shown} is out of date with the environments (${lines.length} file${lines.length === 1 ? "" : "s"}):\n${lines.join("\n")}\nrun \`npm run docs\` and commit the result`);
    return EXIT.error;
  }
  const written = writeDocs(dir, files);
  console.log(written.length ? `${shown}: wrote ${written.length} of ${files.size} files\n${written.map((f) => `  ${path.join(shown, f)}`).join("\n")}` : `${shown}: ${files.size} files already up to date`);
  return EXIT.ok;
});
