/**
 * The pipeline commands behind `npm run plan|apply|drift|promote|local|tf|preflight`, in one module
 * so they share one precompiled bundle (cli/precompiled.ts): scripts/<command>.ts names the command.
 */
import { run } from "../cli";
import { runMain } from "./orchestrate";
import { driftMain } from "./drift";
import { promoteMain } from "./promote";
import { localMain } from "./local";
import { tfMain } from "./tf";
import { preflightMain } from "./preflight";

const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = {
  plan: (argv) => runMain("plan", argv),
  apply: (argv) => runMain("apply", argv),
  drift: driftMain,
  promote: promoteMain,
  local: localMain,
  tf: tfMain,
  preflight: preflightMain,
};

/** Runs one command with the process's arguments and exits with its code (cli/index.ts run). */
export function main(command: string): void {
  const fn = COMMANDS[command];
  if (!fn) throw new Error(`no command '${command}' (known: ${Object.keys(COMMANDS).join(", ")})`);
  if (command !== "preflight") process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  run(() => fn(process.argv.slice(2)));
}
