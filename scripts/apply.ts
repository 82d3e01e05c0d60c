/**
 * npm run apply -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]
 * Plans each stack right before applying exactly that saved plan, in dependency order (bootstrap,
 * platform, apps); stops at the first failure; writes reports/apply-<env>.md|json.
 * Exit 0 ok, 1 error, 64 usage. Library: ops/orchestrate.ts.
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

// ops/commands.ts, from a bundle cached by content hash (cli/precompiled.ts)
runPrecompiled(path.join(__dirname, "..", "ops", "commands.ts"), "apply");
