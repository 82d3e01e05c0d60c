/**
 * npm run synth [-- --env dev[,staging]] [--config path/to/env.(ts|json)] [--stack NAME] [--out DIR]
 * Validates, synthesizes, runs the policy pack, prints a summary. Writes nothing on any error.
 * The command is synth/command.ts, run from a bundle cached by content hash (cli/precompiled.ts).
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

runPrecompiled(path.join(__dirname, "..", "synth", "command.ts"));
