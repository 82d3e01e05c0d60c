/**
 * npm run local -- up [--skip-bootstrap] [--parallel N] | down [--skip-destroy] | status
 * The whole environment in the moto emulator on 127.0.0.1. Library: ops/local.ts.
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

// ops/commands.ts, from a bundle cached by content hash (cli/precompiled.ts)
runPrecompiled(path.join(__dirname, "..", "ops", "commands.ts"), "local");
