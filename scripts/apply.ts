/**
 * npm run apply -- (--env NAME | --config FILE) [--stack NAME]... [--skip-bootstrap] [--parallel N] [--out DIR]
 * Plans each stack right before applying exactly that saved plan, in dependency order (bootstrap,
 * platform, apps); stops at the first failure; writes reports/apply-<env>.md|json.
 * Exit 0 ok, 1 error, 64 usage. Library: ops/orchestrate.ts.
 */
import { run } from "../cli";
import { runMain } from "../ops/orchestrate";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
run(() => runMain("apply", process.argv.slice(2)));
