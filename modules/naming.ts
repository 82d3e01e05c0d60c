import type { Environment } from "../config/schema";

/** Names shared by stacks, the pipeline commands and the docs: one place, so they never drift. */
export const stackNames = {
  bootstrap: (env: Pick<Environment, "name">) => `${env.name}-bootstrap`,
  platform: (env: Pick<Environment, "name">) => `${env.name}-platform`,
  app: (env: Pick<Environment, "name">, app: string) => `${env.name}-app-${app}`,
};

/** `<orgPrefix>-<env>` prefix for resource names. */
export function resourcePrefix(env: Pick<Environment, "orgPrefix" | "name">): string {
  return `${env.orgPrefix}-${env.name}`;
}

/** SSM prefix of the platform contract: `/<orgPrefix>/<env>/platform/`. */
export function contractPrefix(env: Pick<Environment, "orgPrefix" | "name">): string {
  return `/${env.orgPrefix}/${env.name}/platform/`;
}

/** SSM prefix where each app publishes its route table for the authorizer: `/<orgPrefix>/<env>/authz/`. */
export function routesParameterPrefix(env: Pick<Environment, "orgPrefix" | "name">): string {
  return `/${env.orgPrefix}/${env.name}/authz/`;
}

/** SSM prefix where each app publishes what was deployed (version, api id): `/<orgPrefix>/<env>/apps/<app>/`. */
export function appReleasePrefix(env: Pick<Environment, "orgPrefix" | "name">, app: string): string {
  return `/${env.orgPrefix}/${env.name}/apps/${app}/`;
}

export function roleArn(accountId: string, roleName: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}
