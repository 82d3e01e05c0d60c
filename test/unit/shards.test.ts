import { Testing } from "cdktf";
import { PlatformStack } from "../../stacks/platform-stack";
import { AppStack } from "../../stacks/app-stack";
import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { ingressShardOf, ingressShards } from "../../config/ingress-shards";
import { derivedNames } from "../../config/naming";
import { fixtureInput } from "../fixtures/env";
import { fakeBundle } from "./helpers";
import { planNotes, runMarkdown } from "../../ops/plan-report";
import { topologyMermaid } from "../../governance/topology";
import { PrivateIngress } from "../../modules/private-ingress";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function env(apps: number, edit?: (e: Json) => void): Environment {
  const r = validateEnvironment(fixtureInput({ apps, name: "sh" }, (e) => {
    e.network.ingressShardSize = 2;
    e.apps.forEach((a: Json, i: number) => (a.ingressPort = 10000 + i));
    edit?.(e);
  }));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
}
const platformJson = (e: Environment): Json => JSON.parse(Testing.synth(new PlatformStack(Testing.app(), { environment: e, authorizerBundle: fakeBundle() })));
const appJson = (e: Environment, name: string): Json => JSON.parse(Testing.synth(new AppStack(Testing.app(), { environment: e, app: e.apps.find((a) => a.name === name)! })));

describe("ingress shard assignment", () => {
  it("follows from the app's own port: floor((port - from) / size)", () => {
    const e = env(5);
    expect(e.apps.map((a) => ingressShardOf(e, a.ingressPort!))).toEqual([0, 0, 1, 1, 2]);
    expect(ingressShards(e)).toEqual([0, 1, 2]);
  });

  it("adding or removing apps never moves another app to another shard", () => {
    const full = env(9);
    const shardOf = (e: Environment) => Object.fromEntries(e.apps.map((a) => [a.name, ingressShardOf(e, a.ingressPort!)]));
    const before = shardOf(full);
    for (let drop = 0; drop < 9; drop++) {
      const fewer = env(9, (e) => e.apps.splice(drop, 1));
      for (const [name, shard] of Object.entries(shardOf(fewer))) expect([name, shard]).toEqual([name, before[name]]);
    }
  });

  it("shard 0 always exists (an environment without apps keeps today's ingress)", () => {
    expect(ingressShards(env(0))).toEqual([0]);
  });

  it("names: shard 0 keeps <prefix>-ingress, others get -<n>, within ELB's 32 characters", () => {
    expect(derivedNames.ingressNlb("acme-dev", 0)).toBe("acme-dev-ingress");
    expect(derivedNames.ingressNlb("acme-dev")).toBe("acme-dev-ingress");
    expect(derivedNames.ingressNlb("acme-dev", 12)).toBe("acme-dev-ingress-12");
    const long = [derivedNames.ingressNlb("abcdefghijkl-abcdefghijkl", 19), derivedNames.ingressNlb("abcdefghijkl-abcdefghijkl", 18)];
    for (const n of long) expect(n.length).toBeLessThanOrEqual(32);
    expect(long[0]).not.toBe(long[1]);
  });
});

describe("platform stack with shards", () => {
  const three = platformJson(env(3));

  it("builds one NLB and one VPC link per shard, and publishes each shard's ids in the contract", () => {
    expect(Object.values<Json>(three.resource.aws_lb).map((l) => l.name).sort()).toEqual(["acme-sh-ingress", "acme-sh-ingress-1"]);
    const links = Object.values<Json>(three.resource.aws_api_gateway_vpc_link);
    expect(links).toHaveLength(2);
    const params = Object.values<Json>(three.resource.aws_ssm_parameter).map((p) => p.name);
    for (const s of [0, 1]) for (const k of ["vpc-link-id", "nlb-arn"]) expect(params).toContain(`/acme/sh/platform/ingress/shard-${s}/${k}`);
    // legacy keys (shard 0) stay for app stacks of earlier versions
    expect(params).toContain("/acme/sh/platform/vpc-link-id");
  });

  it("moves today's single NLB and VPC link to shard 0 (state follows, nothing is replaced)", () => {
    expect(three.moved).toEqual(
      expect.arrayContaining([
        { from: "aws_lb.ingress_nlb_81228574", to: expect.stringMatching(/^aws_lb\.ingress-shard-0_nlb_/) },
        { from: "aws_api_gateway_vpc_link.ingress_vpc-link_D60038C7", to: expect.stringMatching(/^aws_api_gateway_vpc_link\.ingress-shard-0_vpc-link_/) },
      ]),
    );
    // the `from` addresses are what earlier versions synthesized: the single PrivateIngress at id "ingress"
    const legacy = JSON.parse(Testing.synthScope((scope) => new PrivateIngress(scope, "ingress", { provider: new AwsProvider(scope, "aws", { region: "eu-west-1" }), name: "acme-sh", subnetIds: ["subnet-1", "subnet-2"] })));
    expect(Object.keys(legacy.resource.aws_lb)).toEqual(["ingress_nlb_81228574"]);
    expect(Object.keys(legacy.resource.aws_api_gateway_vpc_link)).toEqual(["ingress_vpc-link_D60038C7"]);
    const shard0 = Object.values<Json>(three.resource.aws_api_gateway_vpc_link).find((l) => l.name === "acme-sh-ingress");
    expect(shard0.description).toBe("REST API private integrations to app backends");
  });

  it("adding an app to an existing shard leaves the platform stack unchanged; opening a shard adds only that shard", () => {
    expect(platformJson(env(4))).toEqual(three); // app 4 is on port 10003: shard 1
    const five = platformJson(env(5));
    const added = (type: string) => Object.keys(five.resource[type] ?? {}).filter((k) => !(k in (three.resource[type] ?? {})));
    expect(added("aws_lb")).toHaveLength(1);
    expect(added("aws_api_gateway_vpc_link")).toHaveLength(1);
    expect(added("aws_ssm_parameter")).toHaveLength(2);
    const changedTypes = Object.keys(five.resource).filter((t) => JSON.stringify(five.resource[t]) !== JSON.stringify(three.resource[t]));
    expect(changedTypes.sort()).toEqual(["aws_api_gateway_vpc_link", "aws_lb", "aws_ssm_parameter"]);
  });
});

describe("app stack on its shard", () => {
  const e = env(3);
  const json = appJson(e, "app003"); // port 10002: shard 1

  it("reads its shard's VPC link and NLB from the contract and uses them", () => {
    const data = Object.entries<Json>(json.data.aws_ssm_parameter);
    const link = data.find(([, d]) => d.name === "/acme/sh/platform/ingress/shard-1/vpc-link-id")!;
    const nlb = data.find(([, d]) => d.name === "/acme/sh/platform/ingress/shard-1/nlb-arn")!;
    expect(link && nlb).toBeTruthy();
    const listener = Object.values<Json>(json.resource.aws_lb_listener).find((l) => l.provider === "aws.shared");
    expect(listener.load_balancer_arn).toBe(`\${data.aws_ssm_parameter.${nlb[0]}.insecure_value}`);
    const body = JSON.parse(Object.values<Json>(json.resource.aws_api_gateway_rest_api)[0].body);
    const integrations = Object.values<Json>(body.paths).flatMap((p) => Object.values<Json>(p)).map((m) => m["x-amazon-apigateway-integration"]).filter((i) => i?.connectionType === "VPC_LINK");
    expect(integrations.length).toBeGreaterThan(0);
    for (const i of integrations) expect(i.connectionId).toBe(`\${data.aws_ssm_parameter.${link[0]}.insecure_value}`);
  });

  it("invokes the authorizer through the platform's invoke role: no per-app permission on the shared function", () => {
    expect(json.resource.aws_lambda_permission).toBeUndefined();
    const body = JSON.parse(Object.values<Json>(json.resource.aws_api_gateway_rest_api)[0].body);
    const auth = body.components.securitySchemes.jwt["x-amazon-apigateway-authorizer"];
    expect(auth.authorizerCredentials).toMatch(/^\$\{data\.aws_ssm_parameter\.platform_authorizer-invoke-role-arn_[0-9A-F]+\.insecure_value\}$/);
    const platform = platformJson(e);
    const role = Object.values<Json>(platform.resource.aws_iam_role).find((r) => r.name === "acme-sh-authorizer-invoke");
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({ Principal: { Service: "apigateway.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": e.accounts.sharedServices } } });
    const policy = Object.values<Json>(platform.resource.aws_iam_role_policy).find((p) => p.name === "invoke-authorizer");
    expect(JSON.parse(policy.policy).Statement).toEqual([{ Sid: "InvokeTheSharedAuthorizerOnly", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: expect.stringMatching(/^\$\{aws_lambda_function\.authorizer_function_[0-9A-F]+\.arn\}$/) }]);
  });
});

describe("the plan says when a new shard opens", () => {
  it("notes a created shard NLB, and says nothing for an app's own changes", () => {
    expect(planNotes([{ address: "aws_lb.ingress-shard-3_nlb_1A2B3C4D", kind: "create", actions: ["create"] }])).toEqual([expect.stringContaining("opens private ingress shard 3")]);
    expect(planNotes([{ address: "aws_lb_listener.ingress_listener_0A1B2C3D", kind: "create", actions: ["create"] }])).toEqual([]);
    const md = runMarkdown({ command: "plan", environment: "dev", ok: true, startedAt: "t", ms: 1, stacks: [{ stack: "dev-platform", role: "platform", status: "changes", ms: 1, changes: [{ address: "aws_lb.ingress-shard-1_nlb_1A2B3C4D", kind: "create", actions: ["create"] }] }] } as never);
    expect(md).toContain("**note:** opens private ingress shard 1");
  });
});

describe("topology docs show the shards", () => {
  it("each API goes to its shard's VPC link and NLB", () => {
    const m = topologyMermaid(env(3));
    expect(m).toContain("api_app001 --> vpclink\n");
    expect(m).toContain("api_app003 --> vpclink_1\n");
    expect(m).toContain("vpclink_1 --> pnlb_1");
    expect(m).toContain('pnlb_1 -->|":10002"| vpce_app003');
    expect(m).toContain("acme-sh-ingress-1");
  });
});
