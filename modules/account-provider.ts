import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Environment } from "../config/schema";
import { roleArn } from "../config/naming";
import { partitionOf } from "./deploy-permissions";

export interface AccountProviderProps {
  readonly environment: Environment;
  /** The 12-digit account this provider may touch (`allowed_account_ids`). */
  readonly accountId: string;
  /** Provider alias, e.g. `shared` or `workload`. */
  readonly alias: string;
  /** Tags on every resource of this provider, on top of the environment's and Environment/ManagedBy. */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default the environment's region */
  readonly region?: string;
}

/**
 * An AWS provider for one account: assumes the environment's deploy role in that account,
 * refuses any other account (`allowed_account_ids`) and tags everything it creates.
 * For an emulator environment it skips the checks that need real AWS; the endpoint then comes
 * from AWS_ENDPOINT_URL at run time, never from the synthesized code.
 */
export class AccountProvider extends AwsProvider {
  constructor(scope: Construct, id: string, props: AccountProviderProps) {
    const env = props.environment;
    if (!/^\d{12}$/.test(props.accountId)) {
      throw new Error(`${scope.node.path}/${id}: accountId must be 12 digits (got ${JSON.stringify(props.accountId)})`);
    }
    super(scope, id, {
      alias: props.alias,
      region: props.region ?? env.region,
      allowedAccountIds: [props.accountId],
      assumeRole: [{ roleArn: roleArn(props.accountId, env.accounts.deployRoleName, partitionOf(props.region ?? env.region)), sessionName: `aoa-${env.name}-${props.alias}` }],
      defaultTags: [{ tags: { ...env.tags, Environment: env.name, ManagedBy: "cdktf-apigw-app-of-apps", ...props.tags } }],
      ...(env.emulator
        ? { skipCredentialsValidation: true, skipMetadataApiCheck: "true", skipRegionValidation: true, s3UsePathStyle: true }
        : {}),
    });
  }
}
