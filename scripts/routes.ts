/**
 * npm run routes -- [--env NAME[,NAME]] [--config FILE] [--out DIR]
 * Writes the route ownership map of each environment as `<out>/<env>.md` and `<out>/<env>.json`
 * (default out: docs/routes/). Built from the validated environments; nothing is written when an
 * environment is invalid or has conflicting base paths.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT, list, parseCommandFlags, run, table } from "../cli";
import { loadForSynth } from "../synth";
import { buildRouteMap, routeMapJson, routeMapMarkdown } from "../governance/routes";
import { DOCS_DIR } from "../governance/docs";

const USAGE = [
  "usage: npm run routes -- [--env NAME[,NAME]] [--config FILE] [--out DIR]",
  "  --env     built-in environments (default: all of environments/)",
  "  --config  an environment file (.ts or .json) outside environments/",
  "  --out     output directory (default: docs/routes)",
].join("\n");

run(async () => {
  const values = parseCommandFlags(process.argv.slice(2), { env: { type: "string", multiple: true }, config: { type: "string", multiple: true }, out: { type: "string" } }, USAGE);
  if (!values) return EXIT.ok;

  const envs = loadForSynth({ envNames: list(values.env), configFiles: list(values.config) });
  // the environment each promotes from (what its next promotion brings), also when not selected
  const known = values.config ? envs : loadForSynth({});
  const maps = envs.map((e) => buildRouteMap(e, known.find((u) => u.name === e.promotesFrom))); // every map (and every conflict) before anything is written
  const outdir = values.out ? path.resolve(values.out) : path.join(DOCS_DIR, "routes");
  fs.mkdirSync(outdir, { recursive: true });
  const rows = maps.map((map) => {
    const md = path.join(outdir, `${map.environment}.md`);
    const json = path.join(outdir, `${map.environment}.json`);
    fs.writeFileSync(md, routeMapMarkdown(map));
    fs.writeFileSync(json, routeMapJson(map));
    const rel = (f: string) => path.relative(process.cwd(), f) || f;
    return [map.environment, map.domain, map.apps.length, map.apps.reduce((n, a) => n + a.routes.length, 0), `${rel(md)}, ${rel(json)}`] as const;
  });
  console.log(table(["environment", "domain", "apps", "routes", "written"], rows));
  return EXIT.ok;
});
