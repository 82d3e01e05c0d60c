/**
 * npm run canary -- --env X --app NAME status|promote|rollback [--dry-run] [--config FILE]
 *
 * Ends (or shows) an app's canary (config/canary.ts) the way API Gateway promotes one — the
 * stage's deploymentId becomes the canary's deployment and canarySettings are removed (API
 * Gateway Developer Guide, "Promote a canary release") — while keeping config, state and AWS in
 * step, so the next plan of the stack is clean:
 *
 * promote   1. the environment file: pin := canary.version, the `canary` block removed
 *           2. state: the two deployments swap addresses (`terraform state mv` ×3), so the
 *              canary's deployment — the snapshot that served the canary traffic — is now the
 *              main deployment, and the old main one sits at the canary's address
 *           3. `terraform apply -target=<stage>`: one UpdateStage (replace /deploymentId,
 *              remove /canarySettings); then `terraform apply` of the stack deletes the old
 *              main deployment (AWS refuses to delete a deployment a stage still points at,
 *              and terraform would otherwise order that delete before the stage update)
 * rollback  1. the environment file: the `canary` block removed (pin unchanged)
 *           2. `terraform apply`: canarySettings removed, the canary deployment deleted, the
 *              API's working definition put back to the pin's body; the main deployment is
 *              untouched (its trigger hashes the pin's body)
 * both      3. a second plan of the stack must be clean (else exit 1, saying what differs)
 * status    the configured canary and, when the stack is applied, its `canary` output
 *
 * The pipeline commits the rewritten environment file afterwards (like `npm run promote`).
 * `--dry-run` prints the file edit and the terraform steps and changes nothing.
 * Exit 0 done (or status printed), 1 refused or failed (a failure before terraform changed
 * anything restores the file), 64 usage.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT, UsageError, parseCommandFlags } from "../cli";
import { listEnvironmentFiles, loadEnvironmentFile } from "../config/load";
import type { Environment } from "../config/schema";
import { canaryLine } from "../config/canary";
import { stackNames } from "../config/naming";
import { rewritePin } from "./promote";
import { runnerFor, synthesizeEnvironment, type OpsContext } from "./orchestrate";

export type CanaryAction = "status" | "promote" | "rollback";

export const CANARY_USAGE = [
  "usage: npm run canary -- --env X --app NAME status|promote|rollback [--dry-run] [--config FILE]",
  "  status    the configured canary and what is deployed",
  "  promote   pin := the canary's version, canary removed; the canary's deployment becomes the stage's (terraform apply of the app stack)",
  "  rollback  canary removed; the stage keeps its deployment (terraform apply of the app stack)",
  "  --dry-run print the edit and the steps, change nothing",
  "  --config  the environment file to edit (default environments/<env>.ts)",
  "exit: 0 done, 1 refused or failed, 64 usage",
].join("\n");

/** Removes the `canary: { ... }` member of `app`'s deployApp block (TS) or app object (JSON). */
export function removeCanaryBlock(file: string, src: string, app: string): string {
  if (file.endsWith(".json")) {
    const doc = JSON.parse(src);
    const entry = (doc.apps ?? []).find((a: { name?: string }) => a.name === app);
    if (!entry?.canary) throw new Error(`app '${app}' has no canary in ${file}`);
    delete entry.canary;
    const indent = /\n([ \t]+)"/.exec(src)?.[1] ?? "  ";
    return `${JSON.stringify(doc, null, indent)}${src.endsWith("\n") ? "\n" : ""}`;
  }
  // the block of this app: from its deployApp( to the next deployApp( (or the end)
  const blocks = [...src.matchAll(/\bdeployApp\s*\(\s*([A-Za-z_$][\w$]*)\s*,/g)];
  const names = blocks.map((m) => appNameFromImport(m[1], src, file));
  const k = names.indexOf(app);
  if (k < 0) throw new Error(`no deployApp(<${app}>, { ... }) block in ${file}`);
  const start = blocks[k].index!;
  const end = k + 1 < blocks.length ? blocks[k + 1].index! : src.length;
  const block = src.slice(start, end);
  // the member and a comment line right above it
  const m = /(\n[ \t]*\/\/[^\n]*)*\n[ \t]*canary\s*:\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*,?[ \t]*(\/\/[^\n]*)?/.exec(block);
  if (!m) throw new Error(`the deployApp block of '${app}' in ${file} has no \`canary: { ... }\` member to remove; edit it by hand`);
  return src.slice(0, start) + block.slice(0, m.index) + block.slice(m.index + m[0].length) + src.slice(end);
}

function appNameFromImport(ident: string, src: string, file: string): string {
  const spec = new RegExp(`^\\s*import\\s+${ident}\\s+from\\s+["']([^"']+)["']`, "m").exec(src)?.[1];
  if (spec?.startsWith(".")) {
    const base = path.resolve(path.dirname(file), spec);
    for (const f of [base, `${base}.ts`]) if (fs.existsSync(f) && fs.statSync(f).isFile()) return /\bname\s*:\s*["']([a-z][a-z0-9-]*)["']/.exec(fs.readFileSync(f, "utf8"))?.[1] ?? ident;
  }
  return ident;
}

/** The environment file's text after the action. */
export function editedSource(action: "promote" | "rollback", file: string, src: string, env: Environment, app: string): string {
  const a = env.apps.find((x) => x.name === app)!;
  const c = a.canary!;
  const pinned = action === "promote" ? rewritePin(file, src, app, c.version).text : src;
  return removeCanaryBlock(file, pinned, app);
}

/** Terraform addresses of the app stack's two deployments (from the synthesized stack). */
export function deploymentAddresses(stackJson: any, stateList: readonly string[] = []): { main: string; canary: string } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const ids = Object.keys(stackJson?.resource?.aws_api_gateway_deployment ?? {});
  const inState = stateList.find((a) => a.startsWith("aws_api_gateway_deployment.api_canary-deployment"));
  if (inState) return { main: `aws_api_gateway_deployment.${ids.find((i) => i.startsWith("api_deployment"))}`, canary: inState };
  const canary = ids.find((i) => i.startsWith("api_canary-deployment"));
  const main = ids.find((i) => i.startsWith("api_deployment"));
  if (!main) throw new Error("the app stack has no main deployment (api_deployment_*)");
  return { main: `aws_api_gateway_deployment.${main}`, canary: `aws_api_gateway_deployment.${canary ?? main.replace(/^api_deployment/, "api_canary-deployment")}` };
}

export interface CanaryOptions {
  readonly action: CanaryAction;
  readonly envFile: string;
  readonly app: string;
  readonly dryRun?: boolean;
  readonly ctx?: OpsContext;
  readonly out?: (line: string) => void;
}

export async function canary(opts: CanaryOptions): Promise<number> {
  const out = opts.out ?? ((l: string) => console.log(l));
  const env = loadEnvironmentFile(opts.envFile);
  const app = env.apps.find((a) => a.name === opts.app);
  if (!app) throw new UsageError(`unknown app '${opts.app}' in ${env.name} (known: ${env.apps.map((a) => a.name).join(", ")})\n\n${CANARY_USAGE}`);
  const stack = stackNames.app(env, app.name);
  if (opts.action === "status") {
    out(app.canary ? `${stack}: ${app.version} on the stage, ${canaryLine(app.canary)}${app.canary.useStageCache ? " (shares the stage cache)" : ""}` : `${stack}: ${app.version}, no canary configured`);
    return EXIT.ok;
  }
  if (!app.canary) {
    out(`${stack}: no canary configured for '${app.name}' in ${path.relative(process.cwd(), opts.envFile)} — nothing to ${opts.action}`);
    return EXIT.error;
  }
  const src = fs.readFileSync(opts.envFile, "utf8");
  const next = editedSource(opts.action, opts.envFile, src, env, app.name);
  const verb = opts.action === "promote" ? `promote ${app.name} ${app.version} → ${app.canary.version} (the canary's deployment becomes the stage's)` : `roll back the canary of ${app.name} (${canaryLine(app.canary)}); the stage keeps ${app.version}`;
  out(`${stack}: ${verb}`);
  out(`  ${path.relative(process.cwd(), opts.envFile)}: ${opts.action === "promote" ? `version "${app.version}" → "${app.canary.version}", ` : ""}canary block removed`);
  if (opts.action === "promote") out("  state: the canary deployment moves to the main deployment's address (the old main one to the canary's, then deleted)");
  out(`  terraform apply ${stack}, then a second plan that must be clean`);
  if (opts.dryRun) {
    out("dry run: nothing changed");
    return EXIT.ok;
  }

  fs.writeFileSync(opts.envFile, next);
  // a .ts environment file was require()d above: load the edited text, not the cached module
  delete require.cache[path.resolve(opts.envFile)];
  let stateChanged = false;
  try {
    const { env: nextEnv, synth } = await synthesizeEnvironment({ configFile: opts.envFile, stacks: [stack], workDir: opts.ctx?.workDir, endpoint: opts.ctx?.endpoint, log: opts.ctx?.log });
    const s = synth.stacks.find((x) => x.name === stack)!;
    const tf = runnerFor(s, nextEnv, opts.ctx ?? {});
    await tf.init();
    if (opts.action === "promote") {
      stateChanged = false;
      // the canary's address comes from state: the edited config no longer has that resource
      const listed = (await tf.run(["state", "list"], [0], "state list")).stdout.split("\n").map((l) => l.trim());
      const { main, canary: canaryAddr } = deploymentAddresses(s.json, listed);
      if (!listed.includes(main) || !listed.includes(canaryAddr)) throw new Error(`state has no ${listed.includes(main) ? canaryAddr : main}: is the canary applied? (nothing was moved)`);
      const swap = `${main}_promoted_swap`;
      stateChanged = true;
      await tf.run(["state", "mv", "-lock-timeout=60s", main, swap], [0], "state mv");
      await tf.run(["state", "mv", "-lock-timeout=60s", canaryAddr, main], [0], "state mv");
      await tf.run(["state", "mv", "-lock-timeout=60s", swap, canaryAddr], [0], "state mv");
    }
    if (opts.action === "promote") {
      // the stage first (replace /deploymentId, remove /canarySettings: AWS's promotion), so the old main
      // deployment is no longer in use when the full apply deletes it (AWS refuses deleting a deployment a stage points at)
      const stageId = Object.keys(s.json?.resource?.aws_api_gateway_stage ?? {})[0];
      await tf.run(["apply", "-input=false", "-auto-approve", `-target=aws_api_gateway_stage.${stageId}`], [0], "apply -target stage");
    }
    const planFile = path.join(s.dir, "canary.tfplan");
    await tf.plan({ out: planFile });
    stateChanged = true;
    await tf.applyPlan(planFile);
    const second = await tf.plan({ detailedExitcode: true });
    if (second.changes) {
      out(`${stack}: applied, but the next plan is not clean:\n${second.result.stdout.split("\n").filter((l) => /^\s*[~+-] |will be|must be/.test(l)).join("\n")}`);
      return EXIT.error;
    }
    out(`${stack}: ${opts.action === "promote" ? `promoted: the stage serves ${app.canary.version}` : `rolled back: the stage serves ${app.version} only`}; the next plan is clean. Commit ${path.relative(process.cwd(), opts.envFile)}.`);
    return EXIT.ok;
  } catch (e) {
    if (!stateChanged) fs.writeFileSync(opts.envFile, src);
    throw new Error(`${stack}: ${opts.action} failed${stateChanged ? " after terraform changed state: keep the edited environment file and re-run `npm run apply -- --stack " + stack + "`" : " (environment file restored)"}: ${(e as Error).message}`);
  }
}

export async function canaryMain(argv: string[], ctx: OpsContext = {}, out: (l: string) => void = (l) => console.log(l)): Promise<number> {
  const args = argv.filter((a) => !["status", "promote", "rollback"].includes(a));
  const actions = argv.filter((a) => ["status", "promote", "rollback"].includes(a));
  const values = parseCommandFlags(args, { env: { type: "string" }, app: { type: "string" }, config: { type: "string" }, "dry-run": { type: "boolean" } }, CANARY_USAGE, out);
  if (!values) return EXIT.ok;
  if (actions.length !== 1) throw new UsageError(`name one action: status, promote or rollback\n\n${CANARY_USAGE}`);
  if (!values.env && !values.config) throw new UsageError(`--env is required\n\n${CANARY_USAGE}`);
  if (!values.app) throw new UsageError(`--app is required\n\n${CANARY_USAGE}`);
  let file = values.config;
  if (!file) {
    const files = listEnvironmentFiles();
    const known = files.map((f) => path.basename(f).replace(/\.(ts|json)$/, ""));
    file = files[known.indexOf(values.env!)];
    if (!file) throw new UsageError(`unknown environment '${values.env}' (known: ${known.join(", ")})\n\n${CANARY_USAGE}`);
  }
  return canary({ action: actions[0] as CanaryAction, envFile: file, app: values.app, dryRun: values["dry-run"], ctx, out });
}
