/**
 * npm run promote -- --from ENV --to ENV [--app NAME] [--config-dir DIR] [--via ssm|terraform] [--dry-run]
 * Moves the version that is LIVE in --from (read from its deployed state) into --to's pin.
 * Exit 0 promoted or up to date, 1 refused or error, 64 usage. Library: ops/promote.ts.
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

// ops/commands.ts, from a bundle cached by content hash (cli/precompiled.ts)
runPrecompiled(path.join(__dirname, "..", "ops", "commands.ts"), "promote");
