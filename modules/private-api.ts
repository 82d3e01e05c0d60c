/**
 * Private apps (config/private-apis.ts, docs/private-apis.md): the resource policy of a PRIVATE
 * REST API, the environment's private custom domain name (platform stack, app-agnostic: it knows
 * the environment's interface endpoints, never its apps) and a private app's base path mapping on
 * it (app stack).
 */
import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { ApiGatewayDomainName } from "@cdktf/provider-aws/lib/api-gateway-domain-name";
import { ApiGatewayDomainNameAccessAssociation } from "@cdktf/provider-aws/lib/api-gateway-domain-name-access-association";
import { ApiGatewayBasePathMapping } from "@cdktf/provider-aws/lib/api-gateway-base-path-mapping";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { policyDocument, type Statement } from "./iam";

/** An interface endpoint that may call private APIs, with the account it lives in. */
export interface AllowedEndpoint {
  readonly id: string;
  readonly account: string;
}

/** Contract parameters the platform publishes when the environment has a private domain (under the contract prefix). */
export const PRIVATE_DOMAIN_KEYS = { name: "private-domain/name", id: "private-domain/id" } as const;

export interface PrivateApiPolicyProps {
  /** The stage callers may invoke. */
  readonly stageName: string;
  /** `vpce-…` ids allowed to call; every other source is denied. */
  readonly vpcEndpointIds: readonly string[];
  /** Ranges inside the callers' VPCs denied (aws:VpcSourceIp: aws:SourceIp does not apply to traffic through a VPC endpoint). @default none */
  readonly denyCidrs?: readonly string[];
}

/**
 * The resource policy of a private API: allow `execute-api:Invoke` on the one stage only from the
 * listed interface endpoints (`aws:SourceVpce`), explicitly deny every other source (a Deny wins
 * over any other Allow), and deny listed VPC-internal ranges by `aws:VpcSourceIp`
 * (API Gateway Developer Guide, "API Gateway resource policy examples": "Allow private API
 * traffic based on source VPC or VPC endpoint", "Deny API traffic based on source IP address or
 * range when using a private API").
 */
export function privateApiStatements(props: PrivateApiPolicyProps): Statement[] {
  if (props.vpcEndpointIds.length === 0) throw new Error("privateApiStatements: a private API needs at least one allowed VPC endpoint");
  const ids = [...props.vpcEndpointIds];
  const statements: Statement[] = [
    {
      // anonymous until the authorizer runs; constrained to the listed endpoints and this stage
      Sid: "InvokeThisStageFromListedEndpoints",
      Effect: "Allow",
      Principal: "*",
      Action: "execute-api:Invoke",
      Resource: `execute-api:/${props.stageName}/*`,
      Condition: { StringEquals: { "aws:SourceVpce": ids } },
    },
    {
      Sid: "DenyOtherSources",
      Effect: "Deny",
      Principal: "*",
      Action: "execute-api:Invoke",
      Resource: "execute-api:/*",
      Condition: { StringNotEquals: { "aws:SourceVpce": ids } },
    },
  ];
  if (props.denyCidrs?.length) {
    statements.push({ Sid: "DenyListedVpcSourceRanges", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { IpAddress: { "aws:VpcSourceIp": [...props.denyCidrs] } } });
  }
  return statements;
}

export interface PrivateCustomDomainProps {
  /** Provider of the shared-services account (the domain lives with the APIs mapped on it). */
  readonly provider: TerraformProvider;
  readonly domainName: string;
  /** ARN of an ISSUED ACM certificate covering the name (the validation resource's output). */
  readonly certificateArn: string;
  /** The shared-services account: its endpoints get their access association here. */
  readonly accountId: string;
  /** Every interface endpoint of the environment that may call private apps. */
  readonly endpoints: readonly AllowedEndpoint[];
  /** Accounts other than shared services that belong to the environment (an app's); any other account is external to the organization's environment. */
  readonly environmentAccounts: readonly string[];
  /** e.g. `acme-dev` (RAM share name). */
  readonly name: string;
  /** Contract prefix `/<org>/<env>/platform/`: the domain's name and id are published under it. */
  readonly contractPrefix: string;
}

/**
 * The environment's private custom domain name: endpoint type PRIVATE, TLS 1.2, a policy that
 * lets only the environment's interface endpoints invoke it; an access association for each
 * endpoint in the shared-services account; for endpoints in other accounts an AWS RAM share of
 * the domain with those accounts — the consumer account then creates the access association
 * itself ("the API consumer still needs to create a domain name access association in their own
 * account … You can't do this for them", API Gateway Developer Guide, private custom domains).
 */
export class PrivateCustomDomain extends Construct {
  readonly domain: ApiGatewayDomainName;
  /** Accounts that must create their own access association (`consumerSteps`). */
  readonly consumerAccounts: readonly string[];

  constructor(scope: Construct, id: string, props: PrivateCustomDomainProps) {
    super(scope, id);
    if (props.endpoints.length === 0) throw new Error(`${this.node.path}: a private custom domain needs at least one allowed VPC endpoint`);
    const ids = props.endpoints.map((e) => e.id);
    this.domain = new ApiGatewayDomainName(this, "domain", {
      provider: props.provider,
      domainName: props.domainName,
      // private domains take certificate_arn (CloudFormation DomainNameV2: CertificateArn)
      certificateArn: props.certificateArn,
      securityPolicy: "TLS_1_2",
      endpointConfiguration: { types: ["PRIVATE"] },
      policy: policyDocument(
        { Sid: "InvokeFromListedEndpoints", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { StringEquals: { "aws:SourceVpce": ids } } },
        { Sid: "DenyOtherSources", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { StringNotEquals: { "aws:SourceVpce": ids } } },
      ),
    });
    for (const e of props.endpoints.filter((x) => x.account === props.accountId)) {
      new ApiGatewayDomainNameAccessAssociation(this, `access-${e.id}`, {
        provider: props.provider,
        domainNameArn: this.domain.arn,
        accessAssociationSource: e.id,
        accessAssociationSourceType: "VPCE",
      });
    }
    const others = [...new Set(props.endpoints.filter((e) => e.account !== props.accountId).map((e) => e.account))].sort();
    this.consumerAccounts = others;
    if (others.length > 0) {
      const external = others.some((a) => !props.environmentAccounts.includes(a));
      const share = new RamResourceShare(this, "share", {
        provider: props.provider,
        name: `${props.name}-private-domain`,
        // accounts of the environment are assumed to be in one organization (shares are accepted automatically there)
        allowExternalPrincipals: external,
      });
      new RamResourceAssociation(this, "share-domain", { provider: props.provider, resourceArn: this.domain.arn, resourceShareArn: share.arn });
      for (const account of others) {
        new RamPrincipalAssociation(this, `share-${account}`, { provider: props.provider, principal: account, resourceShareArn: share.arn });
      }
    }
    for (const [key, value] of [
      [PRIVATE_DOMAIN_KEYS.name, this.domain.domainName],
      [PRIVATE_DOMAIN_KEYS.id, this.domain.domainNameId],
    ] as const) {
      new SsmParameter(this, key.replace(/\//g, "-"), {
        provider: props.provider,
        name: `${props.contractPrefix}${key}`,
        type: "String",
        value,
        description: `App-of-apps platform contract: ${key}`,
      });
    }
  }
}

export interface PrivateDomainMappingProps {
  readonly provider: TerraformProvider;
  /** Contract prefix `/<org>/<env>/platform/`. */
  readonly contractPrefix: string;
  readonly apiId: string;
  readonly stageName: string;
  /** Single-level (validated: config/private-apis.ts). */
  readonly basePath: string;
}

/**
 * A private app's base path on the private custom domain. `aws_api_gateway_base_path_mapping`
 * with `domain_name_id` (apigatewayv2 mappings cannot address a private domain), reading the
 * domain's name and id from the platform contract.
 */
export class PrivateDomainMapping extends Construct {
  readonly mapping: ApiGatewayBasePathMapping;

  constructor(scope: Construct, id: string, props: PrivateDomainMappingProps) {
    super(scope, id);
    if (props.basePath.includes("/")) throw new Error(`${this.node.path}: a base path on the private domain must be single-level (got ${JSON.stringify(props.basePath)})`);
    const read = (key: string) => new DataAwsSsmParameter(this, key.replace(/\//g, "-"), { provider: props.provider, name: `${props.contractPrefix}${key}` }).insecureValue;
    this.mapping = new ApiGatewayBasePathMapping(this, "mapping", {
      provider: props.provider,
      apiId: props.apiId,
      stageName: props.stageName,
      domainName: read(PRIVATE_DOMAIN_KEYS.name),
      domainNameId: read(PRIVATE_DOMAIN_KEYS.id),
      basePath: props.basePath,
    });
  }
}
