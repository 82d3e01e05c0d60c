/**
 * AWS SDK v3 clients bound to one moto account, obtained the same way terraform gets there:
 * sts:AssumeRole into arn:aws:iam::<account>:role/<name> (moto issues credentials for the
 * role's account, so every later call is answered from that account's view).
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Base credentials for moto (any value works; moto maps unknown keys to its default account). */
export const MOTO_BASE_CREDENTIALS: AwsCredentials = { accessKeyId: "testing", secretAccessKey: "testing" };

export const DEFAULT_ROLE_NAME = "acceptance";

export function roleArn(accountId: string, roleName = DEFAULT_ROLE_NAME): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export interface AccountClients {
  accountId: string;
  region: string;
  endpoint: string;
  credentials: AwsCredentials;
  /** Build any SDK v3 client bound to this account: `a.client(SSMClient)`. Cached per constructor. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  client<T>(Ctor: new (...args: any[]) => T): T;
  /** sts:GetCallerIdentity account, as moto sees these credentials. */
  whoami(): Promise<string>;
}

export async function clientsFor(
  endpoint: string,
  accountId: string,
  region = "eu-west-1",
  roleName = DEFAULT_ROLE_NAME,
): Promise<AccountClients> {
  const base = { endpoint, region, credentials: MOTO_BASE_CREDENTIALS, forcePathStyle: true };
  const sts = new STSClient(base);
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn(accountId, roleName), RoleSessionName: "acceptance-harness" }),
  );
  sts.destroy();
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
  const credentials: AwsCredentials = {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  };
  const cache = new Map<unknown, unknown>();
  const config = { endpoint, region, credentials, forcePathStyle: true, maxAttempts: 2 };
  const clients: AccountClients = {
    accountId,
    region,
    endpoint,
    credentials,
    client(Ctor) {
      if (!cache.has(Ctor)) cache.set(Ctor, new Ctor(config));
      return cache.get(Ctor) as InstanceType<typeof Ctor>;
    },
    async whoami() {
      const out = await clients.client(STSClient).send(new GetCallerIdentityCommand({}));
      return out.Account ?? "";
    },
  };
  return clients;
}
