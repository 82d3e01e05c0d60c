/**
 * npm run promote -- --from ENV --to ENV [--app NAME] [--config-dir DIR] [--via ssm|terraform] [--dry-run]
 * Moves the version that is LIVE in --from (read from its deployed state) into --to's pin.
 * Exit 0 promoted or up to date, 1 refused or error, 64 usage. Library: ops/promote.ts.
 */
import { run } from "../cli";
import { promoteMain } from "../ops/promote";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
run(() => promoteMain(process.argv.slice(2)));
