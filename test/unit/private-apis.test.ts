/**
 * Private apps (config/private-apis.ts, modules/private-api.ts, docs/private-apis.md): validation
 * with field paths, the synthesized PRIVATE REST API and its resource policy, the private custom
 * domain in the platform stack (app-agnostic), the mapping on it, and the policy pack on both.
 */
import { Testing } from "cdktf";
import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { AppStack } from "../../stacks/app-stack";
import { PlatformStack } from "../../stacks/platform-stack";
import { runPolicyPack } from "../../policy";
import { buildRouteMap } from "../../governance/routes";
import { devInput, fakeBundle } from "./helpers";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const SHARED_VPCE = "vpce-0a1b2c3d4e5f60001";
const DATA_VPCE = "vpce-0d1b2c3d4e5f60009";
const PARTNER_VPCE = "vpce-0e1b2c3d4e5f6000a";

/** The dev fixture plus two interface endpoints, a private domain and a mock-backed private app `ledger` (apps[2]). */
const withPrivate = (edit: (e: Json) => void = () => undefined) => (e: Json) => {
  e.privateApis = {
    endpoints: [
      { name: "platform-vpc", id: SHARED_VPCE, account: "111111111111" },
      { name: "orders-vpc", id: DATA_VPCE, account: "222222222222" },
    ],
    domain: { name: "api.internal.dev.acme-example.com" },
  };
  e.apps.push({
    name: "ledger",
    owner: { team: "finance-team", contact: "finance@example.com" },
    routes: [{ method: "GET", path: "/{entryId}", scopes: ["ledger:read"] }],
    basePath: "ledger",
    account: "444444444444",
    version: "0.1.0",
    backend: { kind: "mock", reason: "ledger service not built yet; contract for internal callers" },
    endpoint: "private",
  });
  edit(e);
};

function problems(edit: (e: Json) => void): { path: string; message: string; value: unknown }[] {
  const r = validateEnvironment(devInput(edit));
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path, message: p.message, value: p.value }));
}
function env(edit: (e: Json) => void): Environment {
  const r = validateEnvironment(devInput(edit));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
}
const appJson = (e: Environment, name: string): Json => JSON.parse(Testing.synth(new AppStack(Testing.app(), { environment: e, app: e.apps.find((a) => a.name === name)!, projectRoot: "/project" })));
const platformText = (e: Environment): string => Testing.synth(new PlatformStack(Testing.app(), { environment: e, authorizerBundle: fakeBundle(), projectRoot: "/project" }));
const one = (json: Json, type: string): Json => {
  const all = Object.values<Json>(json.resource?.[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
};
const policyOf = (json: Json) => JSON.parse(one(json, "aws_api_gateway_rest_api_policy").policy);

describe("validation (field paths and values)", () => {
  it("the fixture with a private app is valid", () => {
    expect(problems(withPrivate())).toEqual([]);
  });
  it("a private app without allowed endpoints", () => {
    expect(problems(withPrivate((e) => delete e.privateApis))).toContainEqual({ path: "apps[2].endpoint", message: expect.stringMatching(/needs the execute-api interface endpoints/), value: "private" });
  });
  it("an environment default of private without endpoints is a shape error on the list", () => {
    expect(problems(withPrivate((e) => (e.privateApis = { endpoints: [], defaultEndpoint: "private" })))).toContainEqual(expect.objectContaining({ path: "privateApis.endpoints" }));
  });
  it("the environment default makes apps private; an app may opt out", () => {
    const e = env(withPrivate((x) => {
      x.privateApis.defaultEndpoint = "private";
      delete x.privateApis.domain; // payments/v1 is multi-level
      delete x.apps[2].endpoint;
      x.apps[0].endpoint = "public";
    }));
    expect(one(appJson(e, "ledger"), "aws_api_gateway_rest_api").endpoint_configuration.types).toEqual(["PRIVATE"]);
    expect(one(appJson(e, "orders"), "aws_api_gateway_rest_api").endpoint_configuration.types).toEqual(["REGIONAL"]);
    expect(one(appJson(e, "payments"), "aws_api_gateway_rest_api").endpoint_configuration.types).toEqual(["PRIVATE"]);
  });
  it("vpce id format", () => {
    expect(problems(withPrivate((e) => (e.privateApis.endpoints[0].id = "vpce-xyz")))).toContainEqual(expect.objectContaining({ path: "privateApis.endpoints[0].id", value: "vpce-xyz" }));
    expect(problems(withPrivate((e) => (e.privateApis.endpoints[0].id = "vpce-0123456789abcdef0")))).toEqual([]);
  });
  it("allowedEndpoints must name declared endpoints, and only on private apps", () => {
    expect(problems(withPrivate((e) => (e.apps[2].allowedEndpoints = ["platform-vpc", "nope"])))).toEqual([
      { path: "apps[2].allowedEndpoints[1]", message: expect.stringMatching(/names no endpoint .*platform-vpc, orders-vpc/), value: "nope" },
    ]);
    expect(problems(withPrivate((e) => (e.apps[0].allowedEndpoints = ["platform-vpc"])))).toContainEqual(expect.objectContaining({ path: "apps[0].allowedEndpoints", message: expect.stringMatching(/only private apps/) }));
  });
  it("an endpoint in an account outside the environment needs a reason", () => {
    const partner = { name: "partner", id: PARTNER_VPCE, account: "999999999999" };
    expect(problems(withPrivate((e) => e.privateApis.endpoints.push(partner)))).toEqual([
      { path: "privateApis.endpoints[2].reason", message: expect.stringMatching(/999999999999 is none of this environment's accounts/), value: undefined },
    ]);
    expect(problems(withPrivate((e) => e.privateApis.endpoints.push({ ...partner, reason: "auditor's VPC, contract 2026-11" })))).toEqual([]);
  });
  it("duplicate endpoint names and ids", () => {
    expect(problems(withPrivate((e) => e.privateApis.endpoints.push({ name: "platform-vpc", id: SHARED_VPCE, account: "111111111111" }))).map((p) => p.path)).toEqual(["privateApis.endpoints[2].name", "privateApis.endpoints[2].id"]);
  });
  it("a base path is unique across the public and the private domain", () => {
    expect(problems(withPrivate((e) => (e.apps[2].basePath = "orders")))).toContainEqual({ path: "apps[2].basePath", message: "same base path as apps[0] (orders)", value: "orders" });
  });
  it("a multi-level base path on the private domain is refused (provider mapping id), allowed without a private domain", () => {
    expect(problems(withPrivate((e) => (e.apps[2].basePath = "ledger/v1")))).toContainEqual(expect.objectContaining({ path: "apps[2].basePath", message: expect.stringMatching(/single-level/), value: "ledger/v1" }));
    expect(problems(withPrivate((e) => ((e.apps[2].basePath = "ledger/v1"), delete e.privateApis.domain)))).toEqual([]);
  });
  it("the private domain is under the hosted zone and not the public name", () => {
    expect(problems(withPrivate((e) => (e.privateApis.domain.name = "api.internal.example.org")))).toContainEqual(expect.objectContaining({ path: "privateApis.domain.name", message: expect.stringMatching(/hosted zone dev.acme-example.com/) }));
    expect(problems(withPrivate((e) => (e.privateApis.domain.name = "api.dev.acme-example.com")))).toContainEqual(expect.objectContaining({ path: "privateApis.domain.name", message: expect.stringMatching(/must differ/) }));
  });
});

describe("the private app's REST API", () => {
  const e = env(withPrivate((x) => (x.apps[2].denyCidrs = ["10.20.0.0/16"])));
  const json = appJson(e, "ledger");
  const api = one(json, "aws_api_gateway_rest_api");

  it("is of endpoint type PRIVATE with its execute-api name reachable (through the VPC endpoint only)", () => {
    expect(api.endpoint_configuration).toEqual({ types: ["PRIVATE"] });
    expect(api.disable_execute_api_endpoint).toBe(false);
  });
  it("allows the listed endpoints on its stage, denies every other source, and denies VPC ranges by aws:VpcSourceIp", () => {
    const st = policyOf(json).Statement;
    expect(st).toEqual([
      expect.objectContaining({ Effect: "Allow", Action: "execute-api:Invoke", Resource: "execute-api:/live/*", Condition: { StringEquals: { "aws:SourceVpce": [SHARED_VPCE, DATA_VPCE] } } }),
      expect.objectContaining({ Effect: "Deny", Resource: "execute-api:/*", Condition: { StringNotEquals: { "aws:SourceVpce": [SHARED_VPCE, DATA_VPCE] } } }),
      expect.objectContaining({ Effect: "Deny", Condition: { IpAddress: { "aws:VpcSourceIp": ["10.20.0.0/16"] } } }),
    ]);
    expect(JSON.stringify(st)).not.toContain("aws:SourceIp\"");
  });
  it("allowedEndpoints narrows the list", () => {
    const narrowed = appJson(env(withPrivate((x) => (x.apps[2].allowedEndpoints = ["orders-vpc"]))), "ledger");
    expect(policyOf(narrowed).Statement[0].Condition.StringEquals["aws:SourceVpce"]).toEqual([DATA_VPCE]);
  });
  it("is mapped on the private domain (by domain_name_id), never on the public one; the stage keeps its WAF", () => {
    expect(json.resource.aws_apigatewayv2_api_mapping).toBeUndefined();
    const m = one(json, "aws_api_gateway_base_path_mapping");
    expect(m.base_path).toBe("ledger");
    expect(m.domain_name_id).toMatch(/data\.aws_ssm_parameter\..*insecure_value/);
    const names = Object.values<Json>(json.data.aws_ssm_parameter).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(["/acme/dev/platform/private-domain/name", "/acme/dev/platform/private-domain/id"]));
    expect(json.resource.aws_wafv2_web_acl_association).toBeDefined();
    expect(json.output.url.value).toBe("https://api.internal.dev.acme-example.com/ledger");
  });
  it("without a private domain: no mapping, the URL is the execute-api name", () => {
    const bare = appJson(env(withPrivate((x) => delete x.privateApis.domain)), "ledger");
    expect(bare.resource.aws_api_gateway_base_path_mapping).toBeUndefined();
    expect(bare.resource.aws_apigatewayv2_api_mapping).toBeUndefined();
    expect(bare.output.url.value).toMatch(/^https:\/\/\$\{aws_api_gateway_rest_api\..*\.id\}\.execute-api\.eu-west-1\.amazonaws\.com\/live$/);
  });
  it("a public app is unchanged: REGIONAL, default endpoint off, v2 mapping", () => {
    const orders = appJson(e, "orders");
    expect(one(orders, "aws_api_gateway_rest_api").endpoint_configuration).toEqual({ types: ["REGIONAL"] });
    expect(one(orders, "aws_api_gateway_rest_api").disable_execute_api_endpoint).toBe(true);
    expect(orders.resource.aws_api_gateway_base_path_mapping).toBeUndefined();
    expect(one(orders, "aws_apigatewayv2_api_mapping").api_mapping_key).toBe("orders");
  });
});

describe("the private custom domain (platform stack)", () => {
  const e = env(withPrivate());
  const json = JSON.parse(platformText(e));
  const domains = Object.values<Json>(json.resource.aws_api_gateway_domain_name);
  const priv = domains.find((d) => d.endpoint_configuration.types[0] === "PRIVATE");

  it("is PRIVATE, TLS 1.2, with a certificate and a policy that allows only the environment's endpoints", () => {
    expect(domains).toHaveLength(2);
    expect(priv.domain_name).toBe("api.internal.dev.acme-example.com");
    expect(priv.security_policy).toBe("TLS_1_2");
    expect(priv.certificate_arn).toMatch(/aws_acm_certificate_validation/);
    const st = JSON.parse(priv.policy).Statement;
    expect(st[0].Condition).toEqual({ StringEquals: { "aws:SourceVpce": [SHARED_VPCE, DATA_VPCE] } });
    expect(st[1]).toEqual(expect.objectContaining({ Effect: "Deny", Condition: { StringNotEquals: { "aws:SourceVpce": [SHARED_VPCE, DATA_VPCE] } } }));
  });
  it("associates the shared-services endpoint itself and shares the domain by RAM with the other account (which creates its own association)", () => {
    const assoc = Object.values<Json>(json.resource.aws_api_gateway_domain_name_access_association);
    expect(assoc.map((a) => a.access_association_source)).toEqual([SHARED_VPCE]);
    expect(assoc[0].access_association_source_type).toBe("VPCE");
    expect(Object.values<Json>(json.resource.aws_ram_principal_association).map((p) => p.principal)).toEqual(["222222222222"]);
    expect(one(json, "aws_ram_resource_share").allow_external_principals).toBe(false);
    expect(one(json, "aws_ram_resource_association").resource_arn).toMatch(/aws_api_gateway_domain_name\..*\.arn/);
  });
  it("an endpoint outside the environment's accounts turns on external principals", () => {
    const ext = JSON.parse(platformText(env(withPrivate((x) => x.privateApis.endpoints.push({ name: "partner", id: PARTNER_VPCE, account: "999999999999", reason: "auditor's VPC, contract 2026-11" })))));
    expect(one(ext, "aws_ram_resource_share").allow_external_principals).toBe(true);
  });
  it("stays app-agnostic: adding, removing or narrowing a private app leaves the platform byte-identical", () => {
    const base = platformText(e);
    expect(platformText(env(withPrivate((x) => x.apps.pop())))).toBe(base);
    expect(platformText(env(withPrivate((x) => (x.apps[2].allowedEndpoints = ["orders-vpc"]))))).toBe(base);
    // not vacuous: an endpoint change does change it
    expect(platformText(env(withPrivate((x) => x.privateApis.endpoints.pop())))).not.toBe(base);
    expect(base).not.toContain("ledger");
  });
  it("no private domain configured: none synthesized", () => {
    const bare = JSON.parse(platformText(env(withPrivate((x) => delete x.privateApis.domain))));
    expect(Object.values<Json>(bare.resource.aws_api_gateway_domain_name)).toHaveLength(1);
    expect(bare.resource.aws_ram_resource_share).toBeUndefined();
  });
});

describe("policy pack on the synthesized stacks", () => {
  const e = env(withPrivate());
  const stacks = [
    { name: "dev-platform", json: JSON.parse(platformText(e)) },
    { name: "dev-app-ledger", json: appJson(e, "ledger") },
  ];
  it("reports no error (APIG-026 satisfied, APIG-008 and APIG-015 exempt the private endpoint type)", () => {
    const errors = runPolicyPack(stacks, { environment: "dev", isProd: false }).findings.filter((f) => f.severity === "error");
    expect(errors).toEqual([]);
  });
  it("not vacuous: the allow-all policy of a public API on a PRIVATE endpoint is an AOA-APIG-026 error", () => {
    const broken = JSON.parse(JSON.stringify(stacks[1].json));
    one(broken, "aws_api_gateway_rest_api_policy").policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/live/*" }] });
    const ids = runPolicyPack([{ name: "dev-app-ledger", json: broken }], { environment: "dev", isProd: false }).findings.filter((f) => f.severity === "error").map((f) => f.ruleId);
    expect(ids).toContain("AOA-APIG-026");
  });
});

describe("route map", () => {
  it("shows a private app's URL on the private domain", () => {
    const map = JSON.stringify(buildRouteMap(env(withPrivate())));
    expect(map).toContain("https://api.internal.dev.acme-example.com/ledger");
  });
});
