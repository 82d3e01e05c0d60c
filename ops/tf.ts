/**
 * `npm run tf -- <stack> <terraform args>`: any terraform command (state list/mv/rm, import,
 * output, force-unlock, plan -replace=...) in one stack's working directory, with what the
 * pipeline commands give terraform — the configured backend, credentials or the emulator's
 * endpoint, the provider mirror (TF_PLUGIN_MIRROR) — as terragrunt does.
 *
 * The environment comes from the stack's name (`<env>-platform`, `<env>-app-<app>`,
 * `<env>-bootstrap`) or `--config FILE`; `local-*` stacks are the environment `npm run local -- up`
 * deployed. The stack is synthesized into .work/synth/<env>/ and initialized first (quietly).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ENVIRONMENTS_DIR, listEnvironmentFiles } from "../config/load";
import { EXIT, UsageError } from "../cli";
import { runnerFor, synthesizeEnvironment, type OpsContext } from "./orchestrate";
import { summarizeTerraformError, TerraformError } from "./terraform";

export const TF_USAGE = [
  "usage: npm run tf -- [--config FILE] <stack> <terraform command and arguments>",
  "  e.g. npm run tf -- local-platform state list",
  "       npm run tf -- dev-app-orders plan -replace=aws_api_gateway_deployment.api_deployment_ABC123",
  "       npm run tf -- dev-platform force-unlock <lock id>",
  "  runs in the stack's directory (.work/synth/<env>/stacks/<stack>) with its backend, credentials or emulator endpoint and provider mirror",
  "exit codes: terraform's own; 64 usage",
].join("\n");

export async function tfMain(argv: string[], ctx: OpsContext = {}, io: { out: (l: string) => void } = { out: (l) => console.log(l) }): Promise<number> {
  const args = [...argv];
  let configFile: string | undefined;
  while (args[0]?.startsWith("--")) {
    const flag = args.shift()!;
    if (flag === "--help" || flag === "-h") {
      io.out(TF_USAGE);
      return EXIT.ok;
    }
    if (flag === "--config" && args[0]) configFile = args.shift();
    else if (flag.startsWith("--config=")) configFile = flag.slice("--config=".length);
    else throw new UsageError(`unknown option '${flag}' before the stack name (terraform's own flags go after it)\n\n${TF_USAGE}`);
  }
  const stack = args.shift();
  if (!stack) throw new UsageError(`which stack?\n\n${TF_USAGE}`);
  if (!args.length) throw new UsageError(`no terraform command for ${stack} (e.g. state list)\n\n${TF_USAGE}`);
  let environment: string | undefined;
  if (!configFile) {
    const known = listEnvironmentFiles(ENVIRONMENTS_DIR).map((f) => path.basename(f).replace(/\.(ts|json)$/, ""));
    environment = known.filter((e) => stack.startsWith(`${e}-`)).sort((a, b) => b.length - a.length)[0];
    if (!environment) throw new UsageError(`unknown stack '${stack}': stacks are named <env>-bootstrap, <env>-platform or <env>-app-<app> (environments: ${known.join(", ")}), or pass --config FILE\n\n${TF_USAGE}`);
  }
  const { env, synth } = await synthesizeEnvironment({ ...ctx, environment, configFile, stacks: [stack] });
  const s = synth.stacks.find((x) => x.name === stack)!;
  const runner = runnerFor(s, env, ctx);
  if (args[0] !== "init" && !fs.existsSync(path.join(s.dir, ".terraform", "terraform.tfstate"))) {
    try {
      await runner.init();
    } catch (e) {
      throw new Error(`terraform init of ${stack} failed:\n${e instanceof TerraformError ? summarizeTerraformError(e.stderr || e.stdout) : (e as Error).message}`);
    }
  }
  process.stderr.write(`[${stack}] terraform ${args.join(" ")}  (in ${path.relative(process.cwd(), s.dir)})\n`);
  return runner.passthrough(args);
}
