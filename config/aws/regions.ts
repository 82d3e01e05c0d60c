/**
 * The AWS Regions that exist, per partition. Source: AWS General Reference, "AWS Regions"
 * (https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints) and the AWS SDK's
 * own partition table (`partitions.json`, shipped in @aws-sdk/core's util-endpoints; a unit test
 * compares this list with the installed SDK's so a new Region is noticed). A name that merely
 * matches the Region pattern (`eu-west-9`, `us-est-1`) is no Region: every provider, the state
 * backend and every ARN built from it fail at `terraform init`/`apply`.
 */
export const REGIONS_BY_PARTITION: Readonly<Record<string, readonly string[]>> = {
  aws: [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
    "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1", "sa-west-1",
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-eusc": ["eusc-de-east-1"],
  "aws-iso": ["us-iso-east-1", "us-iso-west-1"],
  "aws-iso-b": ["us-isob-east-1", "us-isob-west-1"],
  "aws-iso-e": ["eu-isoe-west-1"],
  "aws-iso-f": ["us-isof-east-1", "us-isof-south-1"],
};

const PARTITION_OF = new Map<string, string>(Object.entries(REGIONS_BY_PARTITION).flatMap(([p, rs]) => rs.map((r) => [r, p] as [string, string])));

/** The partition of a known Region, or undefined for a name that is no Region. */
export function knownPartition(region: string): string | undefined {
  return PARTITION_OF.get(region);
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** Why `region` is not an AWS Region (with the closest real one), or undefined when it is one. */
export function regionProblem(region: unknown): string | undefined {
  if (typeof region !== "string") return undefined; // the schema reports the type
  if (PARTITION_OF.has(region)) return undefined;
  const best = [...PARTITION_OF.keys()].map((r) => [r, distance(region, r)] as const).sort((x, y) => x[1] - y[1])[0];
  const hint = best && best[1] <= 3 ? ` (did you mean ${best[0]}?)` : "";
  return `is not an AWS Region${hint}: no partition has it (AWS General Reference, "AWS Regions")`;
}
