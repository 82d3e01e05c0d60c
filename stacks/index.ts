import { App } from "cdktf";
import type { Environment } from "../config/schema";
import type { AuthorizerBundle } from "../modules/authorizer-function";
import { stackNames } from "../config/naming";
import { environmentAccounts } from "../modules/deploy-permissions";
import { PlatformStack } from "./platform-stack";
import { AppStack } from "./app-stack";
import { BootstrapStack, bootstrapOptionsFromEnv, type BootstrapStackProps } from "./bootstrap-stack";

export { PlatformStack } from "./platform-stack";
export { AppStack } from "./app-stack";
export { BootstrapStack } from "./bootstrap-stack";

/** What the summary and the pipeline commands need to know about each stack. */
export interface StackInfo {
  readonly name: string;
  readonly environment: string;
  /**
   * `bootstrap` is applied by an administrator (its providers assume the admin role, see
   * docs/bootstrap.md), never by the pipeline; `platform` and `app` run as the deploy role.
   */
  readonly role: "bootstrap" | "platform" | "app";
  readonly app?: string;
  /** Accounts the stack's providers may touch. */
  readonly accounts: readonly string[];
  /** Stacks that must be applied first. */
  readonly dependsOn: readonly string[];
}

export interface AddEnvironmentOptions {
  readonly authorizerBundle: AuthorizerBundle;
  readonly projectRoot?: string;
  /** Only these stacks (names). @default all */
  readonly only?: readonly string[];
  /**
   * Options of the bootstrap stack. @default from the environment variables AOA_BOOTSTRAP_ROLE and
   * AOA_BOOTSTRAP_STATE (see `bootstrapOptionsFromEnv`)
   */
  readonly bootstrap?: Omit<BootstrapStackProps, "environment" | "projectRoot">;
}

/** Adds every stack of one environment to the app: the bootstrap, the platform, then one stack per app. */
export function addEnvironment(app: App, env: Environment, opts: AddEnvironmentOptions): StackInfo[] {
  const out: StackInfo[] = [];
  const want = (n: string) => !opts.only || opts.only.includes(n);
  const bootstrap = stackNames.bootstrap(env);
  if (want(bootstrap)) {
    new BootstrapStack(app, { environment: env, projectRoot: opts.projectRoot, ...(opts.bootstrap ?? bootstrapOptionsFromEnv()) });
  }
  out.push({ name: bootstrap, environment: env.name, role: "bootstrap", accounts: environmentAccounts(env), dependsOn: [] });
  const platform = stackNames.platform(env);
  if (want(platform)) {
    new PlatformStack(app, { environment: env, authorizerBundle: opts.authorizerBundle, projectRoot: opts.projectRoot });
  }
  out.push({ name: platform, environment: env.name, role: "platform", accounts: [env.accounts.sharedServices], dependsOn: [bootstrap] });
  for (const a of env.apps) {
    const name = stackNames.app(env, a.name);
    if (want(name)) new AppStack(app, { environment: env, app: a, projectRoot: opts.projectRoot });
    out.push({ name, environment: env.name, role: "app", app: a.name, accounts: [env.accounts.sharedServices, a.account], dependsOn: [bootstrap, platform] });
  }
  return out.filter((s) => want(s.name));
}
