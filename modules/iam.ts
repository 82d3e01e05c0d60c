/** Small helpers for IAM policy documents written as literal JSON (readable in the synthesized Terraform). */

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export function policyDocument(...statements: readonly Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy for an AWS service principal, limited to calls made on behalf of one account. */
export function serviceTrust(service: string, sourceAccount: string): string {
  return policyDocument({
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Principal: { Service: service },
    Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } },
  });
}
