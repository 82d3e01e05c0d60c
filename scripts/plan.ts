/**
 * npm run plan -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]
 * Plans every stack of one environment in dependency order into saved plan files and writes
 * reports/plan-<env>.md|json. Exit 0 ok, 1 error, 64 usage. Library: ops/orchestrate.ts.
 */
import { run } from "../cli";
import { runMain } from "../ops/orchestrate";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
run(() => runMain("plan", process.argv.slice(2)));
