import { Testing } from "cdktf";
import { PlatformStack } from "../../stacks/platform-stack";
import { AppStack } from "../../stacks/app-stack";
import { devEnv, fakeBundle } from "./helpers";

const env = devEnv();
function platformJson(e = env): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const app = Testing.app();
  return JSON.parse(Testing.synth(new PlatformStack(app, { environment: e, authorizerBundle: fakeBundle() })));
}
function appJson(name = "orders", e = env): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const app = Testing.app();
  return JSON.parse(Testing.synth(new AppStack(app, { environment: e, app: e.apps.find((a) => a.name === name)! })));
}
function allResources(json: any): [string, any][] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return Object.entries<Record<string, unknown>>(json.resource).flatMap(([type, byId]) => Object.entries(byId).map(([id, r]): [string, any] => [`${type}.${id}`, r])); // eslint-disable-line @typescript-eslint/no-explicit-any
}
const providers = (json: any) => ([] as any[]).concat(json.provider.aws); // eslint-disable-line @typescript-eslint/no-explicit-any

describe("PlatformStack", () => {
  const json = platformJson();
  it("has one provider: the shared-services account, via its deploy role, pinned and tagged", () => {
    const [p] = providers(json);
    expect(providers(json)).toHaveLength(1);
    expect(p).toMatchObject({ alias: "shared", allowed_account_ids: ["111111111111"], region: "eu-west-1" });
    expect(p.assume_role[0].role_arn).toBe("arn:aws:iam::111111111111:role/aoa-deployer");
    expect(p.default_tags[0].tags).toMatchObject({ Environment: "dev", App: "platform", ManagedBy: "cdktf-apigw-app-of-apps", CostCenter: "platform" });
    expect(p.skip_credentials_validation).toBeUndefined();
  });
  it("every resource and data source names its provider", () => {
    for (const [id, r] of allResources(json)) expect([id, r.provider]).toEqual([id, "aws.shared"]);
    for (const byId of Object.values<Record<string, any>>(json.data)) for (const d of Object.values(byId)) expect(d.provider).toBe("aws.shared"); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
  it("keeps state in S3 per stack with a native lock file and the backend's own assume_role", () => {
    expect(json.terraform.backend.s3).toMatchObject({ bucket: "acme-aoa-tfstate-dev", key: "apigw-app-of-apps/dev/dev-platform.tfstate", use_lockfile: true, encrypt: true });
    expect(json.terraform.backend.s3.assume_role.role_arn).toBe("arn:aws:iam::111111111111:role/aoa-deployer");
  });
  it("publishes the contract", () => {
    const names = Object.values<any>(json.resource.aws_ssm_parameter).map((p) => p.name); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(names).toContain("/acme/dev/platform/vpc-link-id");
    expect(names).toContain("/acme/dev/platform/web-acl-arn");
  });
  it("has exactly one aws_api_gateway_account (one per account and Region)", () => {
    expect(Object.keys(json.resource.aws_api_gateway_account)).toHaveLength(1);
  });
  it("emulator environments skip real-AWS checks and carry no endpoint in code", () => {
    const local = platformJson(devEnv((e) => (e.emulator = true)));
    const [p] = providers(local);
    expect(p).toMatchObject({ skip_credentials_validation: true, skip_metadata_api_check: "true", skip_region_validation: true, s3_use_path_style: true });
    expect(JSON.stringify(p)).not.toMatch(/127\.0\.0\.1|localhost|endpoints/);
  });
});

describe("AppStack", () => {
  const json = appJson("orders");
  it("has two providers: shared-services and the app's workload account", () => {
    const ps = providers(json);
    expect(ps.map((p) => [p.alias, p.allowed_account_ids[0]])).toEqual([["shared", "111111111111"], ["workload", "222222222222"]]);
    for (const p of ps) expect(p.default_tags[0].tags).toMatchObject({ Environment: "dev", App: "orders", Owner: "orders-team", ManagedBy: "cdktf-apigw-app-of-apps" });
  });
  it("every resource names its provider; only the exposure lives in the workload account", () => {
    const workload = allResources(json).filter(([, r]) => r.provider === "aws.workload").map(([id]) => id.split(".")[0]).sort();
    expect(workload).toEqual(["aws_lb", "aws_lb_listener", "aws_lb_target_group", "aws_lb_target_group_attachment", "aws_vpc_endpoint_service"]);
    for (const [id, r] of allResources(json)) expect([id, ["aws.shared", "aws.workload"].includes(r.provider)]).toEqual([id, true]);
  });
  it("the API, stage, mapping and WAF association are in the shared-services account (same account as the domain)", () => {
    for (const t of ["aws_api_gateway_rest_api", "aws_api_gateway_stage", "aws_apigatewayv2_api_mapping", "aws_wafv2_web_acl_association"]) {
      for (const r of Object.values<any>(json.resource[t])) expect(r.provider).toBe("aws.shared"); // eslint-disable-line @typescript-eslint/no-explicit-any
    }
  });
  it("reads the platform only through SSM (no remote state), so its plan needs only its own state", () => {
    expect(json.data.terraform_remote_state).toBeUndefined();
    expect(Object.values<any>(json.data.aws_ssm_parameter).every((p) => p.name.startsWith("/acme/dev/platform/"))).toBe(true); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
  it("has its own state key", () => {
    expect(json.terraform.backend.s3.key).toBe("apigw-app-of-apps/dev/dev-app-orders.tfstate");
  });
  it("publishes its route table for the authorizer and its release for promotion", () => {
    const params = Object.values<any>(json.resource.aws_ssm_parameter); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(params.some((p) => /^\$\{data\.aws_ssm_parameter\.\S+\.insecure_value\}\$\{aws_api_gateway_rest_api\.\S+\.id\}$/.test(p.name))).toBe(true);
    const release = params.find((p) => p.name === "/acme/dev/apps/orders/release");
    expect(JSON.parse(release.value)).toEqual({ app: "orders", version: "1.4.0", basePath: "orders" });
  });
  it("stays small: the API body, not a resource per route", () => {
    const count = allResources(json).length;
    expect(count).toBeLessThan(35);
    const more = devEnv((e) => { for (let i = 0; i < 20; i++) e.apps[0].routes.push({ method: "GET", path: `/extra${i}`, scopes: ["orders:read"] }); });
    expect(allResources(appJson("orders", more)).length).toBe(count);
  });
  it("refuses an app that is not part of the environment", () => {
    const app = Testing.app();
    expect(() => new AppStack(app, { environment: env, app: { ...env.apps[0] } })).toThrow(/dev-app-orders: app 'orders' is not part of environment 'dev'/);
  });
});
