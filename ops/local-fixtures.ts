/**
 * What the `local` environment assumes already exists — the shared-services VPC and subnets, and
 * in each workload account the app's VPC, subnets and internal ALB (or, for a Lambda-backed app,
 * its function and alias: ops/local-lambda.ts) — created in the emulator
 * through the SDK, then substituted into a generated JSON environment file. Real environments
 * never use this: there, those resources are the teams' own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { EnvironmentInput } from "../config/schema";
import { createStandInFunction } from "./local-lambda";

export interface AccountSdkConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Returns SDK configuration bound to one account (moto: AssumeRole into that account). */
export type ConfigForAccount = (accountId: string) => Promise<AccountSdkConfig>;

async function network(ec2: EC2Client, cidrPrefix: string, azs: readonly string[]): Promise<{ vpcId: string; subnets: { id: string; az: string }[] }> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidrPrefix}.0.0/16` }));
  const vpcId = vpc.Vpc!.VpcId!;
  const subnets = [];
  for (const [i, az] of azs.entries()) {
    const s = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${cidrPrefix}.${i * 16}.0/20`, AvailabilityZone: az }));
    subnets.push({ id: s.Subnet!.SubnetId!, az });
  }
  return { vpcId, subnets };
}

/**
 * Creates the fixtures for `env` (an environment input, e.g. environments/local.ts) and returns
 * a copy of it with the real ids. The input is not changed.
 */
export async function createLocalFixtures(env: EnvironmentInput, configFor: ConfigForAccount): Promise<EnvironmentInput> {
  const out: EnvironmentInput = JSON.parse(JSON.stringify(env));
  const azs = env.network.subnets.map((s) => s.az);
  const shared = await configFor(env.accounts.sharedServices);
  const sharedNet = await network(new EC2Client(shared), "10.10", azs);
  out.network = { ...out.network, vpcId: sharedNet.vpcId, subnets: sharedNet.subnets };

  const apps = out.apps ?? [];
  for (const [i, app] of apps.entries()) {
    const cfg = await configFor(app.account);
    if (app.backend.kind === "lambda") {
      await createStandInFunction(cfg, app.backend.functionArn);
      continue;
    }
    if (app.backend.kind === "mock") continue;
    const net = await network(new EC2Client(cfg), `10.${20 + i}`, app.backend.subnets.map((s) => s.az));
    const elb = new ElasticLoadBalancingV2Client(cfg);
    const lb = await elb.send(new CreateLoadBalancerCommand({ Name: `${app.name}-internal`, Scheme: "internal", Type: "application", Subnets: net.subnets.map((s) => s.id) }));
    const albArn = lb.LoadBalancers![0].LoadBalancerArn!;
    const tg = await elb.send(new CreateTargetGroupCommand({ Name: `${app.name}-service`, Protocol: "HTTP", Port: 8080, VpcId: net.vpcId, TargetType: "ip" }));
    // The emulator has no certificate for the backend host name: a plain listener on the same port stands in for HTTPS.
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: "HTTP", Port: app.backend.listenerPort, DefaultActions: [{ Type: "forward", TargetGroupArn: tg.TargetGroups![0].TargetGroupArn! }] }));
    apps[i] = { ...app, backend: { ...app.backend, albArn, vpcId: net.vpcId, subnets: net.subnets } };
  }
  return out;
}

/** Writes the environment as JSON (the generated-config form every command accepts with --config). */
export function writeEnvironmentJson(env: EnvironmentInput, file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(env, null, 2)}\n`);
  return file;
}
