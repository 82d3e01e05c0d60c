import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { policyDocument, type Statement } from "./iam";

export interface StateBucketProps {
  readonly provider: TerraformProvider;
  readonly bucketName: string;
  /**
   * Only principals of these accounts may use the bucket (a Deny on `aws:PrincipalAccount` for
   * everyone else). The state is only ever read through the shared-services account's roles.
   */
  readonly allowedAccountIds: readonly string[];
  /**
   * Keep non-current state versions this many days (the current version of every state file is
   * never expired). A "keep the last N versions" floor (`newer_noncurrent_versions`) is left out on
   * purpose: the emulator drops it and the provider then waits forever for the rule to read back.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /** `lifecycle.prevent_destroy`. @default true */
  readonly preventDestroy?: boolean;
}

/** The bucket policy: TLS only, and nobody outside the given accounts. */
export function stateBucketPolicyStatements(bucketArn: string, allowedAccountIds: readonly string[]): Statement[] {
  if (allowedAccountIds.length === 0 || allowedAccountIds.some((a) => !/^\d{12}$/.test(a))) {
    throw new Error(`allowedAccountIds must be 12-digit account ids (got ${JSON.stringify(allowedAccountIds)})`);
  }
  const resources = [bucketArn, `${bucketArn}/*`];
  return [
    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    { Sid: "DenyOutsideEnvironmentAccounts", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { StringNotEquals: { "aws:PrincipalAccount": [...allowedAccountIds] } } },
  ];
}

/**
 * The Terraform state bucket of one environment: versioned (every state write is recoverable),
 * encrypted by default with SSE-S3 (AES256 — the S3 backend's `encrypt = true` asks for exactly that
 * on every write, see docs/bootstrap.md), all public access blocked, ACLs disabled
 * (BucketOwnerEnforced), TLS-only and own-accounts-only bucket policy, old versions expired after a
 * while, and `prevent_destroy`. Locking uses S3 lock files (`use_lockfile`): no DynamoDB table.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const bucket = this.bucket.id;
    new S3BucketOwnershipControls(this, "ownership", { provider, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioningA(this, "versioning", { provider, bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: policyDocument(...stateBucketPolicyStatements(this.bucket.arn, props.allowedAccountIds)),
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });
  }
}
