import { App } from "cdktf";
import type { Environment } from "../config/schema";
import type { AuthorizerBundle } from "../modules/authorizer-function";
import { stackNames } from "../modules/naming";
import { PlatformStack } from "./platform-stack";
import { AppStack } from "./app-stack";

export { PlatformStack } from "./platform-stack";
export { AppStack } from "./app-stack";

/** What the summary and the pipeline commands need to know about each stack. */
export interface StackInfo {
  readonly name: string;
  readonly environment: string;
  readonly role: "platform" | "app";
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
}

/** Adds every stack of one environment to the app: the platform, then one stack per app. */
export function addEnvironment(app: App, env: Environment, opts: AddEnvironmentOptions): StackInfo[] {
  const out: StackInfo[] = [];
  const want = (n: string) => !opts.only || opts.only.includes(n);
  const platform = stackNames.platform(env);
  if (want(platform)) {
    new PlatformStack(app, { environment: env, authorizerBundle: opts.authorizerBundle, projectRoot: opts.projectRoot });
  }
  out.push({ name: platform, environment: env.name, role: "platform", accounts: [env.accounts.sharedServices], dependsOn: [] });
  for (const a of env.apps) {
    const name = stackNames.app(env, a.name);
    if (want(name)) new AppStack(app, { environment: env, app: a, projectRoot: opts.projectRoot });
    out.push({ name, environment: env.name, role: "app", app: a.name, accounts: [env.accounts.sharedServices, a.account], dependsOn: [platform] });
  }
  return out.filter((s) => want(s.name));
}
