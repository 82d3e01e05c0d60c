/**
 * The environment model: the shape of one environment file (dev, staging, prod, local, ...).
 *
 * Shape and field-level rules live here (zod); rules that relate several fields
 * (overlapping base paths, duplicate ports, prod rules, ...) live in `rules.ts` and run on
 * the raw input, so one run reports every problem at once.
 */
import { z } from "zod";
import { QUOTA_IDS } from "./quota-catalogue";
import { routingRuleSchema } from "./routing-rules";
import { allowedEndpointsSchema, appEndpointSchema, privateApisSchema } from "./private-apis";

/** API Gateway's account-wide default throttle per Region (shared by every API in the account). */
export const ACCOUNT_THROTTLE = { rateLimit: 10000, burstLimit: 5000 } as const;
/** Base paths API Gateway reserves at the root of a custom domain. */
export const RESERVED_BASE_PATHS = ["ping", "sping"] as const;
/** CloudWatch Logs' allowed retention values. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;

export const accountId = z
  .string({ error: "must be a string of exactly 12 digits (quote it: numbers lose leading zeros)" })
  .regex(/^\d{12}$/, "must be a string of exactly 12 digits");
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/, "must be a lower-case DNS name like api.example.com"); // limits per label and for certificates: config/aws/dns.ts
const region = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "must be an AWS Region like eu-west-1");
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$|^[0-9a-f:]+\/\d{1,3}$/i, "must be a CIDR block like 203.0.113.0/24");
const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, "must be an https:// URL");
const name = z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, "must be lower-case letters, digits and '-', starting with a letter, at most 30 characters");
const subnet = z.strictObject({
  id: z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id like subnet-0123abcd"),
  az: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$|^[a-z]{3}\d-az\d$/, "must be an Availability Zone like eu-west-1a or an AZ id like euw1-az1"),
});
const vpcId = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id like vpc-0123abcd");

export const throttlingSchema = z.strictObject({
  /** Steady-state requests per second. */
  rateLimit: z.number().min(0, "must not be negative").max(ACCOUNT_THROTTLE.rateLimit, `must not exceed the account limit of ${ACCOUNT_THROTTLE.rateLimit} rps`),
  /** Burst bucket size. */
  burstLimit: z.number().int().min(0, "must not be negative").max(ACCOUNT_THROTTLE.burstLimit, `must not exceed the account limit of ${ACCOUNT_THROTTLE.burstLimit}`),
});

/** A fixed response of a MOCK integration. */
export const mockResponseSchema = z.strictObject({
  /** @default 200 */
  status: z.number().int().min(100).max(599).default(200),
  /** Response headers (values are sent as-is; single quotes are not allowed: API Gateway quotes static values with them). */
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name"), z.string().regex(/^[^'\r\n]*$/, "must not contain single quotes or line breaks")).default({}),
  /** JSON body. `$` and `#` are not allowed in it (the response template is Velocity, which would evaluate them). @default {} */
  body: z.json().default({}),
  /** Why this route is mocked. Prod without a reason is a policy warning (AOA-APIG-023). */
  reason: z.string().min(10, "must explain why the route is mocked (10+ characters)").optional(),
});

/** Per-route response cache (see config/gateway-rules.ts for the rules that keep it safe). */
export const routeCacheSchema = z.strictObject({
  /** @default the app's cache.ttlSeconds */
  ttlSeconds: z.number().int().min(0).max(3600).optional(),
  /** Query-string parameters that join the cache key (path parameters always do). @default [] */
  query: z.array(z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/, "must be a query parameter name")).default([]),
  /** Request headers that join the cache key. A protected route must list `Authorization` (the caller). @default [] */
  headers: z.array(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, "must be a header name")).default([]),
});

export const routeSchema = z.strictObject({
  method: z.enum(HTTP_METHODS),
  /** Path inside the app's API (the base path is not part of it): `/`, `/orders/{id}`, `/{proxy+}`. */
  path: z
    .string()
    .regex(/^\/$|^(\/([A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\}|\{[A-Za-z_][A-Za-z0-9_]*\+\}))+$/, "must start with '/' and use literal segments, {param} or a final {proxy+}"),
  /** OAuth scopes the token must hold (all of them). `[]` = any valid token. Mutually exclusive with `public`. */
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be a scope token without spaces or quotes")).optional(),
  /** Declares the route public (no authorizer). A reason is mandatory. */
  public: z.strictObject({ reason: z.string().min(10, "must explain why the route is public (10+ characters)") }).optional(),
  /** Per-route throttling override. @default the app's or environment's throttling */
  throttling: throttlingSchema.optional(),
  /** Request validation applied by API Gateway. @default "params" */
  validate: z.enum(["none", "params", "body", "all"]).optional(),
  /** Answer this route with a fixed response (MOCK integration) instead of the backend; also the route's response when the backend is `mock`. Scopes and validation still apply. */
  mock: mockResponseSchema.optional(),
  /** Require a partner API key (`x-api-key` header, metered by the app's usage plans) in addition to the token, or alone on a public route. @default the app's apiKeyRequired */
  apiKey: z.boolean().optional(),
  /** Cache GET/HEAD responses of this route (needs the app's stage `cache`). Every path parameter is a cache key. @default not cached */
  cache: routeCacheSchema.optional(),
});

export const ownerSchema = z.strictObject({
  team: z.string().min(2),
  contact: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$|^https:\/\/\S+$|^#[\w-]+$/, "must be an e-mail address, an https:// URL or a #channel"),
});

const releaseVersion = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "must be a semantic version like 1.4.0");

/** One entry of an app's release log (config/versions.ts). */
export const releaseSchema = z.strictObject({ version: releaseVersion, notes: z.string().optional() });

/**
 * A route in an app file, with the releases that introduced, changed or retired it. These fields
 * are resolved at the environment's pin before validation (config/versions.ts) and never reach a
 * validated `Environment`.
 */
export const versionedRouteSchema = routeSchema.extend({
  /** First release that has this route. @default the app's first release */
  since: releaseVersion.optional(),
  /** First release that no longer has it (retired). @default never retired */
  until: releaseVersion.optional(),
  /** Property changes from a release on, oldest first: `set` replaces fields, `unset` removes optional ones. */
  changes: z.array(z.strictObject({ since: releaseVersion, set: routeSchema.omit({ method: true, path: true }).partial().optional(), unset: z.array(z.string()).optional() })).optional(),
});

/** The environment-independent part of an app: defined once (environments/apps/), reused by every environment. */
export const appDefinitionSchema = z.strictObject({
  name,
  owner: ownerSchema,
  description: z.string().optional(),
  /** The app's release log, oldest first; every pin must name one. @default unversioned: every pin builds the same routes */
  releases: z.array(releaseSchema).min(1).optional(),
  routes: z.array(versionedRouteSchema).min(1, "an app needs at least one route"),
  /** The app's own OpenAPI 3.0 document (paths, parameters, bodies, schemas); checked in config/openapi-merge.ts. @default generated from the routes */
  openApi: z.record(z.string(), z.unknown()).optional(),
});

export const corsSchema = z.strictObject({
  allowOrigins: z.array(z.string().regex(/^\*$|^https?:\/\/[^\s/]+$/, "must be an origin like https://app.example.com or *")).min(1),
  allowHeaders: z.array(z.string()).default(["Authorization", "Content-Type"]),
  maxAgeSeconds: z.number().int().min(0).max(86400).default(600),
});

export const usagePlanSchema = z.strictObject({
  name,
  quota: z.strictObject({ limit: z.number().int().positive(), period: z.enum(["DAY", "WEEK", "MONTH"]) }),
  throttling: throttlingSchema,
  /** Names of API keys to create for this plan (values are generated by API Gateway, never stored in code). */
  apiKeys: z.array(name).min(1),
});

/** API Gateway's integration timeout range (REST API quotas: 50 ms - 29 s by default). */
export const INTEGRATION_TIMEOUT_MS = { min: 50, max: 29000 } as const;
const timeoutMs = z.number().int().min(INTEGRATION_TIMEOUT_MS.min, `must be at least ${INTEGRATION_TIMEOUT_MS.min} ms`).max(INTEGRATION_TIMEOUT_MS.max, `must not exceed API Gateway's ${INTEGRATION_TIMEOUT_MS.max} ms (29 s)`);

/** The app's existing internal Application Load Balancer, reached over PrivateLink (the default kind). */
export const albBackendSchema = z.strictObject({
  /** @default "alb" (configs written before backends had kinds stay valid) */
  kind: z.literal("alb").default("alb"),
  albArn: z.string().regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[A-Za-z0-9-]+\/[0-9a-f]+$/, "must be an ALB ARN (…:loadbalancer/app/<name>/<id>)"),
  listenerPort: z.number().int().min(1).max(65535),
  /** Host name the ALB's certificate is valid for; used in the integration URI (SNI and verification). */
  hostname,
  vpcId,
  subnets: z.array(subnet).min(2, "needs subnets in at least two Availability Zones"),
  /** Path prefix the backend serves the API under, e.g. `/orders` (routes are appended). @default "" */
  pathPrefix: z.string().regex(/^(\/[A-Za-z0-9._~-]+)*$/, "must be empty or like /orders/v1 (no trailing '/')").default(""),
  /** @default "/health" */
  healthCheckPath: z.string().regex(/^\/\S*$/).default("/health"),
  /** Integration timeout; must stay under API Gateway's 29 s. @default 10000 */
  timeoutMs: timeoutMs.default(10000),
});

/**
 * A Lambda function in the app's workload account, invoked through an alias (Lambda proxy
 * integration). Account, Region and the alias qualifier are checked in rules.ts.
 */
export const lambdaBackendSchema = z.strictObject({
  kind: z.literal("lambda"),
  /** Alias-qualified function ARN: `arn:aws:lambda:<region>:<app account>:function:<name>:<alias>`. */
  functionArn: z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[^:\s]+)?$/, "must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>:<alias>)"),
  /** Integration timeout. @default 10000 */
  timeoutMs: timeoutMs.default(10000),
});

/** No backend yet: every route answers with its `mock` response (status 200, `{}` when a route has none). */
export const mockBackendSchema = z.strictObject({
  kind: z.literal("mock"),
  /** Why this app is mocked. Required in prod by the policy pack (AOA-APIG-023 warns otherwise). */
  reason: z.string().min(10, "must explain why the app is mocked (10+ characters)").optional(),
});

export const backendSchema = z.discriminatedUnion("kind", [albBackendSchema, lambdaBackendSchema, mockBackendSchema], {
  error: (issue) => (issue.code === "invalid_union" && (issue as { note?: string }).note === "No matching discriminator" ? 'kind must be "alb" (the default), "lambda" or "mock"' : undefined),
});

/**
 * A canary release of the app's next version on its stage (config/canary.ts has the rules and
 * what the canary serves: the routes of `version`). API Gateway: CanarySettings.percentTraffic is a
 * double 0.0-100.0 (API Reference, "CanarySettings").
 */
export const canarySchema = z.strictObject({
  /** The release the canary serves (a later release of the app than its pin). */
  version: releaseVersion,
  /** Share of the stage's requests routed to the canary, 0.0-100.0. */
  percentTraffic: z.number().min(0, "must be between 0.0 and 100.0").max(100, "must be between 0.0 and 100.0"),
  /** Stage variables the canary sees instead of the stage's (names: letters, digits, `_`). @default {} */
  stageVariableOverrides: z.record(z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "must be a stage variable name (letters, digits, _)"), z.string().regex(/^[A-Za-z0-9\-._~:/?#&=,]{1,512}$/, "must be a stage variable value: 1+ of A-Za-z0-9-._~:/?#&=, (API Reference, CreateStage variables; 512 is a project limit)")).default({}),
  /** Whether the canary reads and writes the stage's cache. @default false */
  useStageCache: z.boolean().default(false),
});

/** An app as deployed in one environment. */
export const appSchema = appDefinitionSchema.extend({
  /** Base path under the custom domain: `orders` or multi-level `orders/v1`. */
  basePath: z.string().min(1),
  /** Set when this app's base path is intentionally nested under another app's (e.g. `orders/admin` under `orders`). @default false */
  allowNestedBasePath: z.boolean().default(false),
  /** Workload account the app runs in. */
  account: accountId,
  /** The version of the app's API contract promoted through environments. */
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "must be a semantic version like 1.4.0"),
  /** What the app's routes integrate with: its internal ALB (`kind: "alb"`, the default), a Lambda function alias (`"lambda"`) or a mock (`"mock"`). See modules/backends/. */
  backend: backendSchema,
  /** Listener port on the platform NLB reserved for this app (unique, inside network.ingressPorts). Required for `alb` backends, not allowed for the others. */
  ingressPort: z.number().int().min(1).max(65535).optional(),
  /** @default environment's edge.throttling */
  throttling: throttlingSchema.optional(),
  cors: corsSchema.optional(),
  /** Source IP ranges denied by the API's resource policy. @default [] */
  denyCidrs: z.array(cidr).default([]),
  /** Every route requires a partner API key (`x-api-key`); a route may opt out with `apiKey: false`. @default false */
  apiKeyRequired: z.boolean().default(false),
  /** Stage cache cluster (encrypted). Caches nothing by itself: routes opt in with `cache`. @default no cache */
  cache: z.strictObject({ sizeGb: z.enum(["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]), ttlSeconds: z.number().int().min(0).max(3600).default(300) }).optional(),
  usagePlans: z.array(usagePlanSchema).default([]),
  /** `rest`: a REST API (every gateway feature). `http`: an HTTP API (apigatewayv2) with the native JWT authorizer; what HTTP APIs lack is refused (config/http-api-rules.ts, docs/http-apis.md). @default "rest" */
  api: z.enum(["rest", "http"]).default("rest"),
  /** Required for `api: "http"`: why this app may go without WAF (no web ACL can be associated with an HTTP API stage). */
  wafExemptReason: z.string().min(10, "must explain why the app may go without WAF (10+ characters)").optional(),
  /** `private`: a PRIVATE REST API reachable only through the environment's execute-api interface endpoints (config/private-apis.ts). @default privateApis.defaultEndpoint, else "public" */
  endpoint: appEndpointSchema,
  /** Private apps: names of `privateApis.endpoints` that may call this app. @default all of them */
  allowedEndpoints: allowedEndpointsSchema,
  /** A canary of the next version on the app's stage (`npm run canary`). @default no canary */
  canary: canarySchema.optional(),
});

export const suppressionSchema = z.strictObject({
  rule: z.string().min(1),
  /** `<stack>/<type>.<logicalId>`, `*` allowed. */
  resource: z.string().min(1),
  reason: z.string().min(10, "every suppression needs a reason (10+ characters)"),
  /** Last day the suppression applies (YYYY-MM-DD); after it synth fails. Required in prod for error-severity rules. */
  expires: z.string().optional(),
  /** Who approved the exception. Required in prod for error-severity rules. */
  approvedBy: z.string().optional(),
});

export const environmentSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "must be 2-12 lower-case letters/digits"),
  /** Which rule set applies: `prod` turns on the production rules. */
  tier: z.enum(["dev", "staging", "prod"]),
  region,
  /** Prefix of every name and SSM parameter (`/<orgPrefix>/<env>/…`). */
  orgPrefix: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "must be 2-12 lower-case letters/digits"),
  /** Tag keys and values are checked by AWS's rules (Unicode letters too) in config/aws/formats.ts, with the key in the path. */
  tags: z.record(z.string(), z.string()).default({}),
  /** Environment promoted from (the previous one in the dev → staging → prod chain). */
  promotesFrom: z.string().optional(),
  /** Target a local AWS emulator (moto): providers skip credential/metadata/region checks; the endpoint comes from AWS_ENDPOINT_URL. @default false */
  emulator: z.boolean().default(false),
  accounts: z.strictObject({
    sharedServices: accountId,
    /** Role assumed in every account of the environment. @default "aoa-deployer" */
    deployRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/).default("aoa-deployer"),
    /** Admin role the bootstrap stack runs as in every account (never the deploy role). @default "OrganizationAccountAccessRole" */
    bootstrapRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/).default("OrganizationAccountAccessRole"),
    /** Read-only role in every account for PR plans and the nightly drift check (bootstrap creates it; it can read state and describe, never change). @default "aoa-planner" */
    plannerRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/).default("aoa-planner"),
    /** Who the deploy roles trust (bootstrap): GitHub OIDC for a repository, or one CI role ARN. Exactly one of the two. */
    pipeline: z
      .strictObject({
        githubRepository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/repo").optional(),
        /** GitHub deployment environment pinned in the OIDC `sub`. @default the environment name */
        githubEnvironment: z.string().optional(),
        /** GitHub environment (no reviewers) whose jobs may assume the read-only planner role, besides pull requests. @default "<githubEnvironment>-readonly" */
        githubReadonlyEnvironment: z.string().optional(),
        /** Trust this CI role instead of GitHub OIDC. */
        principalArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/, "must be one IAM role ARN (no wildcards)").optional(),
        /** `existing`: the accounts already have the token.actions.githubusercontent.com provider. @default "create" */
        oidcProvider: z.enum(["create", "existing"]).default("create"),
      })
      .optional(),
  }),
  state: z.discriminatedUnion("backend", [
    z.strictObject({
      backend: z.literal("s3"),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
      region,
      keyPrefix: z.string().regex(/^[\w.-]+(\/[\w.-]+)*$/).default("apigw-app-of-apps"),
    }),
    z.strictObject({
      backend: z.literal("local"),
      /** Directory for state files, relative to the project root. @default ".state/<env>" */
      directory: z.string().optional(),
    }),
  ]),
  domain: z.strictObject({
    name: hostname,
    hostedZone: z.discriminatedUnion("mode", [
      z.strictObject({ mode: z.literal("create"), name: hostname }),
      z.strictObject({ mode: z.literal("adopt"), name: hostname, zoneId: z.string().regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route 53 zone id like Z0123456789ABC") }),
    ]),
    extraNames: z.array(hostname).default([]),
    mtls: z.strictObject({ truststoreBucket: z.string().min(3), truststoreKey: z.string().min(1), truststoreVersion: z.string().optional() }).optional(),
    /** Header/path routing rules on the domain: validated, then refused until the provider has them (config/routing-rules.ts). @default none */
    routingRules: z.array(routingRuleSchema).optional(),
  }),
  edge: z.strictObject({
    /** The WAF is always on: every stage of every environment is associated with the environment's web ACL. */
    waf: z
      .strictObject({
        /** Requests per 5 minutes per client IP before blocking. @default 2000 */
        rateLimitPerIp: z.number().int().min(10).max(2_000_000_000).default(2000),
        allowCidrs: z.array(cidr).default([]),
        blockCidrs: z.array(cidr).default([]),
        blockedCountries: z.array(z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code like RU")).default([]),
      })
      .prefault({}),
    throttling: throttlingSchema,
    logRetentionDays: z.number().refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), { message: `must be one of ${LOG_RETENTION_DAYS.join(", ")}` }),
    tracing: z.boolean().default(true),
    authorizer: z.strictObject({
      issuer: httpsUrl,
      audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
      /** @default discovered from the issuer's /.well-known/openid-configuration */
      jwksUrl: httpsUrl.optional(),
      /** @default 300 */
      resultTtlSeconds: z.number().int().min(0).max(3600).default(300),
      /** @default 60 */
      clockSkewSeconds: z.number().int().min(0).max(300).default(60),
      /** @default 10 */
      reservedConcurrency: z.number().int().min(1).max(1000).default(10),
      /** Refuse tokens issued (`iat`) longer ago than this; `iat` becomes required. @default no limit */
      maxTokenAgeSeconds: z.number().int().min(60).max(86400 * 30).optional(),
      /** Extra verified claims passed to every backend as `X-Aoa-<header>` (e.g. `{ claim: "tid", header: "Tenant" }`). @default [] */
      identityClaims: z
        .array(
          z.strictObject({
            claim: z.string().regex(/^[A-Za-z][A-Za-z0-9_:.-]{0,63}$/, "must be a JWT claim name like tenant or custom:tenant"),
            header: z.string().regex(/^[A-Z][A-Za-z0-9]{0,31}(-[A-Z][A-Za-z0-9]{0,31}){0,3}$/, "must be a header suffix like Tenant or Org-Id"),
          }),
        )
        .max(5, "at most 5 identity claims (request header size is limited)")
        .default([]),
    }),
  }),
  network: z.strictObject({
    vpcId,
    subnets: z.array(subnet).min(2, "needs subnets in at least two Availability Zones"),
    /** Listener ports on the platform NLB that apps may reserve. @default 10000-10999 */
    ingressPorts: z.strictObject({ from: z.number().int().min(1024).max(65535), to: z.number().int().min(1024).max(65535) }).default({ from: 10000, to: 10999 }),
    /**
     * Listeners per platform NLB: apps are assigned to ingress shards (NLB + VPC link) by
     * `floor((ingressPort - ingressPorts.from) / ingressShardSize)` (config/ingress-shards.ts).
     * At most 50: "Listeners per Network Load Balancer" cannot be raised. @default 50
     */
    ingressShardSize: z.number().int().min(1).max(50, "must be at most 50: an NLB has at most 50 listeners (not adjustable)").default(50),
  }),
  alarms: z
    .strictObject({
      snsTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, "must be an SNS topic ARN").optional(),
      /** @default 1 */
      error5xxPercent: z.number().min(0).max(100).default(1),
      /** @default 2000 */
      latencyP99Ms: z.number().int().min(1).max(29000).default(2000),
    })
    .prefault({}),
  /** Interface endpoints that may call private apps, and the private custom domain (config/private-apis.ts). @default no private apps */
  privateApis: privateApisSchema.optional(),
  apps: z.array(appSchema).default([]),
  /**
   * AWS quotas raised for this environment's accounts (Service Quotas), by id (config/quotas.ts):
   * `{ interfaceEndpointsPerVpc: { limit: 250, reason: "case 1234, approved 2026-11-30" } }`.
   * The quota checks use these limits instead of AWS's defaults. Only adjustable quotas can be raised. @default {}
   */
  quotas: z
    .partialRecord(
      z.enum(QUOTA_IDS),
      z.strictObject(
        { limit: z.number().int().positive(), reason: z.string().min(10, "say where the raise comes from (10+ characters: case id, date)") },
        { error: 'must be { limit, reason }, e.g. { limit: 250, reason: "Service Quotas case 1234567, 2026-11-30" }' },
      ),
    )
    .default({}),
  suppressions: z.array(suppressionSchema).default([]),
});

/** What an environment file is written as (defaults may be left out). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default filled in. */
export type Environment = z.output<typeof environmentSchema>;
export type AppInput = z.input<typeof appSchema>;
export type App = z.output<typeof appSchema>;
export type AppDefinition = z.input<typeof appDefinitionSchema>;
export type Route = z.output<typeof routeSchema>;
export type Release = z.output<typeof releaseSchema>;
export type CanaryConfig = z.output<typeof canarySchema>;
export type Throttling = z.output<typeof throttlingSchema>;
export type Backend = z.output<typeof backendSchema>;
export type BackendKind = Backend["kind"];
export type AlbBackend = z.output<typeof albBackendSchema>;
export type LambdaBackend = z.output<typeof lambdaBackendSchema>;
export type MockBackend = z.output<typeof mockBackendSchema>;
export type MockResponse = z.output<typeof mockResponseSchema>;
