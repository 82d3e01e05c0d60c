/**
 * Scopes and public reasons an app declares in its own OpenAPI document (`x-aoa-scopes`,
 * `x-aoa-public` on an operation) become the route's, so every consumer of the validated
 * environment (authorizer route table, policy, docs) sees one source. Declaring them in both
 * places is a config error (gateway-rules.ts), so nothing is overwritten here.
 */
import type { Environment } from "./schema";
import { documentSecurity } from "./openapi-merge";

export function withDocumentSecurity(env: Environment): Environment {
  if (!env.apps.some((a) => a.openApi)) return env;
  return {
    ...env,
    apps: env.apps.map((a) =>
      a.openApi
        ? {
            ...a,
            routes: a.routes.map((r) => {
              const d = documentSecurity(a.openApi, r.method, r.path);
              return { ...r, ...(r.scopes === undefined && d.scopes ? { scopes: d.scopes } : {}), ...(r.public === undefined && d.public ? { public: d.public } : {}) };
            }),
          }
        : a,
    ),
  };
}
