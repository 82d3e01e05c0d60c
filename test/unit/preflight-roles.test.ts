/**
 * Preflight checks each pipeline role it is given: `--role deploy` (default), `--role planner`, or
 * both. The planner's targets are `accounts.plannerRoleName` in every account, and an AccessDenied
 * names the subjects the planner trusts (pull requests, <env>-readonly), not the deploy subject.
 */
import { explainError, parsePreflightArgs, preflightTargets, pipelineRoleName } from "../../ops/preflight";
import { UsageError } from "../../cli";
import { devEnv } from "./helpers";

const env = devEnv();

describe("preflight --role", () => {
  it("parses one, several (repeated or comma list) and refuses unknown roles or ambiguous overrides", () => {
    expect(parsePreflightArgs(["--env", "dev"]).roles).toBeUndefined();
    expect(parsePreflightArgs(["--env", "dev", "--role", "planner"]).roles).toEqual(["planner"]);
    expect(parsePreflightArgs(["--env", "dev", "--role", "deploy,planner"]).roles).toEqual(["deploy", "planner"]);
    expect(parsePreflightArgs(["--env", "dev", "--role", "planner", "--role", "deploy"]).roles).toEqual(["planner", "deploy"]);
    expect(() => parsePreflightArgs(["--env", "dev", "--role", "admin"])).toThrow(UsageError);
    expect(() => parsePreflightArgs(["--env", "dev", "--role", "admin"])).toThrow(/--role must be deploy or planner \(got 'admin'\)/);
    expect(() => parsePreflightArgs(["--env", "dev", "--role", "deploy,planner", "--role-name", "x"])).toThrow(/with a single --role/);
  });

  it("targets the planner role in every account", () => {
    expect(pipelineRoleName(env, "planner")).toBe("aoa-planner");
    expect(preflightTargets(env, { role: "planner" }).map((t) => t.roleArn)).toEqual([
      "arn:aws:iam::111111111111:role/aoa-planner",
      "arn:aws:iam::222222222222:role/aoa-planner",
      "arn:aws:iam::333333333333:role/aoa-planner",
    ]);
    expect(preflightTargets(env).map((t) => t.roleArn)[0]).toBe("arn:aws:iam::111111111111:role/aoa-deployer");
  });

  it("an AccessDenied on the planner names the planner's subjects and chain, never the deploy subject", () => {
    const target = preflightTargets(env, { role: "planner" })[1];
    const denied = Object.assign(new Error("not authorized"), { name: "AccessDenied" });
    const r = explainError(denied, { env, region: "eu-west-1", endpoint: "x", phase: "assume-role", target, role: "planner" });
    expect(r.status).toBe("access-denied");
    expect(r.message).toContain('"repo:acme/api-front-door:pull_request"');
    expect(r.message).toContain('"repo:acme/api-front-door:environment:dev-readonly"');
    expect(r.message).toContain("arn:aws:iam::111111111111:role/aoa-planner (role chaining)");
    expect(r.message).not.toContain("environment:dev\"");
    const d = explainError(denied, { env, region: "eu-west-1", endpoint: "x", phase: "assume-role", target: preflightTargets(env)[1] });
    expect(d.message).toContain('"repo:acme/api-front-door:environment:dev"');
    expect(d.message).not.toContain("pull_request");
  });
});
