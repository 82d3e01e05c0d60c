/**
 * Backends of an app, one module per kind behind the `AppBackend` interface (types.ts). Callers
 * iterate over `backendsOf(app)` and take each route's integration from `routeIntegration`;
 * adding a kind means adding a module here, not a branch elsewhere.
 */
import type { App, BackendKind, Environment, Route } from "../../config/schema";
import type { Statement } from "../iam";
import { albBackend } from "./alb";
import { lambdaBackend } from "./lambda";
import { mockBackend, isMocked } from "./mock";
import type { AppBackend, IntegrationRefs, RouteIntegration } from "./types";

export * from "./types";
export { albBackend, albName } from "./alb";
export { lambdaBackend, functionRef, lambdaInvocationUri, lambdaPermissionStatements, invokeStatementId } from "./lambda";
export { mockBackend, isMocked, mockReasonOf, mockResponseOf } from "./mock";

export const BACKENDS: Readonly<Record<BackendKind, AppBackend>> = { alb: albBackend, lambda: lambdaBackend, mock: mockBackend };

/** The backend that answers one route: a route with `mock` is answered by the mock backend. */
export function routeBackend(app: App, route: Route): AppBackend {
  return isMocked(app, route) ? mockBackend : BACKENDS[app.backend.kind];
}

/** Every backend the app's routes use, the app's own kind first (a route-level mock adds the mock backend). */
export function backendsOf(app: App): AppBackend[] {
  const out = [BACKENDS[app.backend.kind]];
  if (app.routes.some((r) => isMocked(app, r)) && !out.includes(mockBackend)) out.push(mockBackend);
  return out;
}

/** The one place an operation's integration object is built (modules/openapi.ts calls it). */
export function routeIntegration(app: App, route: Route, refs: IntegrationRefs): RouteIntegration {
  return routeBackend(app, route).integration(app, route, refs);
}

/** Does any app of the list go through the platform's private ingress (VPC link, NLB)? */
export function needsContractKey(app: App, key: string): boolean {
  return backendsOf(app).some((b) => (b.contractKeys as readonly string[]).includes(key));
}

/**
 * The managed policies of one workload account's deploy role: the union of what each backend
 * kind of that account's apps needs (an account whose apps are all Lambda-backed gets no
 * ELB or endpoint-service actions).
 */
export function workloadDeployerPolicies(env: Environment, account: string): Record<string, Statement[]> {
  const apps = env.apps.filter((a) => a.account === account);
  const out: Record<string, Statement[]> = {};
  for (const backend of Object.values(BACKENDS)) {
    const mine = apps.filter((a) => backendsOf(a).includes(backend));
    if (mine.length === 0) continue;
    for (const [name, statements] of Object.entries(backend.workloadDeployPolicies(env, account, mine))) {
      if (out[name]) throw new Error(`backends: two backend kinds define the deploy policy '${name}'`);
      out[name] = statements;
    }
  }
  return out;
}
