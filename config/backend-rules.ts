/**
 * Cross-field rules of an app's `backend` (one function per backend kind; rules.ts calls
 * `backendProblems` once per app). They run on the raw input like every rule in rules.ts.
 */
type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Add = (path: string, message: string, value: unknown) => void;

export interface BackendRuleContext {
  /** The environment's Region, when it is a string. */
  readonly region?: string;
  /** `apps[i].` + field. */
  readonly at: (field: string) => string;
  readonly add: Add;
  /** Checks that subnets span two AZs and are distinct (rules.ts). */
  readonly checkAzs: (path: string, subnets: unknown, add: Add) => void;
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]` */
export const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([^:\s]+))?$/;
/** `aws`, `aws-us-gov` or `aws-cn` for a Region. */
const partitionOf = (region: string) => (region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("cn-") ? "aws-cn" : "aws");
/** Lambda alias names (Lambda API reference, CreateAlias `Name`): not only digits (that is a version), 1-128 characters. */
const ALIAS = /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/;

/** The problems of `apps[i].backend` and of the fields that depend on its kind (`ingressPort`, route mocks). */
export function backendProblems(app: Raw, ctx: BackendRuleContext): void {
  const b = app.backend;
  const { at, add, region } = ctx;
  if (Array.isArray(app.routes)) {
    app.routes.forEach((r: Raw, j: number) => {
      if (r?.mock && typeof r.mock === "object" && r.mock.body !== undefined) {
        const text = JSON.stringify(r.mock.body) ?? "";
        // The mock's response template is a Velocity template: `$x` and `#if` in it would be evaluated.
        if (/[$#]/.test(text)) add(at(`routes[${j}].mock.body`), "must not contain '$' or '#' (the response template is Velocity, which would evaluate them)", r.mock.body);
      }
    });
  }
  if (!b || typeof b !== "object") return;
  const kind = b.kind ?? "alb";
  if (kind === "alb") {
    ctx.checkAzs(at("backend.subnets"), b.subnets, add);
    const m = typeof b.albArn === "string" ? /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):/.exec(b.albArn) : null;
    if (m) {
      if (region && m[1] !== region) add(at("backend.albArn"), `must be in the environment's region ${region}`, b.albArn);
      if (typeof app.account === "string" && m[2] !== app.account) add(at("backend.albArn"), `must belong to the app's account ${app.account}`, b.albArn);
    }
    if (app.ingressPort === undefined) add(at("ingressPort"), "an alb backend needs its listener port on the platform NLB (inside network.ingressPorts)", app.ingressPort);
    return;
  }
  if (app.ingressPort !== undefined) add(at("ingressPort"), `only alb backends use a platform NLB port; remove it for a ${String(kind)} backend`, app.ingressPort);
  if (kind === "lambda" && typeof b.functionArn === "string") {
    const m = FUNCTION_ARN.exec(b.functionArn);
    if (!m) return; // the schema reports the shape
    const path = at("backend.functionArn");
    if (region && m[2] !== region) add(path, `must be in the environment's region ${region}`, b.functionArn);
    else if (region && m[1] !== partitionOf(region)) add(path, `must be in partition ${partitionOf(region)} (the environment's region ${region})`, b.functionArn);
    if (typeof app.account === "string" && m[3] !== app.account) add(path, `must belong to the app's account ${app.account} (the invoke permission is created there)`, b.functionArn);
    const qualifier = m[5];
    if (qualifier === undefined) add(path, "must be qualified by an alias (…:function:<name>:<alias>, e.g. :live) so the app team can shift versions without the gateway", b.functionArn);
    else if (!ALIAS.test(qualifier)) add(path, `must be qualified by an alias, not ${qualifier === "$LATEST" ? "$LATEST" : `version ${qualifier}`}`, b.functionArn);
  }
}
