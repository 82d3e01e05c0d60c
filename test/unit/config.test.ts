import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, listEnvironmentFiles, loadEnvironmentFile, loadEnvironments, validateEnvironment } from "../../config/load";
import { devInput } from "./helpers";
import { UNKNOWN_ENV, knownEnvironments, knownEnvironmentsPattern } from "../fixtures/user-envs";

function problems(edit: (e: any) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = validateEnvironment(devInput(edit));
  return r.ok ? [] : r.problems;
}
function paths(edit: (e: any) => void): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return problems(edit).map((p) => p.path);
}

describe("built-in environments", () => {
  it("all load and validate", () => {
    const envs = loadEnvironments(listEnvironmentFiles());
    // whatever environments/ holds (the user's data): each file's environment is named like the file
    expect(envs.map((e) => e.name).sort()).toEqual(knownEnvironments().split(", ").filter(Boolean));
  });
  it("the unchanged dev input is valid (the baseline every failing case below departs from)", () => {
    expect(problems(() => {})).toEqual([]);
  });
  it("fills defaults", () => {
    const r = validateEnvironment(devInput());
    if (!r.ok) throw new Error("invalid");
    expect(r.env.accounts.deployRoleName).toBe("aoa-deployer");
    expect(r.env.edge.waf.rateLimitPerIp).toBe(2000);
    expect(r.env.edge.authorizer.resultTtlSeconds).toBe(300);
    expect(r.env.apps[0].backend).toMatchObject({ kind: "alb", healthCheckPath: "/health" });
  });
});

describe("each rule rejects a bad value, naming the field path and the value", () => {
  const cases: [string, (e: any) => void, string, RegExp?][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ["account id as a number", (e) => (e.accounts.sharedServices = 111111111111), "accounts.sharedServices", /12 digits/],
    ["account id of 11 digits", (e) => (e.apps[0].account = "22222222222"), "apps[0].account", /12 digits/],
    ["app in the shared-services account", (e) => { e.apps[0].account = "111111111111"; e.apps[0].backend.albArn = e.apps[0].backend.albArn.replace("222222222222", "111111111111"); }, "apps[0].account", /shared-services/],
    ["duplicate app names", (e) => (e.apps[1].name = "orders"), "apps[1].name", /duplicate/],
    ["equal base paths", (e) => (e.apps[1].basePath = "orders"), "apps[1].basePath", /same base path/],
    ["nested base path without opt-in", (e) => (e.apps[1].basePath = "orders/admin"), "apps[1].basePath", /nested/],
    ["reserved base path", (e) => (e.apps[0].basePath = "ping"), "apps[0].basePath", /reserved/],
    ["leading slash", (e) => (e.apps[0].basePath = "/orders"), "apps[0].basePath", /start or end/],
    ["trailing slash", (e) => (e.apps[0].basePath = "orders/"), "apps[0].basePath", /start or end/],
    ["bad characters", (e) => (e.apps[0].basePath = "ord ers"), "apps[0].basePath", /segments/],
    ["empty segment", (e) => (e.apps[0].basePath = "orders//v1"), "apps[0].basePath", /empty/],
    ["domain outside the zone", (e) => (e.domain.name = "api.other-example.com"), "domain.name", /under the hosted zone/],
    ["extra name outside the zone", (e) => (e.domain.extraNames = ["x.other-example.com"]), "domain.extraNames[0]", /under the hosted zone/],
    ["negative throttle", (e) => (e.edge.throttling.rateLimit = -1), "edge.throttling.rateLimit", /negative/],
    ["throttle above the account limit", (e) => (e.edge.throttling.burstLimit = 6000), "edge.throttling.burstLimit", /account limit/],
    ["stage rates adding up above the account limit", (e) => { e.apps[0].throttling = { rateLimit: 9000, burstLimit: 100 }; e.apps[1].throttling = { rateLimit: 2000, burstLimit: 100 }; }, "apps", /add up/],
    ["route neither public nor scoped", (e) => delete e.apps[0].routes[0].scopes, "apps[0].routes[0]", /declared public/],
    ["public route without a reason", (e) => (e.apps[0].routes[3].public = { reason: "" }), "apps[0].routes[3].public.reason", /why/],
    ["route both public and scoped", (e) => (e.apps[0].routes[3].scopes = ["x"]), "apps[0].routes[3].public", /not both/],
    ["duplicate route", (e) => e.apps[0].routes.push({ ...e.apps[0].routes[0] }), "apps[0].routes[4]", /duplicate route/],
    ["bad route path", (e) => (e.apps[0].routes[0].path = "orders"), "apps[0].routes[0].path", /start with/],
    ["platform subnets in one AZ", (e) => (e.network.subnets[1].az = "eu-west-1a"), "network.subnets", /two Availability Zones/],
    ["one platform subnet", (e) => e.network.subnets.pop(), "network.subnets", /two Availability Zones/],
    ["app subnets in one AZ", (e) => (e.apps[1].backend.subnets[0].az = "eu-west-1b"), "apps[1].backend.subnets", /two Availability Zones/],
    ["duplicate ingress ports", (e) => (e.apps[1].ingressPort = 10001), "apps[1].ingressPort", /already reserved/],
    ["ingress port outside the range", (e) => (e.apps[1].ingressPort = 20000), "apps[1].ingressPort", /inside network.ingressPorts/],
    ["ALB in another account", (e) => (e.apps[0].backend.albArn = e.apps[0].backend.albArn.replace("222222222222", "333333333333")), "apps[0].backend.albArn", /app's account/],
    ["ALB in another region", (e) => (e.apps[0].backend.albArn = e.apps[0].backend.albArn.replace("eu-west-1", "us-east-1")), "apps[0].backend.albArn", /region/],
    ["not an ALB ARN", (e) => (e.apps[0].backend.albArn = "arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/net/x/1"), "apps[0].backend.albArn", /ALB ARN/],
    ["unknown field (typo)", (e) => (e.edge.throtling = {}), "edge.throtling", /unknown field/],
    ["bad version", (e) => (e.apps[0].version = "v1"), "apps[0].version", /semantic version/],
    ["log retention not allowed by CloudWatch", (e) => (e.edge.logRetentionDays = 31), "edge.logRetentionDays", /one of/],
    ["backend timeout above 29 s", (e) => (e.apps[0].backend.timeoutMs = 30000), "apps[0].backend.timeoutMs", /29000/],
    ["issuer not https", (e) => (e.edge.authorizer.issuer = "http://login.example.com"), "edge.authorizer.issuer", /https/],
    ["OPTIONS route with generated CORS", (e) => e.apps[0].routes.push({ method: "OPTIONS", path: "/", public: { reason: "custom preflight handler" } }), "apps[0].routes[4].method", /CORS/],
    ["pipeline with both GitHub and a principal", (e) => (e.accounts.pipeline.principalArn = "arn:aws:iam::111111111111:role/ci"), "accounts.pipeline", /exactly one/],
    ["pipeline with neither", (e) => (e.accounts.pipeline = {}), "accounts.pipeline", /exactly one/],
    ["pipeline principal with a wildcard", (e) => (e.accounts.pipeline = { principalArn: "arn:aws:iam::111111111111:role/*" }), "accounts.pipeline.principalArn", /one IAM role ARN/],
    ["suppression without reason", (e) => (e.suppressions = [{ rule: "AOA-X", resource: "*", reason: "" }]), "suppressions[0].reason", /reason/],
  ];
  it.each(cases)("%s", (_name, edit, expectedPath, message) => {
    const found = problems(edit);
    const hit = found.find((p) => p.path === expectedPath);
    expect(hit).toBeDefined();
    if (message) expect(hit!.message).toMatch(message);
  });

  it("nested base path with the explicit opt-in is accepted", () => {
    expect(paths((e) => { e.apps[1].basePath = "orders/admin"; e.apps[1].allowNestedBasePath = true; })).toEqual([]);
  });
});

describe("prod rules", () => {
  const prodEdit = (e: any) => { e.tier = "prod"; e.edge.logRetentionDays = 365; e.apps[0].cors.allowOrigins = ["https://shop.example.com"]; }; // eslint-disable-line @typescript-eslint/no-explicit-any
  it("a compliant prod config passes", () => expect(paths(prodEdit)).toEqual([]));
  it("the WAF cannot be switched off (no such field), in prod or elsewhere", () => expect(paths((e) => { prodEdit(e); e.edge.waf = { enabled: false }; })).toContain("edge.waf.enabled"));
  it("prod with CORS origin *", () => expect(paths((e) => { prodEdit(e); e.apps[0].cors.allowOrigins = ["*"]; })).toContain("apps[0].cors.allowOrigins[0]"));
  it("prod with short log retention", () => expect(paths((e) => { prodEdit(e); e.edge.logRetentionDays = 90; })).toContain("edge.logRetentionDays"));
  it("prod on the emulator", () => expect(paths((e) => { prodEdit(e); e.emulator = true; })).toContain("emulator"));
  it("the same CORS wildcard is allowed outside prod", () => expect(paths((e) => (e.apps[0].cors.allowOrigins = ["*"]))).toEqual([]));
});

describe("a config with ten different mistakes", () => {
  const tenMistakes = (e: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    e.accounts.sharedServices = 111111111111; // 1
    e.apps[1].name = "orders"; // 2
    e.apps[1].basePath = "/orders/"; // 3
    e.domain.name = "api.elsewhere-example.com"; // 4
    e.edge.throttling.rateLimit = -5; // 5
    delete e.apps[0].routes[1].scopes; // 6
    e.network.subnets[1].az = "eu-west-1a"; // 7
    e.apps[1].ingressPort = 10001; // 8
    e.apps[0].version = "latest"; // 9
    e.edge.logRetentionDays = 42; // 10
  };
  it("lists all ten field paths at once", () => {
    const found = new Set(paths(tenMistakes));
    for (const p of ["accounts.sharedServices", "apps[1].name", "apps[1].basePath", "domain.name", "edge.throttling.rateLimit", "apps[0].routes[1]", "network.subnets", "apps[1].ingressPort", "apps[0].version", "edge.logRetentionDays"]) {
      expect(found).toContain(p);
    }
  });
  it("the error message names paths and values", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-cfg-")), "broken.json");
    fs.writeFileSync(file, JSON.stringify(devInput(tenMistakes)));
    let err: unknown;
    try {
      loadEnvironmentFile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/apps\[1\]\.basePath: must not start or end with '\/' \(got "\/orders\/"\)/);
    expect(msg).toMatch(/accounts\.sharedServices: .*\(got 111111111111\)/);
    expect((err as ConfigError).problems.length).toBeGreaterThanOrEqual(10);
  });
});

describe("JSON environment files", () => {
  it("load with the same validation", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-cfg-")), "generated.json");
    fs.writeFileSync(file, JSON.stringify(devInput((e) => (e.name = "gen"))));
    expect(loadEnvironmentFile(file).name).toBe("gen");
  });
  it("report invalid JSON clearly", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-cfg-")), "bad.json");
    fs.writeFileSync(file, "{ nope");
    expect(() => loadEnvironmentFile(file)).toThrow(/not valid JSON/);
  });
});

describe("choosing environments", () => {
  it("an unknown environment name is a usage error naming the known ones", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { environmentFiles } = require("../../synth");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { UsageError } = require("../../cli");
    expect(() => environmentFiles({ envNames: [UNKNOWN_ENV] })).toThrow(UsageError);
    expect(() => environmentFiles({ envNames: [UNKNOWN_ENV] })).toThrow(new RegExp(`unknown environment '${UNKNOWN_ENV}' \\(known: ${knownEnvironmentsPattern()}\\)`));
    expect(environmentFiles({ envNames: ["dev"] })).toHaveLength(1);
  });
});
