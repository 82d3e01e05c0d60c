import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import type { App, Environment } from "../config/schema";
import { AccountProvider } from "../modules/account-provider";
import { configureStateBackend } from "../modules/state-backend";
import { appReleasePrefix, contractPrefix, resourcePrefix, ssmTierFor, stackNames } from "../config/naming";
import { CONTRACT_KEYS, PlatformContractReader, type ContractKey } from "../modules/platform-contract";
import { BACKENDS, backendsOf, type AppBackend } from "../modules/backends";
import { AppApi } from "../modules/app-api";
import { AppAlarms } from "../modules/app-alarms";
import { PartnerUsagePlans } from "../modules/usage-plans";
import { authorizerRouteTable, buildOpenApi } from "../modules/openapi";
import { ingressShardOf } from "../config/ingress-shards";
import { addHttpApp } from "./http-app";
import { appAccess } from "../modules/private-access";
import { canaryOf } from "../config/canary";
import { canaryRouteTable } from "../modules/canary-deployment";

export interface AppStackProps {
  readonly environment: Environment;
  readonly app: App;
  /** Root for relative local state paths. @default process.cwd() */
  readonly projectRoot?: string;
}

/**
 * `<env>-app-<app>`: one app's deployable unit with its own state. Two providers: the app's
 * workload account and the shared-services account (the REST API, stage, mapping, WAF
 * association). What the backend needs in either account (for an ALB: NLB + endpoint service,
 * interface endpoint + platform NLB listener; for a Lambda alias: its invoke permission) is
 * added by the app's backend modules (modules/backends/).
 * Everything the platform provides is read from the SSM contract — never from platform state.
 */
export class AppStack extends TerraformStack {
  /** The generated OpenAPI document (with Terraform references as `${...}` placeholders). */
  readonly openApi: Record<string, unknown>;
  /** The canary version's OpenAPI document, when the app declares a canary. */
  readonly canaryOpenApi?: Record<string, unknown>;

  constructor(scope: Construct, props: AppStackProps) {
    const env = props.environment;
    const app = props.app;
    const name = stackNames.app(env, app.name);
    super(scope, name);
    if (!env.apps.includes(app)) throw new Error(`${name}: app '${app.name}' is not part of environment '${env.name}'`);
    configureStateBackend(this, env, name, { projectRoot: props.projectRoot });
    const prefix = `${resourcePrefix(env)}-${app.name}`;
    const prod = env.tier === "prod";
    const tags = { App: app.name, Owner: app.owner.team };
    const shared = new AccountProvider(this, "shared", { environment: env, accountId: env.accounts.sharedServices, alias: "shared", tags });
    const workload = new AccountProvider(this, "workload", { environment: env, accountId: app.account, alias: "workload", tags });

    // Each backend of the app (modules/backends/) adds what it needs; the stack never asks which kind it is.
    const backends = backendsOf(app);
    // An app on the private ingress reads its shard's VPC link and NLB; the shard follows from its own port alone.
    const onIngress = app.ingressPort !== undefined && backends.some((b) => b.contractKeys.includes("nlb-arn"));
    const shard = onIngress ? ingressShardOf(env, app.ingressPort!) : undefined;
    const platform = new PlatformContractReader(this, "platform", { provider: shared, prefix: contractPrefix(env), keys: contractKeysFor(backends), shard });

    if (app.api === "http") {
      // An HTTP API instead of the REST API (stacks/http-app.ts); no OpenAPI body is imported.
      this.openApi = {};
      this.publishRelease(env, app, prefix, shared, addHttpApp({ scope: this, environment: env, app, prefix, shared, workload, platform }).api.id);
      return;
    }

    const openApiOptions = {
      vpcLinkId: backends.some((b) => b.contractKeys.includes("vpc-link-id")) ? (shard !== undefined ? platform.shard("vpc-link-id") : platform.get("vpc-link-id")) : undefined,
      authorizerInvokeArn: platform.get("authorizer-invoke-arn"),
      // one role for every app instead of one statement per app in the function's 20 KB policy
      authorizerCredentials: platform.get("authorizer-invoke-role-arn"),
      authorizerResultTtlSeconds: env.edge.authorizer.resultTtlSeconds,
      title: resourcePrefix(env),
      identityClaims: env.edge.authorizer.identityClaims,
    };
    this.openApi = buildOpenApi(app, openApiOptions);
    // a canary's deployment is built from the routes of its version (config/canary.ts)
    const canary = canaryOf(app);
    this.canaryOpenApi = canary ? buildOpenApi(canary.app, openApiOptions) : undefined;
    const usesAuthorizer = [...app.routes, ...(canary?.app.routes ?? [])].some((r) => !r.public);
    const access = appAccess(env, app); // public, or private through the environment's interface endpoints
    const api = new AppApi(this, "api", {
      provider: shared,
      name: prefix,
      body: JSON.stringify(this.openApi),
      denyCidrs: app.denyCidrs,
      throttling: app.throttling ?? env.edge.throttling,
      routeThrottling: app.routes,
      routeCache: app.routes.filter((r) => r.cache).map((r) => ({ method: r.method, path: r.path, ttlSeconds: r.cache?.ttlSeconds ?? app.cache?.ttlSeconds ?? 300 })),
      loggingLevel: prod ? "ERROR" : "INFO",
      tracing: env.edge.tracing,
      logRetentionDays: env.edge.logRetentionDays,
      cache: app.cache,
      webAclArn: platform.get("web-acl-arn"),
      domainName: platform.get("domain-name"),
      basePath: app.basePath,
      // no per-app aws_lambda_permission: the authorizer is invoked with the contract's invoke role
      authorizerFunctionName: undefined,
      privateAccess: access.privateAccess,
      canary: canary && this.canaryOpenApi ? { body: JSON.stringify(this.canaryOpenApi), percentTraffic: canary.percentTraffic, stageVariableOverrides: canary.stageVariableOverrides, useStageCache: canary.useStageCache } : undefined,
    });

    for (const backend of backends) backend.addResources({ scope: this, environment: env, app, prefix, shared, workload, platform, api });

    if (usesAuthorizer) {
      // The authorizer reads the route -> scopes table of the API that called it (by API id).
      // with a canary: the routes of both versions (they agree on every shared route's scopes: config/canary.ts)
      const routeTable = JSON.stringify(canary ? canaryRouteTable(authorizerRouteTable(app), authorizerRouteTable(canary.app)) : authorizerRouteTable(app));
      new SsmParameter(this, "route-table", {
        provider: shared,
        name: `${platform.get("routes-parameter-prefix")}${api.api.id}`,
        type: "String",
        // over 4 KB the Standard tier refuses the value: Advanced holds up to 8 KB (validation refuses more)
        tier: ssmTierFor(routeTable),
        value: routeTable,
        description: `Route scopes of ${prefix} for the shared authorizer`,
      });
    }
    if (app.usagePlans.length > 0) {
      const partners = new PartnerUsagePlans(this, "partners", { provider: shared, name: prefix, apiId: api.api.id, stageName: api.stage.stageName, plans: app.usagePlans });
      // key ids only: a key's value is read on demand (`aws apigateway get-api-key --include-value`), never printed by terraform
      new TerraformOutput(this, "api_key_ids", { value: partners.keyIds });
    }
    new AppAlarms(this, "alarms", {
      provider: shared,
      apiName: prefix,
      stageName: api.stage.stageName,
      topicArn: platform.get("alarm-topic-arn"),
      error5xxPercent: env.alarms.error5xxPercent,
      latencyP99Ms: env.alarms.latencyP99Ms,
    });

    this.publishRelease(env, app, prefix, shared, api.api.id, access.url(api.api.id));
    if (canary) new TerraformOutput(this, "canary", { value: { version: canary.version, percent_traffic: canary.percentTraffic, deployment_id: api.canaryDeployment!.id } });
  }

  /** What is live: read by `npm run promote` from the deployed environment, not from its config; and the stack's outputs. */
  private publishRelease(env: Environment, app: App, prefix: string, shared: AccountProvider, apiId: string, url?: string): void {
    const release = new SsmParameter(this, "release", {
      provider: shared,
      name: `${appReleasePrefix(env, app.name)}release`,
      type: "String",
      value: JSON.stringify({ app: app.name, version: app.version, basePath: app.basePath }),
      description: `Deployed release of ${prefix}`,
    });
    new TerraformOutput(this, "version", { value: app.version });
    new TerraformOutput(this, "release_parameter", { value: release.name });
    new TerraformOutput(this, "api_id", { value: apiId });
    new TerraformOutput(this, "url", { value: url ?? `https://${env.domain.name}/${app.basePath}` });
  }
}

/** Contract keys only some backend kinds read (the private path); every other key is read by every app stack. */
const BACKEND_KEYS: readonly ContractKey[] = [...new Set(Object.values(BACKENDS).flatMap((b) => b.contractKeys))];

function contractKeysFor(backends: readonly AppBackend[]): ContractKey[] {
  const wanted = new Set(backends.flatMap((b) => b.contractKeys));
  return CONTRACT_KEYS.filter((k) => !BACKEND_KEYS.includes(k) || wanted.has(k));
}
