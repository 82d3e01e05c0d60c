/**
 * npm run canary -- --env X --app NAME status|promote|rollback [--dry-run] [--config FILE]
 * Promotes or rolls back an app's canary: rewrites the environment file, moves state, applies
 * the app stack, checks the next plan is clean. Exit 0 done, 1 refused/failed, 64 usage.
 * Library: ops/canary.ts.
 */
import { run } from "../cli";
import { canaryMain } from "../ops/canary";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
run(() => canaryMain(process.argv.slice(2)));
