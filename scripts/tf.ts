/**
 * npm run tf -- [--config FILE] <stack> <terraform args>
 * Any terraform command in one stack's directory with its backend, credentials/endpoint and
 * provider mirror. Library: ops/tf.ts.
 */
import { run } from "../cli";
import { tfMain } from "../ops/tf";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
run(() => tfMain(process.argv.slice(2)));
