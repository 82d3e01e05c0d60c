/**
 * What the `local` environment assumes already exists — the shared-services VPC and subnets, and
 * in each workload account the app's VPC, subnets and internal ALB (or, for a Lambda-backed app,
 * its function and alias: ops/local-lambda.ts) — created in the emulator
 * through the SDK, then substituted into a generated JSON environment file. Real environments
 * never use this: there, those resources are the teams' own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CreateSubnetCommand, CreateVpcCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { EnvironmentInput } from "../config/schema";
import type { AccountSdkConfig, ConfigForAccount } from "./account-sdk";
import { createStandInFunction } from "./local-lambda";

export type { AccountSdkConfig, ConfigForAccount } from "./account-sdk";

/** Does the stand-in function's alias (`arn:…:function:<name>:<alias>`) exist already? */
async function standInExists(cfg: AccountSdkConfig, functionArn: string): Promise<boolean> {
  const m = /:function:([^:]+):([^:]+)$/.exec(functionArn);
  if (!m) return false;
  const lambda = new LambdaClient(cfg);
  try {
    await lambda.send(new GetAliasCommand({ FunctionName: m[1], Name: m[2] }));
    return true;
  } catch (e) {
    if (/NotFound/.test(String((e as { name?: string }).name))) return false;
    throw e;
  } finally {
    lambda.destroy();
  }
}

/** The Name tag of a fixture VPC: how a re-run finds it instead of creating a second one. */
export const fixtureVpcName = (env: string, owner: string) => `aoa-${env}-${owner}`;

/** Finds the VPC tagged `name` (and its subnets by CIDR) or creates what is missing: re-runs never duplicate. */
async function network(ec2: EC2Client, name: string, cidrPrefix: string, azs: readonly string[]): Promise<{ vpcId: string; subnets: { id: string; az: string }[] }> {
  const found = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [name] }] }))).Vpcs?.[0];
  const vpcId =
    found?.VpcId ??
    (await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidrPrefix}.0.0/16`, TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: name }] }] }))).Vpc!.VpcId!;
  // a found VPC keeps the range it was created with (apps may have been reordered since)
  if (found?.CidrBlock) cidrPrefix = found.CidrBlock.split(".").slice(0, 2).join(".");
  const existing = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).Subnets ?? [];
  const subnets = [];
  for (const [i, az] of azs.entries()) {
    const cidr = `${cidrPrefix}.${i * 16}.0/20`;
    const have = existing.find((s) => s.CidrBlock === cidr);
    const id = have?.SubnetId ?? (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
    subnets.push({ id, az: have?.AvailabilityZone ?? az });
  }
  return { vpcId, subnets };
}

const notFound = (e: unknown) => /NotFound/.test(String((e as { name?: string }).name ?? e));

async function findOrCreateAlb(elb: ElasticLoadBalancingV2Client, name: string, subnets: readonly string[]): Promise<string> {
  try {
    const r = await elb.send(new DescribeLoadBalancersCommand({ Names: [name] }));
    if (r.LoadBalancers?.[0]?.LoadBalancerArn) return r.LoadBalancers[0].LoadBalancerArn;
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  const lb = await elb.send(new CreateLoadBalancerCommand({ Name: name, Scheme: "internal", Type: "application", Subnets: [...subnets] }));
  return lb.LoadBalancers![0].LoadBalancerArn!;
}

async function findOrCreateTargetGroup(elb: ElasticLoadBalancingV2Client, name: string, vpcId: string): Promise<string> {
  try {
    const r = await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }));
    if (r.TargetGroups?.[0]?.TargetGroupArn) return r.TargetGroups[0].TargetGroupArn;
  } catch (e) {
    if (!notFound(e)) throw e;
  }
  const tg = await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: "HTTP", Port: 8080, VpcId: vpcId, TargetType: "ip" }));
  return tg.TargetGroups![0].TargetGroupArn!;
}

/**
 * Creates the fixtures for `env` (an environment input, e.g. environments/local.ts) and returns
 * a copy of it with the real ids. The input is not changed. Idempotent: each fixture is found by
 * its Name tag or name first (an interrupted run, or a re-run, never leaves duplicates).
 */
export async function createLocalFixtures(env: EnvironmentInput, configFor: ConfigForAccount): Promise<EnvironmentInput> {
  const out: EnvironmentInput = JSON.parse(JSON.stringify(env));
  const azs = env.network.subnets.map((s) => s.az);
  const shared = await configFor(env.accounts.sharedServices);
  const sharedNet = await network(new EC2Client(shared), fixtureVpcName(env.name, "shared"), "10.10", azs);
  out.network = { ...out.network, vpcId: sharedNet.vpcId, subnets: sharedNet.subnets };

  const apps = out.apps ?? [];
  for (const [i, app] of apps.entries()) {
    const cfg = await configFor(app.account);
    if (app.backend.kind === "lambda") {
      // idempotent like the rest: a re-run (every `--env local` command re-derives) finds the alias
      if (!(await standInExists(cfg, app.backend.functionArn))) await createStandInFunction(cfg, app.backend.functionArn);
      continue;
    }
    if (app.backend.kind === "mock") continue;
    const net = await network(new EC2Client(cfg), fixtureVpcName(env.name, app.name), `10.${20 + i}`, app.backend.subnets.map((s) => s.az));
    const elb = new ElasticLoadBalancingV2Client(cfg);
    const albArn = await findOrCreateAlb(elb, `${app.name}-internal`, net.subnets.map((s) => s.id));
    const port = app.backend.listenerPort;
    const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: albArn }))).Listeners ?? [];
    if (!listeners.some((l) => l.Port === port)) {
      const tgArn = await findOrCreateTargetGroup(elb, `${app.name}-service`, net.vpcId);
      // The emulator has no certificate for the backend host name: a plain listener on the same port stands in for HTTPS.
      await elb.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: "HTTP", Port: port, DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }] }));
    }
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
