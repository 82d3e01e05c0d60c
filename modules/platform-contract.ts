import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { shardContractKey } from "../config/ingress-shards";

/**
 * The platform contract: what the platform stack publishes for app stacks, as SSM parameters
 * under `/<org>/<env>/platform/`. Apps read it through data sources, never through another
 * stack's state, so an app's plan needs only its own state and a platform that was applied.
 */
export const CONTRACT_KEYS = [
  "domain-name",
  "web-acl-arn",
  "authorizer-function-name",
  "authorizer-function-arn",
  "authorizer-invoke-arn",
  "authorizer-invoke-role-arn",
  "vpc-link-id",
  "nlb-arn",
  "vpc-cidr",
  "routes-parameter-prefix",
  "alarm-topic-arn",
  "contract-version",
] as const;
export type ContractKey = (typeof CONTRACT_KEYS)[number];
/** Bumped when the meaning of a key changes; apps check it. */
export const CONTRACT_VERSION = "1";

export interface PlatformContractProps {
  /** Provider of the shared-services account. */
  readonly provider: TerraformProvider;
  /** `/<org>/<env>/platform/` */
  readonly prefix: string;
  /** A value for every key. */
  readonly values: Readonly<Record<Exclude<ContractKey, "contract-version">, string>>;
  /**
   * Each private ingress shard's VPC link id and NLB ARN, published as
   * `ingress/shard-<n>/vpc-link-id` and `ingress/shard-<n>/nlb-arn` (config/ingress-shards.ts).
   * @default none
   */
  readonly shards?: readonly { readonly shard: number; readonly vpcLinkId: string; readonly nlbArn: string }[];
}

/** Publishes the contract (platform stack). */
export class PlatformContract extends Construct {
  readonly parameters: Readonly<Record<ContractKey, SsmParameter>>;

  constructor(scope: Construct, id: string, props: PlatformContractProps) {
    super(scope, id);
    checkPrefix(this, props.prefix);
    const values: Record<ContractKey, string> = { ...props.values, "contract-version": CONTRACT_VERSION };
    const params: Partial<Record<ContractKey, SsmParameter>> = {};
    for (const key of CONTRACT_KEYS) {
      if (values[key] === undefined || values[key] === "") throw new Error(`${this.node.path}: contract value '${key}' is missing`);
      params[key] = new SsmParameter(this, key, {
        provider: props.provider,
        name: `${props.prefix}${key}`,
        type: "String",
        value: values[key],
        description: `App-of-apps platform contract: ${key}`,
      });
    }
    this.parameters = params as Record<ContractKey, SsmParameter>;
    for (const sh of props.shards ?? []) {
      for (const [key, value] of [["vpc-link-id", sh.vpcLinkId], ["nlb-arn", sh.nlbArn]] as const) {
        const name = shardContractKey(sh.shard, key);
        new SsmParameter(this, name.replace(/\//g, "-"), {
          provider: props.provider,
          name: `${props.prefix}${name}`,
          type: "String",
          value,
          description: `App-of-apps platform contract: ${key} of private ingress shard ${sh.shard}`,
        });
      }
    }
  }
}

export interface PlatformContractReaderProps {
  readonly provider: TerraformProvider;
  readonly prefix: string;
  /** Keys this stack reads. @default every key */
  readonly keys?: readonly ContractKey[];
  /** The private ingress shard whose VPC link id and NLB ARN this stack reads (`shard()`). @default none */
  readonly shard?: number;
}

/** Reads the contract (app stacks): typed access to each published value. */
export class PlatformContractReader extends Construct {
  private readonly params = new Map<ContractKey, DataAwsSsmParameter>();

  constructor(scope: Construct, id: string, props: PlatformContractReaderProps) {
    super(scope, id);
    checkPrefix(this, props.prefix);
    for (const key of props.keys ?? CONTRACT_KEYS) {
      this.params.set(key, new DataAwsSsmParameter(this, key, { provider: props.provider, name: `${props.prefix}${key}` }));
    }
    if (props.shard !== undefined) {
      for (const key of ["vpc-link-id", "nlb-arn"] as const) {
        const name = shardContractKey(props.shard, key);
        this.shardParams.set(key, new DataAwsSsmParameter(this, name.replace(/\//g, "-"), { provider: props.provider, name: `${props.prefix}${name}` }));
      }
    }
  }

  private readonly shardParams = new Map<"vpc-link-id" | "nlb-arn", DataAwsSsmParameter>();

  /** The VPC link id or NLB ARN of this stack's ingress shard. */
  shard(key: "vpc-link-id" | "nlb-arn"): string {
    const p = this.shardParams.get(key);
    if (!p) throw new Error(`${this.node.path}: no ingress shard was requested by this reader`);
    return p.insecureValue; // a plain String like every contract parameter (see get())
  }

  /**
   * The value of `key` (a Terraform reference resolved at plan time). Every contract parameter is
   * a plain `String` (PlatformContract; no secret is ever published there), so this reads the
   * data source's `insecure_value`: its `value` is always marked sensitive by the provider, and
   * every attribute built from it (a security group's CIDR, an integration's connection id) would
   * show as `(sensitive)` in plans and drift reports.
   */
  get(key: ContractKey): string {
    const p = this.params.get(key);
    if (!p) throw new Error(`${this.node.path}: contract key '${key}' was not requested by this reader`);
    return p.insecureValue;
  }
}

function checkPrefix(scope: Construct, prefix: string): void {
  if (!/^\/[\w.-]+(\/[\w.-]+)*\/$/.test(prefix)) {
    throw new Error(`${scope.node.path}: prefix must look like /org/env/platform/ (got ${JSON.stringify(prefix)})`);
  }
}
