/**
 * npm run plan -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]
 * Plans every stack of one environment in dependency order into saved plan files and writes
 * reports/plan-<env>.md|json. Exit 0 ok, 1 error, 64 usage. Library: ops/orchestrate.ts.
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

// ops/commands.ts, from a bundle cached by content hash (cli/precompiled.ts)
runPrecompiled(path.join(__dirname, "..", "ops", "commands.ts"), "plan");
