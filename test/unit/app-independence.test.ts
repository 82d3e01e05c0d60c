/**
 * Each app is its own deployable unit: adding, changing or removing an app changes that app's
 * stack (and the bootstrap only when an account joins or leaves), never the platform stack or
 * another app's stack. Compared byte for byte on the synthesized Terraform JSON.
 */
import { Testing, App } from "cdktf";
import { validateEnvironment } from "../../config/load";
import type { Environment, EnvironmentInput } from "../../config/schema";
import { PlatformStack } from "../../stacks/platform-stack";
import { AppStack } from "../../stacks/app-stack";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { apiSearchExpression, platformDashboardBody } from "../../modules/platform-dashboard";
import { devFixture, fixtureInput } from "../fixtures/env";
import { fakeBundle } from "./helpers";
import { addInventoryApp } from "../governance/helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const bundle = fakeBundle();

function valid(input: EnvironmentInput): Environment {
  const r = validateEnvironment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
}
const synth = (make: (app: App) => unknown): string => {
  const app = Testing.app();
  return Testing.synth(make(app) as never);
};
const platform = (env: Environment) => synth((app) => new PlatformStack(app, { environment: env, authorizerBundle: bundle, projectRoot: "/project" }));
const appStack = (env: Environment, name: string) => synth((app) => new AppStack(app, { environment: env, app: env.apps.find((a) => a.name === name)!, projectRoot: "/project" }));
const bootstrap = (env: Environment) => synth((app) => new BootstrapStack(app, { environment: env, projectRoot: "/project" }));

const base = valid(devFixture());
const added = valid(devFixture(addInventoryApp));
const removed = valid(devFixture((e: Raw) => e.apps.splice(1, 1)));
/** inventory in orders' account: no new account. */
const sameAccount = valid(
  devFixture((e: Raw) => {
    addInventoryApp(e);
    e.apps[2].account = e.apps[0].account;
    e.apps[2].backend.albArn = e.apps[2].backend.albArn.replace("444444444444", e.apps[0].account);
  }),
);

describe("the platform stack does not know the app list", () => {
  it("is byte-identical with two, three (new account), three (same account) and one app", () => {
    const want = platform(base);
    for (const env of [added, sameAccount, removed]) expect(platform(env)).toBe(want);
  });

  it("is byte-identical for 1, 5 and 20 generated apps", () => {
    const at = (n: number) => platform(valid(fixtureInput({ apps: n, name: "fx" })));
    const one = at(1);
    expect(at(5)).toBe(one);
    expect(at(20)).toBe(one);
  });

  it("the comparison is not vacuous: a platform setting does change it", () => {
    expect(platform(valid(devFixture((e: Raw) => (e.edge.waf.rateLimitPerIp = 3000))))).not.toBe(platform(base));
  });

  it("names no app anywhere in its Terraform", () => {
    const json = platform(added);
    for (const app of added.apps) expect(json).not.toContain(app.name);
  });
});

describe("the platform dashboard is app-agnostic (metric search over the API name prefix)", () => {
  const body = platformDashboardBody({ apiNamePrefix: "acme-dev", region: "eu-west-1" }) as { widgets: Raw[] };
  const graphs = body.widgets.filter((w) => w.type === "metric");

  it("graphs requests, p99 latency, 4XX and 5XX — each one search expression, one line per app API", () => {
    expect(graphs.map((g) => g.properties.metrics[0][0].expression.match(/MetricName="(\w+)"/)[1]).sort()).toEqual(["4XXError", "5XXError", "Count", "Latency"]);
    for (const g of graphs) {
      const e: string = g.properties.metrics[0][0].expression;
      expect(e).toMatch(/^SEARCH\('\{AWS\/ApiGateway,ApiName,Stage\} MetricName="\w+" ApiName=acme-dev Stage="live"', '(Sum|p99)', (60|300)\)$/);
      expect(g.properties.region).toBe("eu-west-1");
    }
  });

  it("is the body the platform stack deploys", () => {
    const json = JSON.parse(platform(base));
    const dash = Object.values<Raw>(json.resource.aws_cloudwatch_dashboard)[0];
    expect(JSON.parse(dash.dashboard_body)).toEqual(platformDashboardBody({ apiNamePrefix: "acme-dev", region: "eu-west-1" }));
  });

  it("the search follows the prefix and the stage", () => {
    expect(apiSearchExpression({ apiNamePrefix: "acme-qa", region: "us-east-1", stageName: "v2" }, "Count", "Sum", 60)).toBe(
      `SEARCH('{AWS/ApiGateway,ApiName,Stage} MetricName="Count" ApiName=acme-qa Stage="v2"', 'Sum', 60)`,
    );
  });
});

describe("another app's stack does not change", () => {
  it("orders is byte-identical when inventory is added (new or shared account) or payments removed", () => {
    const want = appStack(base, "orders");
    for (const env of [added, sameAccount, removed]) expect(appStack(env, "orders")).toBe(want);
  });
  it("payments is byte-identical when inventory is added", () => {
    expect(appStack(added, "payments")).toBe(appStack(base, "payments"));
  });
  it("not vacuous: changing orders changes orders", () => {
    expect(appStack(valid(devFixture((e: Raw) => (e.apps[0].version = "9.9.9"))), "orders")).not.toBe(appStack(base, "orders"));
  });
});

describe("the bootstrap changes only when an account joins or leaves", () => {
  it("an app added to an existing workload account leaves it byte-identical", () => {
    expect(bootstrap(sameAccount)).toBe(bootstrap(base));
  });
  it("an app in a new account adds that account's deploy and planner roles (and the shared deployer may chain into it)", () => {
    const before = JSON.parse(bootstrap(base));
    const after = JSON.parse(bootstrap(added));
    const names = (j: Raw) => Object.values(j.resource.aws_iam_role).map((r: Raw) => `${r.provider}:${r.name}`);
    const extra = names(after).filter((n) => !names(before).includes(n));
    expect(extra.map((n) => n.split(":")[1]).sort()).toEqual(["aoa-deployer", "aoa-planner"]);
    expect(JSON.stringify(after.provider.aws)).toContain("444444444444");
    expect(JSON.stringify(before.provider.aws)).not.toContain("444444444444");
  });
});
