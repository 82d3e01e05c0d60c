/**
 * npm run drift -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]
 * Plans every stack without locking and reports what changed outside Terraform and what is not
 * applied, refresh noise filtered; writes reports/drift-<env>.md|json.
 * Exit 0 clean, 2 drift, 1 error, 64 usage. Library: ops/drift.ts.
 */
import { run } from "../cli";
import { driftMain } from "../ops/drift";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
run(() => driftMain(process.argv.slice(2)));
