/**
 * How an app is reached: on the public custom domain, or (private apps) through the
 * environment's execute-api interface endpoints, mapped on the private custom domain when the
 * environment has one. One place for the app stack, the route map and the docs.
 */
import type { App, Environment } from "../config/schema";
import { allowedEndpointsOf, isPrivateApp } from "../config/private-apis";
import { contractPrefix } from "../config/naming";
import type { PrivateAccessProps } from "./app-api";

export interface AppAccess {
  readonly private: boolean;
  /** Props for AppApi; undefined for a public app. */
  readonly privateAccess?: PrivateAccessProps;
  /** The app's base URL (`apiId`: the REST API id, a Terraform reference or a placeholder). */
  url(apiId: string): string;
  /** Host callers use, for docs: the public or private domain, or the execute-api private DNS name. */
  readonly host: string;
}

export function appAccess(env: Environment, app: App): AppAccess {
  if (!isPrivateApp(env, app)) {
    return { private: false, host: env.domain.name, url: () => `https://${env.domain.name}/${app.basePath}` };
  }
  const endpoints = allowedEndpointsOf(env, app);
  const domain = env.privateApis?.domain?.name;
  return {
    private: true,
    privateAccess: { vpcEndpointIds: endpoints.map((e) => e.id), privateDomainContractPrefix: domain ? contractPrefix(env) : undefined },
    host: domain ?? `<api-id>.execute-api.${env.region}.amazonaws.com`,
    // without a private domain, the execute-api name (private DNS of the caller's endpoint) and the stage
    url: (apiId) => (domain ? `https://${domain}/${app.basePath}` : `https://${apiId}.execute-api.${env.region}.amazonaws.com/live`),
  };
}
