/**
 * Credentials errors that say what was tried and what to run: the account and role from the
 * message (terraform's "IAM Role (arn:…) cannot be assumed", the SDK's AccessDenied on
 * sts:AssumeRole, expired or missing credentials), and `npm run preflight`, which checks every
 * account of the environment and explains the failure.
 */
const CREDENTIALS = /cannot be assumed|AssumeRole|no valid credential sources|NoCredentialProviders|ExpiredToken|InvalidClientTokenId|security token included in the request is (invalid|expired)|failed to refresh cached credentials|SignatureDoesNotMatch/i;

/** The hint to append to `message`, or undefined when it is not a credentials problem. */
export function credentialsHint(message: string, env: { name: string; accounts: { sharedServices: string; deployRoleName?: string } }): string | undefined {
  if (!CREDENTIALS.test(message)) return undefined;
  const arns = [...new Set([...message.matchAll(/arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+/g)].map((m) => m[0]))];
  const tried = arns.length ? `tried ${arns.map((a) => `role ${a} (account ${/::(\d{12}):/.exec(a)![1]})`).join(", ")}` : `the deploy role ${env.accounts.deployRoleName ?? "aoa-deployer"} in the environment's accounts (shared services ${env.accounts.sharedServices})`;
  return `credentials: ${tried} — check them with \`npm run preflight -- --env ${env.name}\` (it assumes the role in every account and explains AccessDenied, a wrong account or expired credentials)`;
}

export function withCredentialsHint(message: string, env: Parameters<typeof credentialsHint>[1]): string {
  const hint = credentialsHint(message, env);
  return hint ? `${message}\n${hint}` : message;
}
