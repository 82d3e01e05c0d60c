/**
 * Typed helpers for environment files. They return their input unchanged: validation happens
 * when the file is loaded (config/load.ts), so every problem of a file is reported at once.
 */
import type { AppDefinition, AppInput, EnvironmentInput } from "./schema";

/** Declares one environment (the default export of `environments/<name>.ts`). */
export function defineEnvironment(env: EnvironmentInput): EnvironmentInput {
  return env;
}

/** Declares the environment-independent part of an app (owner, routes) once, for every environment. */
export function defineApp(app: AppDefinition): AppDefinition {
  return app;
}

/** An app as deployed in one environment: its shared definition plus this environment's settings. */
export function deployApp(app: AppDefinition, settings: Omit<AppInput, keyof AppDefinition> & Partial<Pick<AppInput, "description">>): AppInput {
  return { ...app, ...settings };
}
