/**
 * npm run tf -- [--config FILE] <stack> <terraform args>
 * Any terraform command in one stack's directory with its backend, credentials/endpoint and
 * provider mirror. Library: ops/tf.ts.
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

// ops/commands.ts, from a bundle cached by content hash (cli/precompiled.ts)
runPrecompiled(path.join(__dirname, "..", "ops", "commands.ts"), "tf");
