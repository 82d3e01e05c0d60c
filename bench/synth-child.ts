/**
 * The process `npm run bench` measures: bench/synth-measure.ts, run the way `npm run synth` runs
 * its command (the cached bundle, cli/precompiled.ts) — or, with STOCK=1, straight from the
 * sources under the runner that started it (the stock set-up: type-checking ts-node).
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

const measure = path.join(__dirname, "synth-measure.ts");
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (process.env.STOCK === "1") require(measure);
else runPrecompiled(measure);
