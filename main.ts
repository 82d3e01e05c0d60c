/**
 * Entry point for the cdktf CLI (`cdktf synth|diff|deploy <stack>`), see cdktf.json.
 * Environments: AOA_ENV=dev[,staging] or AOA_CONFIG=path/to/env.json; default: all built-in.
 * `npm run synth` (scripts/synth.ts) runs the same pipeline with a summary table.
 */
import { synthesize } from "./synth";
import { list, run } from "./cli";

run(async () => {
  await synthesize({
    envNames: list(process.env.AOA_ENV),
    configFiles: list(process.env.AOA_CONFIG),
    outdir: process.env.CDKTF_OUTDIR,
    keepOrphanStackDirs: true,
  });
});
