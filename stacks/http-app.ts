/**
 * The `api: "http"` part of an app's stack (`AppStack` calls `addHttpApp` instead of building a
 * REST API): the HTTP API (modules/http-api.ts), its backend — a Lambda alias (proxy, payload 2.0,
 * invoke permission in the workload account scoped to this API) or the app's ALB over the same
 * PrivateLink path as REST apps, reached from the API through a VPC link v2 to the app's listener
 * on the platform NLB — and the alarms on the HTTP API's metrics. What an HTTP API lacks (WAF,
 * usage plans, keys, caching, resource policy, validation, mocks) is refused in
 * config/http-api-rules.ts before a stack is built.
 */
import type { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { App, Environment } from "../config/schema";
import { AppHttpApi, HTTP_STAGE, type HttpApiBackend } from "../modules/http-api";
import { AppAlarms } from "../modules/app-alarms";
import { albBackend, functionRef, invokeStatementId } from "../modules/backends";
import type { AppApi } from "../modules/app-api";
import type { PlatformContractReader } from "../modules/platform-contract";
import { SharedIngressAttachment } from "../modules/shared-ingress-attachment";

export interface HttpAppContext {
  readonly scope: Construct;
  readonly environment: Environment;
  readonly app: App;
  readonly prefix: string;
  readonly shared: TerraformProvider;
  readonly workload: TerraformProvider;
  readonly platform: PlatformContractReader;
}

/** Adds the HTTP API app's resources; returns the API (for the stack's outputs). */
export function addHttpApp(ctx: HttpAppContext): AppHttpApi {
  const { scope, environment: env, app, prefix } = ctx;
  if (!app.wafExemptReason) throw new Error(`${scope.node.path}: app '${app.name}' is an HTTP API app without wafExemptReason`);
  const audience = Array.isArray(env.edge.authorizer.audience) ? env.edge.authorizer.audience : [env.edge.authorizer.audience];
  const b = app.backend;
  let backend: HttpApiBackend;
  if (b.kind === "lambda") {
    backend = { kind: "lambda", functionArn: functionRef(app).aliasArn, timeoutMs: b.timeoutMs };
  } else if (b.kind === "alb") {
    // The same private path as a REST app (workload NLB + endpoint service, interface endpoint,
    // the app's listener on its platform NLB shard); the REST API is not used by it.
    albBackend.addResources({ ...ctx, api: undefined as unknown as AppApi });
    const ingress = scope.node.findChild("ingress") as SharedIngressAttachment;
    backend = {
      kind: "vpc-link",
      listenerArn: ingress.listener.arn,
      listenerPort: app.ingressPort!,
      vpcId: env.network.vpcId,
      subnetIds: env.network.subnets.map((s) => s.id),
      vpcCidr: ctx.platform.get("vpc-cidr"),
      hostname: b.hostname,
      pathPrefix: b.pathPrefix,
      timeoutMs: b.timeoutMs,
    };
  } else {
    throw new Error(`${scope.node.path}: app '${app.name}': HTTP APIs have no mock integrations (backend.kind "mock")`);
  }

  const api = new AppHttpApi(scope, "http-api", {
    provider: ctx.shared,
    name: prefix,
    wafExemptReason: app.wafExemptReason,
    routes: app.routes,
    issuer: env.edge.authorizer.issuer,
    audience,
    throttling: app.throttling ?? env.edge.throttling,
    logRetentionDays: env.edge.logRetentionDays,
    backend,
    domainName: ctx.platform.get("domain-name"),
    basePath: app.basePath,
    cors: app.cors,
    identityHeaders: env.edge.authorizer.identityClaims.map((c) => c.header),
  });

  if (b.kind === "lambda") {
    const fn = functionRef(app);
    // In the workload account (the function's own policy), for this API only.
    new LambdaPermission(scope, "lambda-invoke-permission", {
      provider: ctx.workload,
      statementId: invokeStatementId(prefix),
      action: "lambda:InvokeFunction",
      functionName: fn.unqualifiedArn,
      qualifier: fn.alias,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.api.executionArn}/*/*`,
      sourceAccount: env.accounts.sharedServices,
    });
  }

  new AppAlarms(scope, "alarms", {
    provider: ctx.shared,
    apiName: prefix,
    stageName: HTTP_STAGE,
    topicArn: ctx.platform.get("alarm-topic-arn"),
    error5xxPercent: env.alarms.error5xxPercent,
    latencyP99Ms: env.alarms.latencyP99Ms,
    // HTTP APIs publish 4xx / 5xx by ApiId and Stage
    metrics: { dimensions: { ApiId: api.api.id, Stage: HTTP_STAGE }, error5xx: "5xx", error4xx: "4xx" },
  });
  return api;
}
