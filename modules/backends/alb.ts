/**
 * `kind: "alb"` — the app's internal ALB in its workload account, reached privately:
 * API Gateway → VPC link → platform NLB (the app's ingressPort) → interface endpoint →
 * [workload account] endpoint service → NLB (`alb` target) → ALB. No VPC link can reach a load
 * balancer in another account, hence the PrivateLink hop (README, "Private path per app").
 */
import { ingressShardOf, shardNodeId } from "../../config/ingress-shards";
import { TerraformOutput } from "cdktf";
import type { AlbBackend, App, Environment, Route } from "../../config/schema";
import { roleArn } from "../../config/naming";
import { appExposureDeployerPolicies, partitionOf } from "../deploy-permissions";
import { WorkloadExposure } from "../workload-exposure";
import { SharedIngressAttachment } from "../shared-ingress-attachment";
import type { AppBackend, BackendStackContext, IntegrationRefs, RouteIntegration } from "./types";

function albOf(app: App): AlbBackend & { ingressPort: number } {
  if (app.backend.kind !== "alb") throw new Error(`backends/alb: app '${app.name}' has a ${app.backend.kind} backend`);
  if (app.ingressPort === undefined) throw new Error(`backends/alb: app '${app.name}' has no ingressPort`);
  return { ...app.backend, ingressPort: app.ingressPort };
}

/** `orders-internal` from `arn:...:loadbalancer/app/orders-internal/50dc...`. */
export function albName(arn: string): string {
  return /loadbalancer\/app\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}

function integrationUri(b: AlbBackend & { ingressPort: number }, route: Route): string {
  // API Gateway connects to the platform NLB on the app's reserved port; the host name is the one
  // the backend certificate matches (SNI + verification). Greedy params map without the '+'.
  const p = route.path === "/" ? "/" : route.path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\+\}/g, "{$1}");
  return `https://${b.hostname}:${b.ingressPort}${b.pathPrefix}${p === "/" && b.pathPrefix ? "" : p}`;
}

const pathParams = (path: string) => [...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\+?\}/g)].map((m) => m[1]);

export const albBackend: AppBackend = {
  kind: "alb",
  describe: (app) => {
    const b = albOf(app);
    return `internal ALB ${albName(b.albArn)} (https://${b.hostname}:${b.listenerPort}${b.pathPrefix}) over PrivateLink`;
  },
  contractKeys: ["vpc-link-id", "nlb-arn", "vpc-cidr"],

  integration(app: App, route: Route, refs: IntegrationRefs): RouteIntegration {
    const b = albOf(app);
    if (refs.vpcLinkId === undefined) throw new Error(`backends/alb: app '${app.name}' needs the platform's VPC link id`);
    return {
      integration: {
        type: "http_proxy",
        httpMethod: route.method,
        uri: integrationUri(b, route),
        connectionType: "VPC_LINK",
        connectionId: refs.vpcLinkId,
        passthroughBehavior: "when_no_match",
        timeoutInMillis: b.timeoutMs,
        requestParameters: Object.fromEntries(pathParams(route.path).map((p) => [`integration.request.path.${p}`, `method.request.path.${p}`])),
        tlsConfig: { insecureSkipVerification: false },
      },
    };
  },

  addResources(ctx: BackendStackContext): void {
    const { scope, environment: env, app, prefix } = ctx;
    const b = albOf(app);
    // Ids "exposure" and "ingress" directly under the stack: the Terraform addresses these had before backends had kinds.
    const exposure = new WorkloadExposure(scope, "exposure", {
      provider: ctx.workload,
      name: prefix,
      albArn: b.albArn,
      listenerPort: b.listenerPort,
      vpcId: b.vpcId,
      subnetIds: b.subnets.map((s) => s.id),
      healthCheckPath: b.healthCheckPath,
      allowedPrincipalArn: roleArn(env.accounts.sharedServices, env.accounts.deployRoleName, partitionOf(env.region)),
      deletionProtection: env.tier === "prod",
    });
    new SharedIngressAttachment(scope, "ingress", {
      provider: ctx.shared,
      name: prefix,
      serviceName: exposure.endpointService.serviceName,
      vpcId: env.network.vpcId,
      subnetIds: env.network.subnets.map((s) => s.id),
      vpcCidr: ctx.platform.get("vpc-cidr"),
      backendPort: b.listenerPort,
      // the app's own ingress shard (config/ingress-shards.ts): the app stack's reader was given it
      nlbArn: ctx.platform.shard("nlb-arn"),
      ingressPort: b.ingressPort,
    });
    new TerraformOutput(scope, "endpoint_service_name", { value: exposure.endpointService.serviceName });
  },

  workloadDeployPolicies(env: Environment, account: string, apps: readonly App[]) {
    return apps.length > 0 ? appExposureDeployerPolicies(env, account) : {};
  },

  costItems(_env, app, { hours, azs }) {
    return [
      { component: "workload NLB (alb target)", quantity: hours, unit: "NLB-hour", price: "nlbHour", note: `account ${app.account}; plus NLCU-hours by traffic` },
      { component: "interface endpoint", quantity: hours * azs, unit: "endpoint-AZ-hour", price: "interfaceEndpointAzHour", note: `${azs} platform AZs` },
    ];
  },

  topology(env, app, h, api) {
    const b = albOf(app);
    const shard = ingressShardOf(env, b.ingressPort);
    const { id, label, prefix } = h;
    return {
      sharedNodes: [`${id("vpce", app.name)}[${label(`Interface endpoint ${prefix}-${app.name}-backend`, `${h.azs} AZs`)}]`],
      workloadNodes: [
        `${id("eps", app.name)}[${label(`Endpoint service ${prefix}-${app.name}-backend`)}]`,
        `${id("wnlb", app.name)}[${label(`NLB ${`${prefix}-${app.name}-expose`.slice(0, 32)}`, "internal, alb target")}]`,
        `${id("alb", app.name)}[${label(`ALB ${albName(b.albArn)}`, `:${b.listenerPort} ${b.hostname}`)}]`,
      ],
      apiEdges: [`${api} --> ${shardNodeId("vpclink", shard)}`],
      pathEdges: [
        `${shardNodeId("pnlb", shard)} -->|${label(`:${b.ingressPort}`)}| ${id("vpce", app.name)}`,
        `${id("vpce", app.name)} -->|${label("PrivateLink")}| ${id("eps", app.name)}`,
        `${id("eps", app.name)} --> ${id("wnlb", app.name)}`,
        `${id("wnlb", app.name)} -->|${label(`:${b.listenerPort}`)}| ${id("alb", app.name)}`,
      ],
    };
  },
};
