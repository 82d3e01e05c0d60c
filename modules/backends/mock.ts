/**
 * `kind: "mock"` — no backend yet: API Gateway answers each route itself (MOCK integration) with
 * the route's `mock` response (status, headers, JSON body; 200 `{}` by default). The method keeps
 * its authorizer, scopes and request validation, so the published contract behaves like the real
 * one at the door. Also used for single routes of other apps that set `mock`.
 */
import type { App, MockBackend, MockResponse, Route } from "../../config/schema";
import type { AppBackend, RouteIntegration } from "./types";

const DEFAULT_RESPONSE: MockResponse = { status: 200, headers: {}, body: {} };

/** The response a mocked route gives. */
export function mockResponseOf(route: Route): MockResponse {
  return route.mock ?? DEFAULT_RESPONSE;
}

/** Why a route is mocked: its own reason, else the app's (mock backend). */
export function mockReasonOf(app: App, route: Route): string | undefined {
  return route.mock?.reason ?? (app.backend.kind === "mock" ? (app.backend as MockBackend).reason : undefined);
}

/** Is this route answered by a MOCK integration? */
export function isMocked(app: App, route: Route): boolean {
  return app.backend.kind === "mock" || route.mock !== undefined;
}

export const mockBackend: AppBackend = {
  kind: "mock",
  describe: (app) => (app.backend.kind === "mock" ? "mock (API Gateway answers every route; no backend yet)" : `mock responses on ${app.routes.filter((r) => r.mock).length} route(s)`),
  contractKeys: [],

  integration(app: App, route: Route): RouteIntegration {
    const r = mockResponseOf(route);
    const status = String(r.status);
    const headers = Object.keys(r.headers).sort();
    const reason = mockReasonOf(app, route);
    return {
      integration: {
        type: "mock",
        requestTemplates: { "application/json": `{"statusCode": ${r.status}}` },
        passthroughBehavior: "when_no_match",
        responses: {
          default: {
            statusCode: status,
            // Static values are single-quoted (validated: no quotes inside).
            ...(headers.length ? { responseParameters: Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, `'${r.headers[h]}'`])) } : {}),
            responseTemplates: { "application/json": JSON.stringify(r.body) },
          },
        },
      },
      responses: {
        [status]: {
          description: "Mock response",
          ...(headers.length ? { headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: "string" } }])) } : {}),
          content: { "application/json": { schema: { type: "object" } } },
        },
      },
      extensions: { "x-aoa-mock": reason ? { reason } : {} },
    };
  },

  addResources: () => undefined,
  workloadDeployPolicies: () => ({}),
  costItems: () => [],

  topology(_env, app, h, api) {
    const node = h.id("mock", app.name);
    const what = app.backend.kind === "mock" ? "every route" : `${app.routes.filter((r) => r.mock).length} route(s)`;
    return {
      sharedNodes: [`${node}[${h.label("Mock responses", what)}]`],
      workloadNodes: [],
      apiEdges: [`${api} -->|${h.label("MOCK")}| ${node}`],
      pathEdges: [],
    };
  },
};
