/**
 * npm run drift -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]
 * Plans every stack without locking and reports what changed outside Terraform and what is not
 * applied, refresh noise filtered; writes reports/drift-<env>.md|json.
 * Exit 0 clean, 2 drift, 1 error, 64 usage. Library: ops/drift.ts.
 */
import * as path from "node:path";
import { runPrecompiled } from "../cli/precompiled";

// ops/commands.ts, from a bundle cached by content hash (cli/precompiled.ts)
runPrecompiled(path.join(__dirname, "..", "ops", "commands.ts"), "drift");
