/**
 * `kind: "lambda"` — a Lambda function alias in the app's workload account, called by Lambda
 * proxy integration (`AWS_PROXY`). A REST API may integrate with a function in another account;
 * the function's resource policy (in its own account) must allow `apigateway.amazonaws.com` for
 * the API's execution ARN — no credentials role is needed for that (API Gateway developer guide,
 * "Set up a Lambda proxy integration" / cross-account Lambda integrations). So the app's stack
 * adds one `aws_lambda_permission`, created by the **workload** provider, and nothing of the
 * private path: no NLB, endpoint service, interface endpoint or platform NLB port.
 */
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { App, Environment, LambdaBackend } from "../../config/schema";
import { FUNCTION_ARN } from "../../config/backend-rules";
import type { Statement } from "../iam";
import type { AppBackend, BackendStackContext, RouteIntegration } from "./types";

/** The parts of an alias-qualified function ARN (validated in config/backend-rules.ts). */
export interface FunctionRef {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
  /** `arn:…:function:<name>` */
  readonly unqualifiedArn: string;
  readonly alias: string;
  /** `arn:…:function:<name>:<alias>` */
  readonly aliasArn: string;
}

export function functionRef(app: App): FunctionRef {
  if (app.backend.kind !== "lambda") throw new Error(`backends/lambda: app '${app.name}' has a ${app.backend.kind} backend`);
  const arn = (app.backend as LambdaBackend).functionArn;
  const m = FUNCTION_ARN.exec(arn);
  if (!m || !m[5]) throw new Error(`backends/lambda: app '${app.name}': functionArn must be alias-qualified (got ${JSON.stringify(arn)})`);
  const [, partition, region, account, name, alias] = m;
  const unqualifiedArn = `arn:${partition}:lambda:${region}:${account}:function:${name}`;
  return { partition, region, account, name, unqualifiedArn, alias, aliasArn: `${unqualifiedArn}:${alias}` };
}

/** `arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<alias ARN>/invocations` */
export function lambdaInvocationUri(fn: FunctionRef): string {
  return `arn:${fn.partition}:apigateway:${fn.region}:lambda:path/2015-03-31/functions/${fn.aliasArn}/invocations`;
}

/** Statement id of the invoke permission in the function's policy (≤ 100 characters). */
export const invokeStatementId = (prefix: string) => `${prefix}-apigateway`.slice(0, 100);

/**
 * Exactly what `aws_lambda_permission` calls (hashicorp/terraform-provider-aws
 * internal/service/lambda/permission.go: create = AddPermission then read, read = GetPolicy,
 * delete = RemovePermission then GetPolicy until gone), on the app functions of one account.
 * With a qualifier Lambda authorizes the qualified ARN, so both forms are listed.
 */
export function lambdaPermissionStatements(apps: readonly App[]): Statement[] {
  if (apps.length === 0) return [];
  const fns = apps.map(functionRef);
  return [
    {
      Sid: "ApiGatewayInvokePermissionsOnAppFunctions",
      Effect: "Allow",
      Action: ["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"],
      Resource: [...new Set(fns.flatMap((f) => [f.unqualifiedArn, f.aliasArn]))].sort(),
    },
  ];
}

export const lambdaBackend: AppBackend = {
  kind: "lambda",
  describe: (app) => {
    const fn = functionRef(app);
    return `Lambda function ${fn.name}, alias ${fn.alias} (account ${fn.account}), AWS_PROXY`;
  },
  contractKeys: [],

  integration(app): RouteIntegration {
    const fn = functionRef(app);
    return {
      integration: {
        type: "aws_proxy",
        // Lambda is always invoked with POST, whatever the route's method.
        httpMethod: "POST",
        uri: lambdaInvocationUri(fn),
        passthroughBehavior: "when_no_match",
        timeoutInMillis: (app.backend as LambdaBackend).timeoutMs,
      },
    };
  },

  addResources(ctx: BackendStackContext): void {
    const fn = functionRef(ctx.app);
    // In the workload account (the function's own policy). Scoped to this API's stage: the stage
    // only has the app's configured routes, so a per-route source ARN would add statements
    // (the policy is limited to 20 KB) without narrowing who can invoke.
    new LambdaPermission(ctx.scope, "lambda-invoke-permission", {
      provider: ctx.workload,
      statementId: invokeStatementId(ctx.prefix),
      action: "lambda:InvokeFunction",
      functionName: fn.unqualifiedArn,
      qualifier: fn.alias,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${ctx.api.api.executionArn}/${ctx.api.stage.stageName}/*/*`,
      sourceAccount: ctx.environment.accounts.sharedServices,
    });
  },

  workloadDeployPolicies(_env: Environment, _account: string, apps: readonly App[]): Record<string, Statement[]> {
    const statements = lambdaPermissionStatements(apps);
    return statements.length ? { "lambda-permissions": statements } : {};
  },

  // The function itself is the app team's (billed in its account, like an ALB): nothing fixed here.
  costItems: () => [],

  topology(_env, app, h, api) {
    const fn = functionRef(app);
    const node = h.id("fn", app.name);
    return {
      sharedNodes: [],
      workloadNodes: [`${node}[${h.label(`Lambda ${fn.name}`, `alias ${fn.alias}`)}]`],
      apiEdges: [`${api} -->|${h.label("AWS_PROXY")}| ${node}`],
      pathEdges: [],
    };
  },
};
