/**
 * One app's HTTP API (apigatewayv2) in the shared-services account, for `api: "http"` apps:
 * the API (default endpoint disabled), the native JWT authorizer against the platform's issuer
 * and audience, one integration for the app's backend, one route per configured route (JWT with
 * the route's scope, or none for public routes), the `$default` stage with auto-deploy, JSON
 * access logs and explicit throttling (stage default and per route), and the API mapping under
 * the platform's custom domain. Facts and sources: docs/http-apis.md.
 */
import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Apigatewayv2VpcLink } from "@cdktf/provider-aws/lib/apigatewayv2-vpc-link";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Route, Throttling } from "../config/schema";
import { derivedNames } from "../config/naming";

/** The stage every HTTP API app uses: no stage segment in the invoke path; the API mapping points at it. */
export const HTTP_STAGE = "$default";

/** What the routes integrate with. */
export type HttpApiBackend =
  | {
      /** Lambda proxy, payload format 2.0, to an alias-qualified function ARN. */
      readonly kind: "lambda";
      readonly functionArn: string;
      readonly timeoutMs: number;
    }
  | {
      /**
       * A listener of a load balancer in the shared-services account (the app's port on the
       * platform NLB), through a VPC link v2 in the platform subnets: VPC links of HTTP APIs
       * reach ALBs, NLBs and Cloud Map services of their own account only.
       */
      readonly kind: "vpc-link";
      readonly listenerArn: string;
      readonly listenerPort: number;
      readonly vpcId: string;
      readonly subnetIds: readonly string[];
      readonly vpcCidr: string;
      /** Host name the backend certificate matches (TLS verification; the private integration then uses HTTPS). */
      readonly hostname: string;
      /** @default "" */
      readonly pathPrefix?: string;
      readonly timeoutMs: number;
    };

export interface AppHttpApiProps {
  /** Provider of the shared-services account (the API must live with the custom domain). */
  readonly provider: TerraformProvider;
  /** e.g. `acme-dev-receipts` */
  readonly name: string;
  /** Why this app goes without WAF (goes into the API's description; AOA-APIGV2-004 reads it). */
  readonly wafExemptReason: string;
  readonly routes: readonly Pick<Route, "method" | "path" | "scopes" | "public" | "throttling">[];
  /** The platform's OIDC issuer and audience(s), the same the shared REST authorizer verifies. */
  readonly issuer: string;
  readonly audience: readonly string[];
  /** Stage default throttling (explicit: the account limit is shared by every API). */
  readonly throttling: Throttling;
  readonly logRetentionDays: number;
  readonly backend: HttpApiBackend;
  /** The custom domain and this API's base path under it. */
  readonly domainName: string;
  readonly basePath: string;
  /** CORS answered by the API itself. @default none */
  readonly cors?: { readonly allowOrigins: readonly string[]; readonly allowHeaders: readonly string[]; readonly maxAgeSeconds: number };
  /** Header suffixes of `edge.authorizer.identityClaims`: removed from requests to a VPC-link backend (the JWT authorizer does not set them). @default [] */
  readonly identityHeaders?: readonly string[];
}

/** JSON access log line of an HTTP API stage (its `$context` variables differ from REST's). */
export const HTTP_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  requestTime: "$context.requestTime",
  domainName: "$context.domainName",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  principalId: "$context.authorizer.principalId",
  subject: "$context.authorizer.claims.sub",
  authorizerError: "$context.authorizer.error",
  errorMessage: "$context.error.message",
});

/** HTTP API route key of a route: `GET /orders/{id}`, `ANY /{proxy+}`, `GET /`. */
export function httpRouteKey(route: Pick<Route, "method" | "path">): string {
  return `${route.method} ${route.path}`;
}

export class AppHttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly authorizer: Apigatewayv2Authorizer;
  readonly routes: Apigatewayv2Route[] = [];
  readonly integrations: Apigatewayv2Integration[] = [];
  readonly accessLogs: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AppHttpApiProps) {
    super(scope, id);
    for (const key of ["rateLimit", "burstLimit"] as const) {
      if (!(props.throttling[key] >= 0)) throw new Error(`${this.node.path}: throttling.${key} must be set and >= 0 (got ${props.throttling[key]})`);
    }
    if (props.basePath.startsWith("/") || props.basePath.endsWith("/")) throw new Error(`${this.node.path}: basePath must not start or end with '/' (got ${JSON.stringify(props.basePath)})`);
    if (props.wafExemptReason.trim().length < 10) throw new Error(`${this.node.path}: wafExemptReason must explain why the app goes without WAF (got ${JSON.stringify(props.wafExemptReason)})`);
    for (const r of props.routes) {
      if ((r.scopes?.length ?? 0) > 1) throw new Error(`${this.node.path}: ${httpRouteKey(r)}: an HTTP API route accepts any one of its scopes; give one (got ${JSON.stringify(r.scopes)})`);
    }

    this.api = new Apigatewayv2Api(this, "api", {
      provider: props.provider,
      name: derivedNames.restApi(props.name),
      protocolType: "HTTP",
      description: `App-of-apps HTTP API ${props.name}. WAF exempt: ${props.wafExemptReason}`.slice(0, 1024),
      // Callers must come through the custom domain (TLS policy, base path); no bypass.
      disableExecuteApiEndpoint: true,
      corsConfiguration: props.cors
        ? { allowOrigins: [...props.cors.allowOrigins], allowHeaders: [...props.cors.allowHeaders], allowMethods: [...new Set(props.routes.map((r) => (r.method === "ANY" ? "*" : r.method)))].sort(), maxAge: props.cors.maxAgeSeconds }
        : undefined,
    });

    // The exemption travels with the API as a Terraform JSON comment ("//"), for the policy pack (AOA-APIGV2-004).
    this.api.addOverride("//.aoa.wafExemptReason", props.wafExemptReason);

    this.authorizer = new Apigatewayv2Authorizer(this, "jwt", {
      provider: props.provider,
      apiId: this.api.id,
      name: "platform-jwt",
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: { issuer: props.issuer, audience: [...props.audience] },
    });

    const b = props.backend;
    const integration = (iid: string, requestParameters?: Record<string, string>) => {
      const common = { provider: props.provider, apiId: this.api.id, timeoutMilliseconds: b.timeoutMs };
      const made =
        b.kind === "lambda"
          ? new Apigatewayv2Integration(this, iid, { ...common, integrationType: "AWS_PROXY", integrationMethod: "POST", integrationUri: b.functionArn, payloadFormatVersion: "2.0" })
          : new Apigatewayv2Integration(this, iid, {
              ...common,
              integrationType: "HTTP_PROXY",
              integrationMethod: "ANY",
              connectionType: "VPC_LINK",
              connectionId: this.vpcLink(b, props).id,
              integrationUri: b.listenerArn,
              // with a server name to verify, the private integration speaks HTTPS to the backend
              tlsConfig: { serverNameToVerify: b.hostname },
              payloadFormatVersion: "1.0",
              requestParameters,
            });
      this.integrations.push(made);
      return made;
    };
    // VPC link backends: the path under the backend's prefix, and identity headers the client
    // cannot forge (protected routes: from the verified claims; public routes: "-").
    const removed = (props.identityHeaders ?? []).map((h) => [`remove:header.X-Aoa-${h}`, "''"] as const);
    const path: Record<string, string> = b.kind === "vpc-link" ? { "overwrite:path": `${b.pathPrefix ?? ""}$request.path` } : {};
    const anyProtected = props.routes.some((r) => !r.public);
    const anyPublic = props.routes.some((r) => r.public);
    const protectedTarget = anyProtected
      ? integration(
          "integration",
          b.kind === "vpc-link"
            ? { ...path, "overwrite:header.X-Aoa-Subject": "$context.authorizer.claims.sub", "overwrite:header.X-Aoa-Scopes": "$context.authorizer.claims.scope", "remove:header.X-Aoa-Client-Id": "''", ...Object.fromEntries(removed) }
            : undefined,
        )
      : undefined;
    const publicTarget = anyPublic
      ? b.kind === "vpc-link"
        ? integration("integration-public", { ...path, "overwrite:header.X-Aoa-Subject": "-", "overwrite:header.X-Aoa-Scopes": "-", "remove:header.X-Aoa-Client-Id": "''", ...Object.fromEntries(removed) })
        : (protectedTarget ?? integration("integration"))
      : undefined;

    for (const r of props.routes) {
      const target = r.public ? publicTarget! : protectedTarget!;
      const route = new Apigatewayv2Route(this, `route-${r.method}-${r.path}`.replace(/[^A-Za-z0-9-]+/g, "-"), {
          provider: props.provider,
          apiId: this.api.id,
          routeKey: httpRouteKey(r),
          target: `integrations/${target.id}`,
          ...(r.public
            ? { authorizationType: "NONE" }
            : { authorizationType: "JWT", authorizerId: this.authorizer.id, authorizationScopes: r.scopes?.length ? [...r.scopes] : undefined }),
      });
      // The declaration travels with the route as a Terraform JSON comment ("//"), for the policy pack (AOA-APIGV2-003).
      if (r.public) route.addOverride("//.aoa.publicReason", r.public.reason);
      this.routes.push(route);
    }

    this.accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      provider: props.provider,
      name: derivedNames.accessLogGroup(props.name),
      retentionInDays: props.logRetentionDays,
    });

    // auto_deploy: API Gateway deploys every change of routes and integrations itself, so the
    // stage never serves a configuration older than the one in state (no deployment resource to
    // drift or to forget a trigger on); the route settings below name routes, so they wait for them.
    this.stage = new Apigatewayv2Stage(this, "stage", {
      provider: props.provider,
      apiId: this.api.id,
      name: HTTP_STAGE,
      autoDeploy: true,
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: HTTP_ACCESS_LOG_FORMAT },
      defaultRouteSettings: { throttlingRateLimit: props.throttling.rateLimit, throttlingBurstLimit: props.throttling.burstLimit, detailedMetricsEnabled: true },
      routeSettings: props.routes
        .filter((r) => r.throttling)
        .map((r) => ({ routeKey: httpRouteKey(r), throttlingRateLimit: r.throttling!.rateLimit, throttlingBurstLimit: r.throttling!.burstLimit, detailedMetricsEnabled: true })),
      dependsOn: this.routes,
    });

    new Apigatewayv2ApiMapping(this, "mapping", {
      provider: props.provider,
      apiId: this.api.id,
      domainName: props.domainName,
      stage: this.stage.name,
      apiMappingKey: props.basePath,
    });
  }

  private link?: Apigatewayv2VpcLink;

  /** One VPC link v2 per VPC-link app (HTTP API VPC links: 10 per account and Region by default, config/quotas.ts). */
  private vpcLink(b: Extract<HttpApiBackend, { kind: "vpc-link" }>, props: AppHttpApiProps): Apigatewayv2VpcLink {
    if (this.link) return this.link;
    const sg = new SecurityGroup(this, "vpc-link-sg", {
      provider: props.provider,
      name: derivedNames.endpointSecurityGroup(`${props.name}-link`),
      description: `VPC link of ${props.name}: only to the app's port on the platform NLB`,
      vpcId: b.vpcId,
      ingress: [],
      egress: [{ description: "to the app's platform NLB listener", protocol: "tcp", fromPort: b.listenerPort, toPort: b.listenerPort, cidrBlocks: [b.vpcCidr] }],
    });
    this.link = new Apigatewayv2VpcLink(this, "vpc-link", {
      provider: props.provider,
      name: derivedNames.restApi(`${props.name}-link`),
      subnetIds: [...b.subnetIds],
      securityGroupIds: [sg.id],
    });
    return this.link;
  }
}
