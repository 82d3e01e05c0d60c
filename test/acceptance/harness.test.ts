/**
 * The acceptance harness's own acceptance test: a hand-written Terraform JSON config with two
 * AWS providers (two accounts via sts:AssumeRole in moto) is applied, re-planned (must be
 * clean), inspected with the SDK from each account's view, and destroyed.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { ApiGatewayV2Client, GetApiMappingsCommand } from "@aws-sdk/client-apigatewayv2";
import {
  APIGatewayClient,
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
} from "@aws-sdk/client-api-gateway";
import { describeIfTools, startMoto, Moto, Terraform, clientsFor, roleArn, AWS_PROVIDER_VERSION } from "./harness";

const ACCOUNT_A = "111111111111";
const ACCOUNT_B = "222222222222";
const REGION = "eu-west-1";
const ZONE = "acceptance.example.com";
const API_DOMAIN = `api.${ZONE}`;

function provider(alias: string, account: string, allowed = [account]) {
  return {
    alias,
    region: REGION,
    assume_role: [{ role_arn: roleArn(account), session_name: "acceptance" }],
    allowed_account_ids: allowed,
    skip_credentials_validation: true,
    skip_metadata_api_check: "true",
    skip_region_validation: true,
    s3_use_path_style: true,
  };
}

const openapi = {
  openapi: "3.0.1",
  info: { title: "orders", description: "acceptance", version: "1.0" },
  paths: {
    // a mock integration has no uri/httpMethod (moto patch 3)
    "/orders": {
      get: {
        responses: { "200": { description: "ok" } },
        "x-amazon-apigateway-integration": {
          type: "mock",
          requestTemplates: { "application/json": '{"statusCode": 200}' },
          responses: { default: { statusCode: "200" } },
        },
      },
    },
    // catch-all route: path-level parameters + the ANY method (moto patch 4)
    "/{proxy+}": {
      parameters: [{ name: "proxy", in: "path", required: true, schema: { type: "string" } }],
      "x-amazon-apigateway-any-method": {
        "x-amazon-apigateway-integration": {
          type: "http_proxy",
          httpMethod: "ANY",
          uri: "https://orders.internal.example.com/{proxy}",
          requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
        },
      },
    },
  },
};

function twoAccountConfig(opts: { allowedForB?: string[] } = {}) {
  const a = "aws.a";
  return {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } } },
    provider: { aws: [provider("a", ACCOUNT_A), provider("b", ACCOUNT_B, opts.allowedForB)] },
    resource: {
      aws_ssm_parameter: {
        in_a: { provider: a, name: "/aoa/acceptance/a", type: "String", value: "from-a" },
        in_b: { provider: "aws.b", name: "/aoa/acceptance/b-only", type: "String", value: "from-b" },
      },
      aws_api_gateway_rest_api: {
        api: {
          provider: a,
          name: "orders",
          body: JSON.stringify(openapi),
          endpoint_configuration: [{ types: ["REGIONAL"] }],
        },
      },
      aws_api_gateway_rest_api_policy: {
        api: {
          provider: a,
          rest_api_id: "${aws_api_gateway_rest_api.api.id}",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
                Action: "execute-api:Invoke",
                Resource: "${aws_api_gateway_rest_api.api.execution_arn}/*",
              },
              {
                Effect: "Deny",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: "${aws_api_gateway_rest_api.api.execution_arn}/*",
                Condition: { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } },
              },
            ],
          }),
        },
      },
      aws_api_gateway_deployment: {
        api: {
          provider: a,
          rest_api_id: "${aws_api_gateway_rest_api.api.id}",
          triggers: {
            redeployment: "${sha1(join(\",\", [aws_api_gateway_rest_api.api.body, aws_api_gateway_rest_api_policy.api.policy]))}",
          },
          lifecycle: { create_before_destroy: true },
        },
      },
      aws_api_gateway_stage: {
        v1: {
          provider: a,
          rest_api_id: "${aws_api_gateway_rest_api.api.id}",
          deployment_id: "${aws_api_gateway_deployment.api.id}",
          stage_name: "v1",
        },
      },
      aws_route53_zone: { zone: { provider: a, name: ZONE, force_destroy: true } },
      aws_acm_certificate: {
        cert: {
          provider: a,
          domain_name: API_DOMAIN,
          validation_method: "DNS",
          lifecycle: { create_before_destroy: true },
        },
      },
      aws_route53_record: {
        validation: {
          provider: a,
          for_each:
            "${{for o in aws_acm_certificate.cert.domain_validation_options : o.domain_name => " +
            "{ name = o.resource_record_name, type = o.resource_record_type, record = o.resource_record_value }}}",
          zone_id: "${aws_route53_zone.zone.zone_id}",
          name: "${each.value.name}",
          type: "${each.value.type}",
          records: ["${each.value.record}"],
          ttl: 60,
          allow_overwrite: true,
        },
      },
      aws_acm_certificate_validation: {
        cert: {
          provider: a,
          certificate_arn: "${aws_acm_certificate.cert.arn}",
          validation_record_fqdns: "${[for r in aws_route53_record.validation : r.fqdn]}",
        },
      },
      aws_api_gateway_domain_name: {
        api: {
          provider: a,
          domain_name: API_DOMAIN,
          regional_certificate_arn: "${aws_acm_certificate_validation.cert.certificate_arn}",
          security_policy: "TLS_1_2",
          endpoint_configuration: [{ types: ["REGIONAL"] }],
        },
      },
      aws_apigatewayv2_api_mapping: {
        orders_v1: {
          provider: a,
          api_id: "${aws_api_gateway_rest_api.api.id}",
          domain_name: "${aws_api_gateway_domain_name.api.domain_name}",
          stage: "${aws_api_gateway_stage.v1.stage_name}",
          api_mapping_key: "orders/v1",
        },
      },
    },
    output: {
      rest_api_id: { value: "${aws_api_gateway_rest_api.api.id}" },
      mapping_id: { value: "${aws_apigatewayv2_api_mapping.orders_v1.id}" },
      param_b_arn: { value: "${aws_ssm_parameter.in_b.arn}" },
    },
  };
}

function writeStack(name: string, config: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aoa-acc-${name}-`));
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
  return dir;
}

const times: Record<string, number> = {};
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    times[label] = (Date.now() - t0) / 1000;
  }
}

describeIfTools("acceptance harness: terraform + moto, two accounts", () => {
  let moto: Moto;
  const dirs: string[] = [];

  beforeAll(async () => {
    moto = await timed("moto start", () => startMoto());
  });

  afterAll(async () => {
    await moto?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    process.stderr.write(
      `[acceptance timings] ${Object.entries(times)
        .map(([k, v]) => `${k}=${v.toFixed(1)}s`)
        .join(" ")}\n`,
    );
  });

  test("apply, clean re-plan, per-account visibility, v2 mapping on a REST domain, destroy", async () => {
    const dir = writeStack("two-accounts", twoAccountConfig());
    dirs.push(dir);
    const tf = new Terraform(dir, { endpoint: moto.endpoint, region: REGION, name: "two-accounts" });

    await timed("init", () => tf.init());
    await timed("plan", () => tf.plan({ out: "tfplan" }));
    await timed("apply", () => tf.apply("tfplan"));

    const second = await timed("re-plan", () => tf.plan({ detailedExitcode: true }));
    if (second !== 0) throw new Error(`second plan is not clean (exit ${second}):\n${tf.last?.stdout}`);

    const out = await tf.output();
    expect(out.param_b_arn).toBe(`arn:aws:ssm:${REGION}:${ACCOUNT_B}:parameter/aoa/acceptance/b-only`);

    const a = await clientsFor(moto.endpoint, ACCOUNT_A, REGION);
    const b = await clientsFor(moto.endpoint, ACCOUNT_B, REGION);
    expect(await a.whoami()).toBe(ACCOUNT_A);
    expect(await b.whoami()).toBe(ACCOUNT_B);

    // the parameter written through provider aws.b exists in B only
    const inB = await b.client(SSMClient).send(new GetParameterCommand({ Name: "/aoa/acceptance/b-only" }));
    expect(inB.Parameter?.Value).toBe("from-b");
    await expect(
      a.client(SSMClient).send(new GetParameterCommand({ Name: "/aoa/acceptance/b-only" })),
    ).rejects.toMatchObject({ name: "ParameterNotFound" });

    // REST API + escaped policy (moto patch 1) live in A, not in B
    const api = await a.client(APIGatewayClient).send(new GetRestApiCommand({ restApiId: String(out.rest_api_id) }));
    expect(JSON.parse(JSON.parse(`"${api.policy!.replace(/\\\//g, "/")}"`)).Statement[0].Principal.AWS).toBe(
      `arn:aws:iam::${ACCOUNT_B}:root`,
    );
    expect((await b.client(APIGatewayClient).send(new GetRestApisCommand({}))).items ?? []).toHaveLength(0);

    // OpenAPI import: MOCK on GET /orders, HTTP_PROXY on ANY /{proxy+} (moto patches 3 and 4)
    const restApiId = String(out.rest_api_id);
    const apigw = a.client(APIGatewayClient);
    const resources = (await apigw.send(new GetResourcesCommand({ restApiId }))).items ?? [];
    const idOf = (p: string) => resources.find((r) => r.path === p)?.id;
    expect(Object.keys(resources.find((r) => r.path === "/{proxy+}")?.resourceMethods ?? {})).toEqual(["ANY"]);
    const proxy = await apigw.send(
      new GetIntegrationCommand({ restApiId, resourceId: idOf("/{proxy+}"), httpMethod: "ANY" }),
    );
    expect(proxy).toMatchObject({ type: "HTTP_PROXY", uri: "https://orders.internal.example.com/{proxy}" });
    const mock = await apigw.send(new GetIntegrationCommand({ restApiId, resourceId: idOf("/orders"), httpMethod: "GET" }));
    expect(mock.type).toBe("MOCK");

    // multi-level v2 mapping on the REST (v1) regional domain (moto patch 2)
    const mappings = await a.client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: API_DOMAIN }));
    expect(mappings.Items).toEqual([
      expect.objectContaining({ ApiId: out.rest_api_id, ApiMappingKey: "orders/v1", Stage: "v1", ApiMappingId: out.mapping_id }),
    ]);

    await timed("destroy", () => tf.destroy());
    const state = await tf.showJson();
    expect(state.values?.root_module?.resources ?? []).toHaveLength(0);
    expect((await a.client(APIGatewayClient).send(new GetRestApisCommand({}))).items ?? []).toHaveLength(0);
    await expect(
      b.client(SSMClient).send(new GetParameterCommand({ Name: "/aoa/acceptance/b-only" })),
    ).rejects.toMatchObject({ name: "ParameterNotFound" });
  });

  test("stacks run concurrently; an allowed_account_ids mismatch fails plan with a clear error", async () => {
    const stack = (name: string, allowed: string[]) => {
      const dir = writeStack(name, {
        terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } } },
        provider: { aws: [provider("b", ACCOUNT_B, allowed)] },
        resource: { aws_ssm_parameter: { p: { provider: "aws.b", name: `/aoa/${name}`, type: "String", value: "x" } } },
      });
      dirs.push(dir);
      return new Terraform(dir, { endpoint: moto.endpoint, region: REGION, name });
    };
    // provider aws.b assumes a role in B but "wrong" only allows A: the provider must refuse
    const ok = stack("right-account", [ACCOUNT_B]);
    const wrong = stack("wrong-account", [ACCOUNT_A]);
    await Promise.all([ok.init(), wrong.init()]);
    const [okPlan, err] = await Promise.all([
      ok.plan({ detailedExitcode: true }),
      wrong.plan().then(
        () => undefined,
        (e: Error) => e,
      ),
    ]);
    expect(okPlan).toBe(2); // one parameter to add
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/terraform plan .*failed \(exit 1\)/);
    expect(err!.message).toContain(ACCOUNT_B);
    expect(err!.message).toMatch(/not allowed|allowed_account_ids/i);
    process.stderr.write(`[acceptance] expected failure message:\n${err!.message.split("--- stdout")[0]}\n`);
  });
});
