/**
 * npm run local -- up [--skip-bootstrap] [--parallel N] | down [--skip-destroy] | status
 * The whole environment in the moto emulator on 127.0.0.1. Library: ops/local.ts.
 */
import { run } from "../cli";
import { localMain } from "../ops/local";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
run(() => localMain(process.argv.slice(2)));
