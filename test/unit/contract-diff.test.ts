/** Which contract values can change between two platform stacks (ops/contract-diff.ts), on hand-made stacks. */
import { changedContractKeys, contractKeysRead, publishedContract, shortKey } from "../../ops/contract-diff";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const platform = (edit?: (j: Raw) => void): Raw => {
  const j: Raw = {
    provider: { aws: [{ alias: "shared", region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/d" }], default_tags: [{ tags: { a: "1" } }] }] },
    data: { aws_vpc: { vpc: { id: "vpc-1", provider: "aws.shared" } } },
    resource: {
      aws_wafv2_web_acl: { acl: { name: "acme-dev", scope: "REGIONAL", rule: [{ name: "rate", priority: 1, statement: { rate_based_statement: { limit: 2000 } } }], provider: "aws.shared" } },
      aws_lambda_function: { fn: { function_name: "acme-dev-authorizer", filename: "a.zip", source_code_hash: "abc", memory_size: 256, provider: "aws.shared" } },
      aws_cloudwatch_log_group: { lg: { name: "/x", retention_in_days: 30, provider: "aws.shared" } },
      aws_ssm_parameter: {
        acl: { name: "/acme/dev/platform/web-acl-arn", type: "String", value: "${aws_wafv2_web_acl.acl.arn}", provider: "aws.shared" },
        fn: { name: "/acme/dev/platform/authorizer-invoke-arn", type: "String", value: "${aws_lambda_function.fn.invoke_arn}", provider: "aws.shared" },
        cidr: { name: "/acme/dev/platform/vpc-cidr", type: "String", value: "${data.aws_vpc.vpc.cidr_block}", provider: "aws.shared" },
        lg: { name: "/acme/dev/platform/log-retention", type: "String", value: "${aws_cloudwatch_log_group.lg.retention_in_days}", provider: "aws.shared" },
        lit: { name: "/acme/dev/platform/routes-parameter-prefix", type: "String", value: "/acme/dev/authz/", provider: "aws.shared" },
      },
    },
  };
  edit?.(j);
  return j;
};
const changed = (edit: (j: Raw) => void) => [...changedContractKeys(platform(), platform(edit))].map(shortKey).sort();

test("the same stack: no key changes", () => {
  expect(changed(() => undefined)).toEqual([]);
  expect(publishedContract(platform()).size).toBe(5);
});

test.each<[string, (j: Raw) => void, string[]]>([
  ["an in-place update of the web ACL (a rule's limit): its ARN stays", (j) => (j.resource.aws_wafv2_web_acl.acl.rule[0].statement.rate_based_statement.limit = 100), []],
  ["new authorizer code (source_code_hash): the function's invoke ARN stays", (j) => (j.resource.aws_lambda_function.fn.source_code_hash = "def"), []],
  ["the provider's default tags: no resource is replaced", (j) => (j.provider.aws[0].default_tags[0].tags.a = "2"), []],
  ["the web ACL renamed (ForceNew): a new ARN", (j) => (j.resource.aws_wafv2_web_acl.acl.name = "acme-dev-2"), ["web-acl-arn"]],
  ["the function renamed (ForceNew)", (j) => (j.resource.aws_lambda_function.fn.function_name = "other"), ["authorizer-invoke-arn"]],
  ["another Region for every resource", (j) => (j.provider.aws[0].region = "eu-central-1"), ["authorizer-invoke-arn", "log-retention", "vpc-cidr", "web-acl-arn"]],
  ["a data source's arguments (another VPC)", (j) => (j.data.aws_vpc.vpc.id = "vpc-2"), ["vpc-cidr"]],
  ["a non-identity attribute: any change of its resource counts", (j) => (j.resource.aws_cloudwatch_log_group.lg.retention_in_days = 90), ["log-retention"]],
  ["a literal value", (j) => (j.resource.aws_ssm_parameter.lit.value = "/acme/dev/authz2/"), ["routes-parameter-prefix"]],
  ["a reference to another resource address", (j) => {
    j.resource.aws_wafv2_web_acl.acl2 = j.resource.aws_wafv2_web_acl.acl;
    j.resource.aws_ssm_parameter.acl.value = "${aws_wafv2_web_acl.acl2.arn}";
  }, ["web-acl-arn"]],
  ["a key removed", (j) => delete j.resource.aws_ssm_parameter.lit, ["routes-parameter-prefix"]],
])("%s", (_what, edit, keys) => {
  expect(changed(edit)).toEqual(keys);
});

test("the keys an app reads are its data.aws_ssm_parameter names", () => {
  expect(contractKeysRead({ data: { aws_ssm_parameter: { a: { name: "/acme/dev/platform/web-acl-arn" }, b: { name: "/acme/dev/platform/domain-name" } } } })).toEqual(["/acme/dev/platform/domain-name", "/acme/dev/platform/web-acl-arn"]);
  expect(contractKeysRead({})).toEqual([]);
  expect(shortKey("/acme/dev/platform/ingress/shard-0/vpc-link-id")).toBe("ingress/shard-0/vpc-link-id");
});
