/**
 * Readable plans: the route-level summary of an app stack's plan (ops/plan-routes.ts), from the
 * API body, the authorizer's route table and per-route throttling before/after; and the
 * attribute-level text split per resource (ops/plan-text.ts).
 */
import { routeChanges, routeOfMethodPath } from "../../ops/plan-routes";
import * as fs from "node:fs";
import * as path from "node:path";
import { consolePlanText, planBlocks } from "../../ops/plan-text";

const integ = (uri: string) => ({ "x-amazon-apigateway-integration": { type: "http_proxy", uri }, security: [{ jwt: [] }] });
const body = (paths: Record<string, Record<string, unknown>>) => JSON.stringify({ openapi: "3.0.1", paths });
const table = (routes: { method: string; path: string; scopes: string[] }[]) => JSON.stringify({ version: 1, app: "orders", routes });
const update = (type: string, before: unknown, after: unknown, extra: Record<string, unknown> = {}) => ({ type, address: `${type}.x`, change: { actions: ["update"], before, after, after_unknown: {}, ...extra } });

const beforeBody = body({ "/": { get: integ("https://o/orders"), post: integ("https://o/orders"), options: { "x-amazon-apigateway-integration": { type: "mock" } } }, "/{orderId}": { get: integ("https://o/orders/{orderId}") } });
const beforeTable = table([{ method: "GET", path: "/", scopes: ["orders:read"] }, { method: "POST", path: "/", scopes: ["orders:write"] }, { method: "GET", path: "/{orderId}", scopes: ["orders:read"] }]);

describe("route-level plan summary", () => {
  it("a new route, with its scopes", () => {
    const afterBody = body({ ...JSON.parse(beforeBody).paths, "/{orderId}": { get: integ("https://o/orders/{orderId}"), delete: integ("https://o/orders/{orderId}") } });
    const afterTable = table([...JSON.parse(beforeTable).routes, { method: "DELETE", path: "/{orderId}", scopes: ["orders:write"] }]);
    const plan = { resource_changes: [update("aws_api_gateway_rest_api", { body: beforeBody }, { body: afterBody }), update("aws_ssm_parameter", { value: beforeTable }, { value: afterTable })] };
    expect(routeChanges(plan)).toEqual(["+ DELETE /{orderId} scopes orders:write"]);
  });

  it("a removed route, changed scopes, a changed integration; CORS preflight is left out", () => {
    const afterBody = body({ "/": { get: integ("https://o/orders"), options: { "x-amazon-apigateway-integration": { type: "mock", changed: true } } }, "/{orderId}": { get: integ("https://o/v2/orders/{orderId}") } });
    const afterTable = table([{ method: "GET", path: "/", scopes: ["orders:read", "orders:admin"] }, { method: "GET", path: "/{orderId}", scopes: ["orders:read"] }]);
    const plan = { resource_changes: [update("aws_api_gateway_rest_api", { body: beforeBody }, { body: afterBody }), update("aws_ssm_parameter", { value: beforeTable }, { value: afterTable })] };
    expect(routeChanges(plan)).toEqual(["- POST /", "~ GET / scopes orders:read → orders:read, orders:admin", "~ GET /{orderId} integration changed"]);
  });

  it("throttling per route: ~ POST / throttle 50→80 rps", () => {
    const s = (rate: number, burst: number) => ({ method_path: "~1/POST", settings: [{ throttling_rate_limit: rate, throttling_burst_limit: burst }] });
    expect(routeChanges({ resource_changes: [update("aws_api_gateway_method_settings", s(50, 100), s(80, 100))] })).toEqual(["~ POST / throttle 50→80 rps"]);
    expect(routeChanges({ resource_changes: [{ type: "aws_api_gateway_method_settings", change: { actions: ["create"], before: null, after: { method_path: "{orderId}/GET", settings: [{ throttling_rate_limit: 5, throttling_burst_limit: 10 }] } } }] })).toEqual(["+ GET /{orderId} throttle 5 rps (burst 10)"]);
  });

  it("nothing for a plan without route changes (and a no-op API)", () => {
    expect(routeChanges({ resource_changes: [{ type: "aws_api_gateway_rest_api", change: { actions: ["no-op"], before: { body: beforeBody }, after: { body: beforeBody } } }] })).toEqual([]);
    expect(routeChanges({ resource_changes: [update("aws_api_gateway_rest_api", { body: beforeBody, name: "a" }, { body: beforeBody, name: "b" })] })).toEqual([]);
  });

  it("a body known only after apply is said so, not guessed", () => {
    expect(routeChanges({ resource_changes: [update("aws_api_gateway_rest_api", { body: beforeBody }, {}, { after_unknown: { body: true } })] })).toEqual(["~ the API definition is known only after apply (it depends on values not yet created)"]);
  });

  it("method paths", () => {
    expect(routeOfMethodPath("~1/POST")).toBe("POST /");
    expect(routeOfMethodPath("webhooks/{provider}/*")).toBe("ANY /webhooks/{provider}");
    expect(routeOfMethodPath("*/*")).toBe("all routes");
  });
});

const SHOW = `
Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create
  ~ update in-place

Terraform will perform the following actions:

  # aws_iam_role.r will be updated in-place
  ~ resource "aws_iam_role" "r" {
      ~ assume_role_policy = jsonencode(
          ~ {
              ~ Statement = [
                  ~ {
                      ~ Action = "sts:AssumeRole" -> "sts:AssumeRoleWithWebIdentity"
                    },
                ]
            }
        )
        id                 = "r"
    }

  # aws_ssm_parameter.p will be created
  + resource "aws_ssm_parameter" "p" {
      + value = (sensitive value)
    }

Plan: 1 to add, 1 to change, 0 to destroy.
`;

describe("attribute-level plan text", () => {
  it("one block per resource; JSON policies as jsonencode diffs; sensitive values masked by terraform", () => {
    const blocks = planBlocks(SHOW);
    expect(blocks.map((b) => [b.address, b.action])).toEqual([["aws_iam_role.r", "updated in-place"], ["aws_ssm_parameter.p", "created"]]);
    expect(blocks[0].text).toMatch(/~ Action = "sts:AssumeRole" -> "sts:AssumeRoleWithWebIdentity"/);
    expect(blocks[1].text).toMatch(/\(sensitive value\)/);
  });

  it("the console shows the changes, not every creation", () => {
    const lines = consolePlanText(planBlocks(SHOW));
    expect(lines.join("\n")).toMatch(/aws_iam_role\.r will be updated in-place/);
    expect(lines.join("\n")).not.toMatch(/aws_ssm_parameter\.p will be created/);
    expect(lines[lines.length - 1]).toBe("(+ 1 resource(s) to create, listed in the report)");
  });

  it("the plan's own output gives the blocks `terraform show <planfile>` gives (what the pipeline reads instead of a second command)", () => {
    // terraform 1.11.4, one plan (an in-place policy change, a replacement, a sensitive value, an
    // output): `plan -no-color -out=p.plan` and `show -no-color p.plan`
    const read = (f: string) => fs.readFileSync(path.join(__dirname, "..", "fixtures", "plans", f), "utf8");
    const planOut = read("plan-stdout.txt");
    const show = read("show-of-plan.txt");
    expect(planOut).not.toBe(show); // refresh lines before, "Saved the plan to" after
    expect(planOut).toMatch(/Refreshing state/);
    const blocks = planBlocks(planOut);
    expect(blocks).toEqual(planBlocks(show));
    expect(blocks.map((b) => [b.address, b.action])).toEqual([
      ["aws_iam_role.r", "updated in-place"],
      ["aws_ssm_parameter.p", "updated in-place"],
      ["aws_ssm_parameter.s", "replaced"],
    ]);
    const all = blocks.map((b) => b.text).join("\n");
    expect(all).not.toMatch(/Refreshing state|Saved the plan|Changes to Outputs/);
    expect(all).toMatch(/\(sensitive value\)/);
  });

  it("no blocks for a plan without changes", () => {
    expect(planBlocks("No changes. Your infrastructure matches the configuration.")).toEqual([]);
  });
});
