/**
 * The route table the shared authorizer reads for one app: pure, from the model alone, so the
 * validation (its SSM parameter size, config/aws-rules.ts) and the app stack that publishes it
 * compute the same bytes.
 */
import type { App } from "./schema";

/** The route table the authorizer reads (SSM `/<org>/<env>/authz/<apiId>`): only routes that use it. */
export function authorizerRouteTable(app: App): { version: 1; app: string; routes: { method: string; path: string; scopes: string[] }[] } {
  return {
    version: 1,
    app: app.name,
    routes: app.routes.filter((r) => !r.public).map((r) => ({ method: r.method, path: r.path, scopes: [...(r.scopes ?? [])] })),
  };
}
