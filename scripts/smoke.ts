/**
 * npm run smoke -- --env X [--token T | --token-env VAR] [--scope-token SCOPE=VAR]... [--wrong-token-env VAR] [--include-unsafe]
 * The expected auth outcome of every route of every app, checked over HTTPS after apply.
 * Exit 0 all checks that ran passed, 1 a failure, 64 usage. Library: ops/smoke.ts.
 */
import { run } from "../cli";
import { smokeMain } from "../ops/smoke";

run(() => smokeMain(process.argv.slice(2)));
