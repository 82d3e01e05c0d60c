import { Construct } from "constructs";
import { Fn, TerraformLocal, TerraformProvider } from "cdktf";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayRestApiPolicy } from "@cdktf/provider-aws/lib/api-gateway-rest-api-policy";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Route, Throttling } from "../config/schema";
import { policyDocument, type Statement } from "./iam";
import { derivedNames } from "../config/naming";
import { PrivateDomainMapping, privateApiStatements } from "./private-api";
import { canarySettingsOf, type CanaryDeploymentProps } from "./canary-deployment";

export interface AppApiProps {
  /** Provider of the shared-services account (the API must live with the custom domain). */
  readonly provider: TerraformProvider;
  /** e.g. `acme-dev-orders` */
  readonly name: string;
  /** The OpenAPI document (JSON) — see buildOpenApi. */
  readonly body: string;
  /** Stage name. @default "live" */
  readonly stageName?: string;
  /** Source ranges denied by the resource policy. @default none */
  readonly denyCidrs?: readonly string[];
  /** Stage-wide throttling (explicit: the account limit is shared by every API). */
  readonly throttling: Throttling;
  /** Per-route overrides. @default none */
  readonly routeThrottling?: readonly Pick<Route, "method" | "path" | "throttling">[];
  /** Routes whose responses are cached (GET/HEAD, cache keys in the OpenAPI body); nothing else is ever cached. @default none */
  readonly routeCache?: readonly RouteCacheSetting[];
  /** @default "INFO" */
  readonly loggingLevel?: "INFO" | "ERROR";
  /** @default true */
  readonly tracing?: boolean;
  readonly logRetentionDays: number;
  /** Encrypted stage cache. @default no cache */
  readonly cache?: { readonly sizeGb: string; readonly ttlSeconds: number };
  /** The platform's web ACL (associated with the stage). */
  readonly webAclArn: string;
  /** The custom domain and this API's base path under it. */
  readonly domainName: string;
  readonly basePath: string;
  /**
   * A PRIVATE API reachable only through these interface endpoints (resource policy by
   * aws:SourceVpce), mapped on the environment's private custom domain when it has one — never on
   * the public `domainName`. @default public: REGIONAL, mapped on `domainName`
   */
  readonly privateAccess?: PrivateAccessProps;
  /** Name of the shared authorizer function; when set, this API may invoke it. @default no authorizer */
  readonly authorizerFunctionName?: string;
  /** A canary on the stage: a second deployment built from `canary.body` (modules/canary-deployment.ts). @default no canary */
  readonly canary?: CanaryDeploymentProps;
}

/** How a private app is reached (modules/private-api.ts). */
export interface PrivateAccessProps {
  readonly vpcEndpointIds: readonly string[];
  /** Contract prefix of the platform's private domain; set when the environment has one. @default no mapping (callers use the execute-api private DNS name) */
  readonly privateDomainContractPrefix?: string;
}

/** One cached route: its method settings turn caching on for that method path only. */
export interface RouteCacheSetting {
  readonly method: Route["method"];
  readonly path: string;
  readonly ttlSeconds: number;
}

/** JSON access log line: enough to trace a request through WAF, authorizer and integration. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  extendedRequestId: "$context.extendedRequestId",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  requestTime: "$context.requestTime",
  domainName: "$context.domainName",
  basePath: "$context.path",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integration.status",
  integrationError: "$context.integration.error",
  principalId: "$context.authorizer.principalId",
  authorizerError: "$context.authorizer.error",
  wafStatus: "$context.waf.status",
  errorMessage: "$context.error.message",
});

/** `method_path` of aws_api_gateway_method_settings for one route. */
export function methodPath(route: Pick<Route, "method" | "path">): string {
  const method = route.method === "ANY" ? "*" : route.method;
  return route.path === "/" ? `~1/${method}` : `${route.path.replace(/^\//, "")}/${method}`;
}

/** Method settings per route: throttle overrides and cached routes (one setting per method path). */
export function routeMethodSettings(props: Pick<AppApiProps, "throttling" | "routeThrottling" | "routeCache" | "cache">): { method: Route["method"]; path: string; throttling: Throttling; ttlSeconds?: number }[] {
  const byKey = new Map<string, { method: Route["method"]; path: string; throttling: Throttling; ttlSeconds?: number }>();
  for (const r of props.routeThrottling ?? []) if (r.throttling) byKey.set(`${r.method} ${r.path}`, { method: r.method, path: r.path, throttling: r.throttling });
  for (const c of props.routeCache ?? []) {
    if (c.method !== "GET" && c.method !== "HEAD") throw new Error(`routeCache: only GET and HEAD routes can be cached (got ${c.method} ${c.path})`);
    if (!props.cache) throw new Error(`routeCache: ${c.method} ${c.path} is cached but the stage has no cache cluster`);
    const key = `${c.method} ${c.path}`;
    byKey.set(key, { method: c.method, path: c.path, throttling: byKey.get(key)?.throttling ?? props.throttling, ttlSeconds: c.ttlSeconds });
  }
  return [...byKey.values()];
}

/**
 * One app's REST API in the shared-services account: the definition from its OpenAPI body,
 * resource policy, a deployment replaced before the old one goes whenever body or policy
 * change, a stage with JSON access logs, X-Ray, explicit throttling and no data trace, the WAF
 * association, the base-path mapping under the custom domain, and the permission to call the
 * shared authorizer (scoped to this API).
 */
export class AppApi extends Construct {
  readonly api: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  readonly deployment: ApiGatewayDeployment;
  /** The canary's deployment (props.canary). */
  readonly canaryDeployment?: ApiGatewayDeployment;
  readonly accessLogs: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AppApiProps) {
    super(scope, id);
    const stageName = props.stageName ?? "live";
    for (const key of ["rateLimit", "burstLimit"] as const) {
      if (!(props.throttling[key] >= 0)) throw new Error(`${this.node.path}: throttling.${key} must be set and >= 0 (got ${props.throttling[key]})`);
    }
    if (props.basePath.startsWith("/") || props.basePath.endsWith("/")) throw new Error(`${this.node.path}: basePath must not start or end with '/' (got ${JSON.stringify(props.basePath)})`);

    this.api = new ApiGatewayRestApi(this, "api", {
      provider: props.provider,
      name: derivedNames.restApi(props.name),
      description: `App-of-apps API ${props.name}`,
      // with a canary the API's working definition is the canary's (its deployment snapshots it); the main deployment keeps the pin's
      body: props.canary?.body ?? props.body,
      endpointConfiguration: { types: [props.privateAccess ? "PRIVATE" : "REGIONAL"] },
      // Public: callers must come through the custom domain (WAF, TLS policy, base path); no bypass.
      // Private: the execute-api name (resolved through the VPC endpoint) is a way in, constrained by aws:SourceVpce.
      disableExecuteApiEndpoint: !props.privateAccess,
      putRestApiMode: "overwrite",
      // import warnings (definitions API Gateway would silently drop) fail the apply instead
      failOnWarnings: true,
      lifecycle: { createBeforeDestroy: true },
    });

    const statements: Statement[] = props.privateAccess ? privateApiStatements({ stageName, vpcEndpointIds: props.privateAccess.vpcEndpointIds, denyCidrs: props.denyCidrs }) : [
      {
        // Callers are anonymous until the authorizer runs, so the principal is "*"; the grant is
        // limited to this API's one stage, and the authorizer / public-route declaration decides.
        Sid: "InvokeThisStageOnly",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: `execute-api:/${stageName}/*`,
      },
    ];
    if (props.denyCidrs?.length && !props.privateAccess) {
      statements.push({ Sid: "DenyListedSourceRanges", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { IpAddress: { "aws:SourceIp": [...props.denyCidrs] } } });
    }
    const policy = new ApiGatewayRestApiPolicy(this, "policy", {
      provider: props.provider,
      restApiId: this.api.id,
      policy: policyDocument(...statements),
    });

    this.deployment = new ApiGatewayDeployment(this, "deployment", {
      provider: props.provider,
      restApiId: this.api.id,
      description: "Managed by apigw-app-of-apps",
      // A policy change needs a new deployment too.
      // (with a canary: the pin's body, so adding or ending a canary never redeploys the main deployment)
      triggers: { redeployment: Fn.sha1(Fn.jsonencode([props.canary ? new TerraformLocal(this, "main-body", props.body).asString : this.api.body, policy.policy])) },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [policy],
    });

    if (props.canary) {
      // same arguments as the main deployment (only the snapshot differs), so a promotion can move it to the main address
      this.canaryDeployment = new ApiGatewayDeployment(this, "canary-deployment", {
        provider: props.provider,
        restApiId: this.api.id,
        description: "Managed by apigw-app-of-apps",
        triggers: { redeployment: Fn.sha1(Fn.jsonencode([this.api.body, policy.policy])) },
        lifecycle: { createBeforeDestroy: true },
        dependsOn: [policy],
      });
    }

    this.accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      provider: props.provider,
      name: derivedNames.accessLogGroup(props.name),
      retentionInDays: props.logRetentionDays,
    });

    this.stage = new ApiGatewayStage(this, "stage", {
      provider: props.provider,
      restApiId: this.api.id,
      stageName,
      deploymentId: this.deployment.id,
      xrayTracingEnabled: props.tracing ?? true,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: ACCESS_LOG_FORMAT },
      cacheClusterEnabled: props.cache !== undefined,
      cacheClusterSize: props.cache?.sizeGb,
      canarySettings: this.canaryDeployment ? canarySettingsOf(props.canary!, this.canaryDeployment) : undefined,
    });

    const common = {
      metricsEnabled: true,
      loggingLevel: props.loggingLevel ?? "INFO",
      dataTraceEnabled: false,
      // never on for */*: that would cache every method (POST included) keyed by resource only
      cachingEnabled: false,
      // encrypted even while the cache is off, so turning it on later cannot store plaintext
      cacheDataEncrypted: true,
      ...(props.cache ? { cacheTtlInSeconds: props.cache.ttlSeconds, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" } : {}),
    };
    new ApiGatewayMethodSettings(this, "settings-all", {
      provider: props.provider,
      restApiId: this.api.id,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      settings: { ...common, throttlingRateLimit: props.throttling.rateLimit, throttlingBurstLimit: props.throttling.burstLimit },
    });
    for (const s of routeMethodSettings(props)) {
      new ApiGatewayMethodSettings(this, `settings-${s.method}-${s.path}`.replace(/[^A-Za-z0-9-]+/g, "-"), {
        provider: props.provider,
        restApiId: this.api.id,
        stageName: this.stage.stageName,
        methodPath: methodPath(s),
        settings: {
          ...common,
          throttlingRateLimit: s.throttling.rateLimit,
          throttlingBurstLimit: s.throttling.burstLimit,
          // a throttle override never turns caching on; only a route's own `cache` does
          cachingEnabled: s.ttlSeconds !== undefined,
          ...(s.ttlSeconds !== undefined ? { cacheTtlInSeconds: s.ttlSeconds } : {}),
        },
      });
    }

    new Wafv2WebAclAssociation(this, "waf", { provider: props.provider, resourceArn: this.stage.arn, webAclArn: props.webAclArn });

    if (!props.privateAccess) {
      new Apigatewayv2ApiMapping(this, "mapping", {
        provider: props.provider,
        apiId: this.api.id,
        domainName: props.domainName,
        stage: this.stage.stageName,
        apiMappingKey: props.basePath,
      });
    } else if (props.privateAccess.privateDomainContractPrefix) {
      // AWS refuses a private API on a public (edge/regional) domain: its base path is on the private domain
      new PrivateDomainMapping(this, "private-mapping", { provider: props.provider, contractPrefix: props.privateAccess.privateDomainContractPrefix, apiId: this.api.id, stageName: this.stage.stageName, basePath: props.basePath });
    }

    if (props.authorizerFunctionName) {
      new LambdaPermission(this, "authorizer-permission", {
        provider: props.provider,
        statementId: derivedNames.authorizerPermission(props.name),
        action: "lambda:InvokeFunction",
        functionName: props.authorizerFunctionName,
        principal: "apigateway.amazonaws.com",
        sourceArn: `${this.api.executionArn}/authorizers/*`,
      });
    }
  }
}
