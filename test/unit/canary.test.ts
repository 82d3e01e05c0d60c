/**
 * Canary releases (config/canary.ts, modules/canary-deployment.ts): validation with field paths
 * and AWS's bounds, what the canary serves (the canary version's routes) and what the stage keeps
 * serving (the pin's), in the synthesized stack.
 */
import { Testing } from "cdktf";
import { validateEnvironment } from "../../config/load";
import { canaryLine, canaryOf } from "../../config/canary";
import type { Environment } from "../../config/schema";
import { AppStack } from "../../stacks/app-stack";
import { versionedFixture } from "../fixtures/env";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const withCanary = (pin: string, canary: Raw, edit?: (o: Raw, e: Raw) => void) =>
  versionedFixture(pin, (e) => {
    const o = e.apps.find((a: Raw) => a.name === "orders");
    o.canary = canary;
    edit?.(o, e);
  });
function ok(input: unknown): Environment {
  const r = validateEnvironment(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.env;
}
function problems(input: unknown) {
  const r = validateEnvironment(input);
  if (r.ok) throw new Error("expected the environment to be refused");
  return r.problems.map((p) => `${p.path}: ${p.message} (got ${JSON.stringify(p.value)})`);
}
const orders = (e: Environment) => e.apps.find((a) => a.name === "orders")!;
const synth = (e: Environment): Raw => JSON.parse(Testing.synth(new AppStack(Testing.app(), { environment: e, app: orders(e) })));
const ops = (body: string) => Object.entries(JSON.parse(body).paths).flatMap(([p, m]: [string, Raw]) => Object.keys(m).filter((k) => k !== "options").map((k) => `${k.toUpperCase()} ${p}`)).sort();

describe("canary validation", () => {
  it("accepts a later release with AWS's percent bounds 0.0-100.0 (doubles)", () => {
    for (const p of [0, 0.5, 10, 100]) expect(orders(ok(withCanary("1.0.0", { version: "1.1.0", percentTraffic: p }))).canary?.percentTraffic).toBe(p);
  });

  it("refuses percent outside 0.0-100.0 with the field path", () => {
    expect(problems(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 100.5 }))).toEqual([expect.stringMatching(/^apps\[0\]\.canary\.percentTraffic: must be between 0\.0 and 100\.0 \(got 100\.5\)/)]);
    expect(problems(withCanary("1.0.0", { version: "1.1.0", percentTraffic: -1 }))[0]).toMatch(/apps\[0\]\.canary\.percentTraffic/);
  });

  it("refuses the pinned version, an older one and an undeclared one", () => {
    expect(problems(withCanary("1.1.0", { version: "1.1.0", percentTraffic: 10 }))).toEqual([expect.stringContaining("apps[0].canary.version: must be a later release than the pinned version (1.1.0)")]);
    expect(problems(withCanary("1.1.0", { version: "1.0.0", percentTraffic: 10 }))[0]).toContain("later release");
    expect(problems(withCanary("1.0.0", { version: "3.0.0", percentTraffic: 10 }))[0]).toContain("apps[0].canary.version: must name a release of app 'orders' (declared: 1.0.0, 1.1.0, 2.0.0)");
  });

  it("refuses a canary on an unversioned app", () => {
    const input = versionedFixture("1.0.0", (e) => {
      const p = e.apps.find((a: Raw) => a.name === "payments");
      if (p) p.canary = { version: "9.9.9", percentTraffic: 5 };
    });
    const list = problems(input);
    expect(list.some((l) => /^apps\[\d\]\.canary\.version: a canary serves another release of the app: the app declares no releases/.test(l))).toBe(true);
  });

  it("refuses a route whose scopes change between the versions (one authorizer table per API and stage)", () => {
    expect(problems(withCanary("1.1.0", { version: "2.0.0", percentTraffic: 10 }))).toEqual([expect.stringContaining("apps[0].canary.version: GET /{orderId} changes its scopes or public-ness between 1.1.0 and 2.0.0")]);
  });

  it("useStageCache needs a stage cache, and no cached route may differ between the versions", () => {
    expect(problems(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 10, useStageCache: true }))).toEqual([expect.stringContaining("apps[0].canary.useStageCache: the stage has no cache to share")]);
    const cached = (o: Raw) => {
      o.cache = { sizeGb: "0.5" };
      o.routes[0] = { ...o.routes[0], cache: { headers: ["Authorization"] }, changes: [{ since: "1.1.0", set: { cache: { ttlSeconds: 30, headers: ["Authorization"] } } }] };
    };
    expect(problems(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 10, useStageCache: true }, cached))).toEqual([expect.stringContaining("apps[0].canary.useStageCache: the canary and the stage would share cache entries of routes that differ between 1.0.0 and 1.1.0 (GET /)")]);
    expect(orders(ok(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 10, useStageCache: false }, cached))).canary?.useStageCache).toBe(false);
  });

  it("validates what the canary serves: a problem only at the canary's version is reported under canary.version", () => {
    // a cached route without Authorization as a key is refused (gateway-rules) — here only from 1.1.0 on
    const edit = (o: Raw) => {
      o.cache = { sizeGb: "0.5" };
      o.routes[0] = { ...o.routes[0], cache: { headers: ["Authorization"] }, changes: [{ since: "1.1.0", set: { cache: {} } }] };
    };
    const list = problems(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 10 }, edit));
    expect(list.length).toBeGreaterThan(0);
    for (const l of list) expect(l).toMatch(/^apps\[0\]\.canary\.version: at 1\.1\.0: apps\[0\]\.routes\[0\]\.cache/);
    expect(() => ok(versionedFixture("1.0.0", (e) => edit(e.apps.find((a: Raw) => a.name === "orders"))))).not.toThrow(); // the pin alone is valid
  });

  it("refuses unknown fields and bad stage variables", () => {
    const list = problems(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 10, weight: 3, stageVariableOverrides: { "bad-name": "x", ok: "spaces are not allowed" } }));
    expect(list).toEqual(expect.arrayContaining([expect.stringContaining("apps[0].canary.weight: unknown field"), expect.stringContaining("apps[0].canary.stageVariableOverrides[\"bad-name\"]"), expect.stringContaining("apps[0].canary.stageVariableOverrides.ok")]));
  });

  it("the environment's JSON stays the config as written (the resolved app is not enumerable)", () => {
    const e = ok(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 10 }));
    expect(JSON.parse(JSON.stringify(orders(e).canary))).toEqual({ version: "1.1.0", percentTraffic: 10, stageVariableOverrides: {}, useStageCache: false });
    expect(canaryOf(orders(e))!.app.routes.map((r) => `${r.method} ${r.path}`)).toContain("POST /");
    expect(canaryLine(orders(e).canary!)).toBe("canary 10 % → version 1.1.0");
  });
});

describe("canary in the app stack", () => {
  const plain = synth(ok(versionedFixture("1.0.0")));
  const json = synth(ok(withCanary("1.0.0", { version: "1.1.0", percentTraffic: 10, stageVariableOverrides: { backend: "canary" } })));
  const deployments = json.resource.aws_api_gateway_deployment;
  const [mainId, canaryId] = [Object.keys(deployments).find((k) => !k.includes("canary"))!, Object.keys(deployments).find((k) => k.includes("canary"))!];
  const stage: Raw = Object.values(json.resource.aws_api_gateway_stage)[0];
  const api: Raw = Object.values(json.resource.aws_api_gateway_rest_api)[0];

  it("the stage keeps its deployment and points its canary settings at a second deployment", () => {
    expect(stage.deployment_id).toBe(`\${aws_api_gateway_deployment.${mainId}.id}`);
    expect(stage.canary_settings).toEqual({ deployment_id: `\${aws_api_gateway_deployment.${canaryId}.id}`, percent_traffic: 10, stage_variable_overrides: { backend: "canary" }, use_stage_cache: false });
    expect((Object.values(plain.resource.aws_api_gateway_stage)[0] as Raw).canary_settings).toBeUndefined();
  });

  it("the API's definition is the canary version's; the main deployment's trigger hashes the pin's body", () => {
    expect(ops(api.body)).toContain("POST /");
    const mainBody: string = (Object.values(plain.resource.aws_api_gateway_rest_api)[0] as Raw).body;
    expect(ops(mainBody)).not.toContain("POST /");
    const local = Object.entries(json.locals ?? {}).find(([k]) => k.includes("main-body"));
    expect(local?.[1]).toBe(mainBody);
    expect(deployments[mainId].triggers.redeployment).toBe(`\${sha1(jsonencode([local.${local![0]}, aws_api_gateway_rest_api_policy.${Object.keys(json.resource.aws_api_gateway_rest_api_policy)[0]}.policy]))}`);
    expect(deployments[canaryId].triggers.redeployment).toContain("aws_api_gateway_rest_api.");
  });

  it("both deployments have the same arguments but the trigger (a promotion moves the canary's to the main address)", () => {
    const strip = ({ triggers: _t, ...rest }: Raw) => rest; // eslint-disable-line @typescript-eslint/no-unused-vars
    expect(strip(deployments[canaryId])).toEqual(strip(deployments[mainId]));
  });

  it("the authorizer's table has the routes of both versions", () => {
    const table = JSON.parse((Object.values(json.resource.aws_ssm_parameter) as Raw[]).find((p) => String(p.value).includes('"routes"')).value);
    expect(table.routes.map((r: Raw) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(["POST /", "GET /legacy"]));
  });

  it("without a canary the stack is what it was (same trigger expression)", () => {
    const d: Raw = Object.values(plain.resource.aws_api_gateway_deployment);
    expect(d).toHaveLength(1);
    expect(d[0].triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[aws_api_gateway_rest_api\./);
  });
});

describe("npm run canary: the environment file edit", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { editedSource, removeCanaryBlock } = require("../../ops/canary");
  const fs = require("node:fs"); // eslint-disable-line @typescript-eslint/no-require-imports
  const file = require("node:path").join(__dirname, "../../environments/dev.ts"); // eslint-disable-line @typescript-eslint/no-require-imports
  const src: string = fs.readFileSync(file, "utf8");
  const dev = (() => {
    const { loadEnvironmentFile } = require("../../config/load"); // eslint-disable-line @typescript-eslint/no-require-imports
    return loadEnvironmentFile(file);
  })();

  it("promote: the pin becomes the canary's version and the canary block (and its comment) is gone; nothing else changes", () => {
    const next: string = editedSource("promote", file, src, dev, "notifications");
    expect(next).not.toMatch(/canary\s*:/);
    expect(next).toContain('version: "0.4.0"');
    const removed = src.split("\n").filter((l) => !next.split("\n").includes(l));
    expect(removed.map((l) => l.trim())).toEqual(['version: "0.3.0",', expect.stringMatching(/^\/\/ 10 %/), 'canary: { version: "0.4.0", percentTraffic: 10 },']);
  });

  it("rollback: only the canary block goes", () => {
    const next: string = editedSource("rollback", file, src, dev, "notifications");
    expect(next).toContain('version: "0.3.0"');
    expect(next.split("\n").length).toBe(src.split("\n").length - 2);
  });

  it("JSON files and a missing block", () => {
    const json = JSON.stringify({ apps: [{ name: "a", version: "1.0.0", canary: { version: "1.1.0", percentTraffic: 5 } }] }, null, 2);
    expect(JSON.parse(removeCanaryBlock("x.json", json, "a")).apps[0]).toEqual({ name: "a", version: "1.0.0" });
    expect(() => removeCanaryBlock(file, src, "orders")).toThrow(/no `canary: \{ ... \}` member/);
  });
});

describe("plan summary", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { routeChanges } = require("../../ops/plan-routes");
  const stage = (before: Raw, after: Raw) => ({ type: "aws_api_gateway_stage", change: { actions: ["update"], before: { canary_settings: before }, after: { canary_settings: after } } });
  it("says `canary 10 % → version 1.5.0` when a canary is added, and when it goes", () => {
    expect(routeChanges({ resource_changes: [stage([], [{ percent_traffic: 10 }])], output_changes: { canary: { before: null, after: { version: "1.5.0" } } } })).toEqual(["canary 10 % → version 1.5.0"]);
    expect(routeChanges({ resource_changes: [stage([{ percent_traffic: 10 }], [])], output_changes: { canary: { before: { version: "1.5.0" }, after: null } } })).toEqual(["canary removed (version 1.5.0: promoted or rolled back)"]);
    expect(routeChanges({ resource_changes: [stage([{ percent_traffic: 10 }], [{ percent_traffic: 10 }])], output_changes: { canary: { before: { version: "1.5.0" }, after: { version: "1.5.0" } } } })).toEqual([]);
  });
});
