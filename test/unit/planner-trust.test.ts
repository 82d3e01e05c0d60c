/**
 * Who may assume which role, read off the synthesized bootstrap stack (moto does not check trust
 * policies across accounts, so this is where trust is proven):
 *  - deploy roles: only the environment-bound subject `repo:<repo>:environment:<env>` (+ chaining
 *    from the shared-services deploy role) — never a pull request, never the read-only environment;
 *  - planner roles: only `repo:<repo>:pull_request` and `repo:<repo>:environment:<env>-readonly`
 *    (+ chaining from the shared-services planner) — never the deploy subject;
 *  - planner policies: read actions only, state readable, no lock/state writes, no way into a deploy role.
 * Each check is also shown failing on a doctored document.
 */
import { Testing } from "cdktf";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { isReadOnlyAction, platformPlannerPolicies, readOnlyPolicies, appExposurePlannerPolicies } from "../../modules/planner-permissions";
import { plannerRoleTrust } from "../../modules/planner-role";
import { deployRoleTrust } from "../../modules/deploy-role";
import { pipelineTrust, type PipelineTrust } from "../../modules/pipeline-trust";
import type { Environment } from "../../config/schema";
import { devEnv } from "./helpers";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Doc = { Statement: Json[] };

const REPO = "acme/api-front-door";
const bootstrap = (env: Environment = devEnv()): Json => JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), { environment: env, projectRoot: "/project" })));
const roles = (json: Json, name: string): Json[] => Object.values(json.resource.aws_iam_role as Record<string, Json>).filter((r) => r.name === name);
const trust = (role: Json): Doc => JSON.parse(role.assume_role_policy);

/**
 * Every principal a trust document lets in, as `sub:<subject>` (web identity) or `arn:<role>`
 * (account root + aws:PrincipalArn). Refuses what cannot be pinned: wildcards, StringLike,
 * missing aud, a bare account root, Deny-less NotPrincipal tricks.
 */
function trustedPrincipals(doc: Doc): string[] {
  const out: string[] = [];
  for (const st of doc.Statement) {
    if (st.Effect !== "Allow") continue;
    if (st.NotPrincipal || st.NotAction) throw new Error(`${st.Sid}: NotPrincipal/NotAction in a trust policy`);
    const cond = st.Condition ?? {};
    if (Object.keys(cond).some((op) => /Like|IfExists/.test(op))) throw new Error(`${st.Sid}: pattern operators (${Object.keys(cond).join(", ")}) cannot pin a subject`);
    if (st.Action === "sts:AssumeRoleWithWebIdentity") {
      const eq = cond.StringEquals ?? {};
      if (eq["token.actions.githubusercontent.com:aud"] !== "sts.amazonaws.com") throw new Error(`${st.Sid}: aud not pinned`);
      const subs = ([] as string[]).concat(eq["token.actions.githubusercontent.com:sub"] ?? []);
      if (!subs.length) throw new Error(`${st.Sid}: sub not pinned`);
      for (const s of subs) {
        if (/[*?]/.test(s)) throw new Error(`${st.Sid}: wildcard subject ${s}`);
        out.push(`sub:${s}`);
      }
    } else if (st.Action === "sts:AssumeRole") {
      const arn = cond.ArnEquals?.["aws:PrincipalArn"];
      if (!arn || /[*?]/.test(arn)) throw new Error(`${st.Sid}: account root without one pinned principal ARN`);
      out.push(`arn:${arn}`);
    } else {
      throw new Error(`${st.Sid}: unexpected action ${JSON.stringify(st.Action)}`);
    }
  }
  return out.sort();
}

describe("trust of the deploy and planner roles (synthesized dev bootstrap)", () => {
  const json = bootstrap();

  it("deploy roles: only the environment-bound subject of the dev environment and the shared deploy role", () => {
    const deployers = roles(json, "aoa-deployer");
    expect(deployers).toHaveLength(3);
    for (const r of deployers) {
      expect(trustedPrincipals(trust(r))).toEqual(["arn:arn:aws:iam::111111111111:role/aoa-deployer", `sub:repo:${REPO}:environment:dev`]);
    }
  });

  it("planner roles: only pull requests and the reviewer-less dev-readonly environment, and the shared planner", () => {
    const planners = roles(json, "aoa-planner");
    expect(planners.map((r) => r.provider)).toEqual(["aws.shared", "aws.workload_222222222222", "aws.workload_333333333333"]);
    for (const r of planners) {
      expect(trustedPrincipals(trust(r))).toEqual(["arn:arn:aws:iam::111111111111:role/aoa-planner", `sub:repo:${REPO}:environment:dev-readonly`, `sub:repo:${REPO}:pull_request`]);
    }
  });

  it("no subject or role is trusted by both: PR code and drift can never reach a deploy role", () => {
    const deploy = new Set(roles(json, "aoa-deployer").flatMap((r) => trustedPrincipals(trust(r))));
    const plan = new Set(roles(json, "aoa-planner").flatMap((r) => trustedPrincipals(trust(r))));
    expect([...deploy].filter((p) => plan.has(p))).toEqual([]);
    expect([...deploy].some((p) => /pull_request|readonly|planner/.test(p))).toBe(false);
  });

  it("both use the account's one GitHub OIDC provider (IAM allows one per URL)", () => {
    expect(Object.keys(json.resource.aws_iam_openid_connect_provider)).toHaveLength(3);
    for (const r of roles(json, "aoa-planner")) expect(trust(r).Statement[0].Principal.Federated).toMatch(/^\$\{aws_iam_openid_connect_provider\.shared-deployer|^\$\{aws_iam_openid_connect_provider\.workload-\d+-deployer/);
  });

  it("githubReadonlyEnvironment renames the read-only environment; it may not equal the deploy environment", () => {
    const j = bootstrap(devEnv((e) => (e.accounts.pipeline.githubReadonlyEnvironment = "dev-plans")));
    expect(trustedPrincipals(trust(roles(j, "aoa-planner")[0]))).toContain(`sub:repo:${REPO}:environment:dev-plans`);
    expect(() => bootstrap(devEnv((e) => (e.accounts.pipeline.githubReadonlyEnvironment = "dev")))).toThrow(/read-only GitHub environment must differ from the deploy environment 'dev'/);
  });

  it("refuses a planner role name equal to the deploy role or inside the deployer's prefix", () => {
    expect(() => bootstrap(devEnv((e) => (e.accounts.plannerRoleName = "aoa-deployer")))).toThrow(/plannerRoleName 'aoa-deployer' must differ/);
    expect(() => bootstrap(devEnv((e) => (e.accounts.plannerRoleName = "acme-dev-planner")))).toThrow(/starts with 'acme-dev-'/);
  });

  it("the trust checker itself refuses unpinned documents", () => {
    const gh = (cond: Json) => ({ Statement: [{ Sid: "X", Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "p" }, Condition: cond }] });
    expect(() => trustedPrincipals(gh({ StringLike: { "token.actions.githubusercontent.com:sub": `repo:${REPO}:*` } }))).toThrow(/pattern operators/);
    expect(() => trustedPrincipals(gh({ StringEquals: { "token.actions.githubusercontent.com:sub": `repo:${REPO}:pull_request` } }))).toThrow(/aud not pinned/);
    expect(() => trustedPrincipals(gh({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }))).toThrow(/sub not pinned/);
    expect(() => trustedPrincipals({ Statement: [{ Sid: "R", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::1:root" } }] })).toThrow(/account root without/);
    // a deploy trust that also let pull requests in is caught by the first test's exact list
    const widened = trustedPrincipals(gh({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": [`repo:${REPO}:environment:dev`, `repo:${REPO}:pull_request`] } }));
    expect(widened).not.toEqual([`sub:repo:${REPO}:environment:dev`]);
  });

  it("plannerRoleTrust without an OIDC provider for GitHub trust is refused", () => {
    expect(() => plannerRoleTrust({ kind: "github-oidc", repository: REPO, environment: "dev", oidcProvider: "create" }, "arn:aws:iam::111111111111:role/aoa-planner")).toThrow(/OIDC provider ARN/);
  });
});

describe("one pipeline trust builder for both roles (modules/pipeline-trust.ts)", () => {
  const CHAIN = "arn:aws:iam::111111111111:role/aoa-x";
  const PROVIDER = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
  const github: PipelineTrust = { kind: "github-oidc", repository: REPO, environment: "dev", oidcProvider: "create" };
  const principal: PipelineTrust = { kind: "principal", principalArn: "arn:aws:iam::123456789012:role/ci-runner" };
  const withoutSidAndSub = (st: Json) => ({ ...st, Sid: undefined, Condition: { StringEquals: { ...st.Condition.StringEquals, "token.actions.githubusercontent.com:sub": undefined } } });

  it("both roles' GitHub statements are the same apart from Sid and subjects (provider, action, aud)", () => {
    const [d] = deployRoleTrust(github, CHAIN, PROVIDER);
    const [p] = plannerRoleTrust(github, CHAIN, { oidcProviderArn: PROVIDER });
    expect(withoutSidAndSub(d)).toEqual(withoutSidAndSub(p));
    expect(d.Principal).toEqual({ Federated: PROVIDER });
    expect(p.Condition!.StringEquals!["token.actions.githubusercontent.com:aud"]).toBe("sts.amazonaws.com");
    // and a doctored planner statement (another provider) is told apart
    expect(withoutSidAndSub({ ...p, Principal: { Federated: "arn:aws:iam::1:oidc-provider/x" } })).not.toEqual(withoutSidAndSub(d));
  });

  it("a principal pipeline gives both roles the same pinned statement; chain-only gives none", () => {
    expect(deployRoleTrust(principal, CHAIN)[0]).toEqual(plannerRoleTrust(principal, CHAIN)[0]);
    expect(pipelineTrust({ kind: "chain-only" }, { sid: "X", subjects: () => "s" })).toEqual([]);
    expect(deployRoleTrust({ kind: "chain-only" }, CHAIN).map((s) => s.Sid)).toEqual(["ChainFromSharedServicesDeployRole"]);
  });

  it("GitHub trust without the provider ARN is refused for either role, before any subject is built", () => {
    const subjects = jest.fn(() => "s");
    expect(() => pipelineTrust(github, { sid: "X", subjects })).toThrow(/OIDC provider ARN/);
    expect(subjects).not.toHaveBeenCalled();
    expect(() => deployRoleTrust(github, CHAIN)).toThrow(/OIDC provider ARN/);
  });
});

describe("planner policies are read-only", () => {
  const env = devEnv();
  const stateBucket = { name: "acme-aoa-tfstate-dev", keyPrefix: "apigw-app-of-apps" };
  const shared = platformPlannerPolicies(env, { stateBucket });
  const workload = appExposurePlannerPolicies(env, "222222222222");
  const statements = [...Object.values(shared), ...Object.values(workload)].flat();
  const actions = statements.flatMap((s) => ([] as string[]).concat(s.Action));

  it("hold only read actions (Describe/Get/List/Head, apigateway:GET) and the chain into planner roles", () => {
    const writes = actions.filter((a) => !isReadOnlyAction(a) && a !== "sts:AssumeRole");
    expect(writes).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(["apigateway:GET", "ec2:DescribeVpcs", "elasticloadbalancing:DescribeLoadBalancers", "lambda:GetFunction", "ssm:GetParameter", "s3:GetObject", "s3:ListBucket"]));
  });

  it("read the state objects of this environment only, and write nothing to the bucket (plans run with -lock=false)", () => {
    const s3 = statements.filter((s) => ([] as string[]).concat(s.Action).some((a) => a.startsWith("s3:")));
    expect(s3.flatMap((s) => ([] as string[]).concat(s.Resource ?? [])).filter((r) => r.includes("tfstate"))).toEqual(["arn:aws:s3:::acme-aoa-tfstate-dev", "arn:aws:s3:::acme-aoa-tfstate-dev/apigw-app-of-apps/dev/*"]);
    expect(actions.filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
  });

  it("chain only into the planner roles of the environment, never a deploy role", () => {
    const assume = statements.filter((s) => s.Action === "sts:AssumeRole");
    // by name and the environment's tag (constant size for any number of accounts: config/quotas.ts), never the deploy role
    expect(assume.map((s) => [s.Resource, s.Condition])).toEqual([["arn:aws:iam::*:role/aoa-planner", { StringEquals: { "iam:ResourceTag/aoa:environment": "acme-dev" } }]]);
  });

  it("keep the deployer's resource scoping and conditions (a read of another env's parameters stays refused)", () => {
    const ssm = statements.find((s) => ([] as string[]).concat(s.Action).includes("ssm:GetParameter"))!;
    expect(ssm.Resource).toBe("arn:aws:ssm:eu-west-1:111111111111:parameter/acme/dev/*");
  });

  it("every managed policy stays under IAM's 6,144-character limit", () => {
    for (const [area, sts] of Object.entries({ ...shared, ...Object.fromEntries(Object.entries(workload).map(([k, v]) => [`w-${k}`, v])) })) {
      expect([area, JSON.stringify({ Version: "2012-10-17", Statement: sts }).replace(/\s/g, "").length < 6144]).toEqual([area, true]);
    }
  });

  it("the read filter drops every write, tag, pass-role and wildcard action (shown on a doctored deployer set)", () => {
    for (const a of ["s3:PutObject", "apigateway:POST", "apigateway:PATCH", "iam:PassRole", "ec2:CreateTags", "lambda:UpdateFunctionCode", "ssm:*", "ec2:Describe*", "sts:GetSessionToken", "wafv2:AssociateWebACL"]) {
      expect([a, isReadOnlyAction(a)]).toEqual([a, false]);
    }
    const filtered = readOnlyPolicies({ x: [{ Sid: "Mixed", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::b/k" }, { Sid: "Writes", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] });
    expect(filtered).toEqual({ x: [{ Sid: "ReadMixed", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k" }] });
  });
});
