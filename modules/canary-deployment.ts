/**
 * The canary half of an app's stage (config/canary.ts): a second `aws_api_gateway_deployment`
 * and the stage's `canary_settings` pointing at it.
 *
 * How the two deployments get different content: a deployment snapshots the REST API's working
 * definition when it is created. With a canary the REST API's `body` is the canary version's,
 * and the main deployment's trigger hashes the *pin's* body — so it is not replaced while the
 * canary is added, changed or removed and keeps the snapshot it was created with (the pin).
 * The canary deployment's trigger hashes the canary body, so it is created after the body update.
 * Its arguments are the main deployment's exactly: `npm run canary -- promote` moves it to the
 * main deployment's address in state (ops/canary.ts) and the next plan is clean.
 *
 * Caveat (documented in the README): a main deployment created or replaced while a canary is
 * declared snapshots the canary's body — a fresh stack, or a pin/policy change in the same apply
 * as the canary. `npm run plan` refuses that plan (ops/canary.ts `canaryPlanProblems`).
 *
 * Provider 5.100.0: `canary_settings { deployment_id (required), percent_traffic (default 0.0),
 * stage_variable_overrides, use_stage_cache }`; removing the block sends `remove /canarySettings`,
 * changing `deployment_id` of the stage sends `replace /deploymentId` (hashicorp/terraform-provider-aws
 * internal/service/apigateway/stage.go, PR #39929).
 */
import type { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import type { ApiGatewayStageCanarySettings } from "@cdktf/provider-aws/lib/api-gateway-stage";

export interface CanaryDeploymentProps {
  /** The OpenAPI body of the canary's version. */
  readonly body: string;
  /** 0.0-100.0 */
  readonly percentTraffic: number;
  /** @default {} */
  readonly stageVariableOverrides?: Readonly<Record<string, string>>;
  /** @default false */
  readonly useStageCache?: boolean;
}

export function canarySettingsOf(props: CanaryDeploymentProps, deployment: ApiGatewayDeployment): ApiGatewayStageCanarySettings {
  if (!(props.percentTraffic >= 0 && props.percentTraffic <= 100)) throw new Error(`canary percentTraffic must be 0.0-100.0 (got ${props.percentTraffic})`);
  const overrides = props.stageVariableOverrides ?? {};
  return {
    deploymentId: deployment.id,
    percentTraffic: props.percentTraffic,
    ...(Object.keys(overrides).length ? { stageVariableOverrides: { ...overrides } } : {}),
    useStageCache: props.useStageCache ?? false,
  };
}

type RouteTable = { version: 1; app: string; routes: { method: string; path: string; scopes: string[] }[] };

/** The authorizer's table while a canary runs: every route of either version (shared routes agree on scopes). */
export function canaryRouteTable(main: RouteTable, canary: RouteTable): RouteTable {
  const seen = new Set(main.routes.map((r) => `${r.method} ${r.path}`));
  return { ...main, routes: [...main.routes, ...canary.routes.filter((r) => !seen.has(`${r.method} ${r.path}`))] };
}
