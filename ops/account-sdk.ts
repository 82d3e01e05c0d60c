/**
 * AWS SDK configuration bound to one account of the emulator (moto: credentials from an
 * AssumeRole into that account). Its own file: the fixture and stand-in Lambda helpers both
 * take it, and neither imports the other for it.
 */
export interface AccountSdkConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Returns SDK configuration bound to one account (moto: AssumeRole into that account). */
export type ConfigForAccount = (accountId: string) => Promise<AccountSdkConfig>;
