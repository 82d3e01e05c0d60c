/**
 * npm run preflight -- (--env NAME | --config FILE) [--role-name NAME] [--role-arn ACCOUNT=ROLE_ARN]... [--region REGION]
 * Assumes the deploy role in every account of the environment with the caller's credentials and
 * checks that each role lives in the configured account. Exit 0 all pass, 1 any failure, 64 usage.
 * The library is ops/preflight.ts.
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

// ops/commands.ts, from a bundle cached by content hash (cli/precompiled.ts)
runPrecompiled(path.join(__dirname, "..", "ops", "commands.ts"), "preflight");
