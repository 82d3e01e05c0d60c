import { Construct } from "constructs";
import { AssetType, TerraformAsset, TerraformProvider } from "cdktf";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { policyDocument, serviceTrust } from "./iam";
import { derivedNames } from "../config/naming";

export interface AuthorizerBundle {
  /** Path of the reproducible zip built by authorizer/build.ts. */
  readonly zipPath: string;
  /** Hex SHA-256 of the zip. */
  readonly sha256: string;
}

export interface AuthorizerFunctionProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly bundle: AuthorizerBundle;
  readonly issuer: string;
  readonly audience: string | readonly string[];
  /** @default OIDC discovery from the issuer */
  readonly jwksUrl?: string;
  /** @default 60 */
  readonly clockSkewSeconds?: number;
  /** SSM prefix of the apps' route tables (`/<org>/<env>/authz/`). */
  readonly routesParameterPrefix: string;
  readonly logRetentionDays: number;
  /** @default 10 */
  readonly reservedConcurrency?: number;
  /** Well under API Gateway's 29 s. @default 5 */
  readonly timeoutSeconds?: number;
  /** @default true */
  readonly tracing?: boolean;
  /** @default "aws" */
  readonly partition?: string;
  /** Refuse tokens older than this (`iat` required). @default no limit */
  readonly maxTokenAgeSeconds?: number;
  /** `claim=contextKey,...` passed to backends as identity headers (see modules/openapi-gateway.ts). @default none */
  readonly identityClaims?: string;
}

/**
 * The shared JWT authorizer (one function for every app's API; each API adds its own
 * authorizer and a `source_arn`-scoped permission). Its role can write its own logs and traces
 * and read the route tables, nothing else.
 */
export class AuthorizerFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AuthorizerFunctionProps) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? 5;
    if (timeout >= 29 || timeout < 1) throw new Error(`${this.node.path}: timeoutSeconds must be 1-28, under API Gateway's 29 s (got ${timeout})`);
    if (!/^[0-9a-f]{64}$/.test(props.bundle.sha256)) throw new Error(`${this.node.path}: bundle.sha256 must be a hex SHA-256 (got ${JSON.stringify(props.bundle.sha256)})`);
    const partition = props.partition ?? "aws";
    const functionName = derivedNames.authorizerFunction(props.name);
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      provider: props.provider,
      name: derivedNames.lambdaLogGroup(functionName),
      retentionInDays: props.logRetentionDays,
    });
    const role = new IamRole(this, "role", {
      provider: props.provider,
      name: derivedNames.authorizerRole(props.name),
      assumeRolePolicy: serviceTrust("lambda.amazonaws.com", props.accountId),
    });
    const paramArn = `arn:${partition}:ssm:${props.region}:${props.accountId}:parameter${props.routesParameterPrefix}*`;
    new IamRolePolicy(this, "policy", {
      provider: props.provider,
      role: role.name,
      name: "authorizer",
      policy: policyDocument(
        { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
        // Wildcard reason: X-Ray's PutTraceSegments/PutTelemetryRecords support no resource-level permissions.
        { Sid: "WildcardReasonXrayHasNoResourceArns", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        // Wildcard reason: one parameter per API id under the route-table prefix; ids are assigned by API Gateway.
        { Sid: "WildcardReasonRouteTablesPerApiId", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: paramArn },
      ),
    });
    const asset = new TerraformAsset(this, "bundle", { path: props.bundle.zipPath, type: AssetType.FILE });
    const env: Record<string, string> = {
      OIDC_ISSUER: props.issuer,
      OIDC_AUDIENCE: typeof props.audience === "string" ? props.audience : props.audience.join(","),
      CLOCK_SKEW_SECONDS: String(props.clockSkewSeconds ?? 60),
      ROUTES_PARAMETER_PREFIX: props.routesParameterPrefix,
      ALLOWED_ALGS: "RS256,ES256",
    };
    if (props.jwksUrl) env.JWKS_URL = props.jwksUrl;
    if (props.maxTokenAgeSeconds !== undefined) env.MAX_TOKEN_AGE_SECONDS = String(props.maxTokenAgeSeconds);
    if (props.identityClaims) env.IDENTITY_CLAIMS = props.identityClaims;
    this.function = new LambdaFunction(this, "function", {
      provider: props.provider,
      functionName,
      description: "Validates OIDC JWTs for every app's REST API",
      role: role.arn,
      runtime: "nodejs22.x",
      handler: "index.handler",
      architectures: ["arm64"],
      filename: asset.path,
      sourceCodeHash: Buffer.from(props.bundle.sha256, "hex").toString("base64"),
      memorySize: 256,
      timeout,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 10,
      tracingConfig: { mode: (props.tracing ?? true) ? "Active" : "PassThrough" },
      environment: { variables: env },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      dependsOn: [this.logGroup],
    });
  }
}
