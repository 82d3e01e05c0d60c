/**
 * Which platform contract values changed between two synthesized platform stacks, and which
 * contract keys an app stack reads — so `--changed-since` selects an app for a platform change
 * only when a value the app reads can differ at plan time.
 *
 * The contract is the platform's `aws_ssm_parameter` resources (modules/platform-contract.ts);
 * apps read it through `data.aws_ssm_parameter` (their only input from another stack: no remote
 * state, tested in test/unit/app-stack.test.ts). A published value is a literal (known at synth)
 * or a reference such as `${aws_wafv2_web_acl.waf_acl.arn}`, known only at apply. A reference's
 * value is fingerprinted by what decides it:
 *  - an identity attribute (`arn`, `id`, a name) of a resource type listed in IDENTITY keeps its
 *    value across in-place updates; it changes only when the resource is replaced or renamed,
 *    i.e. when one of the arguments the provider marks ForceNew (listed per type, from the
 *    provider's schema in hashicorp/terraform-provider-aws v5.100.0), its address or its
 *    provider (account, Region) changes. A WAF rule or the authorizer's code is an in-place update:
 *    the web ACL's and the function's ARNs stay, so no app is selected;
 *  - any other attribute, any other resource type and every data source: the whole block
 *    (conservative: any change of it counts as a change of the value).
 * References inside those arguments are expanded the same way, recursively.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Identity {
  /** Attributes whose value survives an in-place update. */
  readonly attrs: readonly string[];
  /** Arguments whose change replaces the resource (ForceNew), so changes those attributes. */
  readonly forceNew: readonly string[];
}

/**
 * The resource types the contract publishes references to. ForceNew arguments from the provider
 * schema (v5.100.0): sns/topic.go, lambda/function.go, iam/role.go, apigateway/domain_name.go,
 * elbv2/load_balancer.go (for network load balancers, removing subnets also forces a new one:
 * subnets are listed), apigateway/vpc_link.go, wafv2/web_acl.go.
 */
export const IDENTITY: Readonly<Record<string, Identity>> = {
  aws_sns_topic: { attrs: ["arn", "id", "name"], forceNew: ["name", "name_prefix", "fifo_topic"] },
  aws_lambda_function: { attrs: ["arn", "id", "function_name", "invoke_arn"], forceNew: ["function_name", "package_type"] },
  aws_iam_role: { attrs: ["arn", "id", "name", "unique_id"], forceNew: ["name", "name_prefix", "path"] },
  aws_api_gateway_domain_name: { attrs: ["id", "domain_name", "arn"], forceNew: ["domain_name"] },
  aws_lb: { attrs: ["arn", "id", "name"], forceNew: ["name", "name_prefix", "internal", "load_balancer_type", "subnets", "subnet_mapping", "customer_owned_ipv4_pool"] },
  aws_api_gateway_vpc_link: { attrs: ["id", "arn"], forceNew: ["target_arns"] },
  aws_wafv2_web_acl: { attrs: ["arn", "id", "name"], forceNew: ["name", "name_prefix", "scope"] },
};

/** Provider arguments that decide where a resource lives: a change replaces it (another account or Region). */
const PROVIDER_IDENTITY = ["region", "assume_role", "allowed_account_ids", "forbidden_account_ids", "endpoints", "access_key"];

const REF = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z][a-z0-9_]*)/g;

/** JSON with sorted keys, cdktf's `//` metadata left out. */
function stable(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .filter((k) => k !== "//")
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

class Fingerprinter {
  private readonly seen = new Set<string>();
  constructor(private readonly stack: Json) {}

  /** A value with every reference replaced by the fingerprint of what decides it. */
  value(v: Json): string {
    if (typeof v === "string") return JSON.stringify(v.replace(/\$\{([^{}]*)\}/g, (_m, inner: string) => `\${${inner.replace(REF, (ref, data, type, name, attr) => this.ref(ref, Boolean(data), type, name, attr))}}`));
    if (Array.isArray(v)) return `[${v.map((x) => this.value(x)).join(",")}]`;
    if (v && typeof v === "object") return `{${Object.keys(v).filter((k) => k !== "//").sort().map((k) => `${JSON.stringify(k)}:${this.value(v[k])}`).join(",")}}`;
    return JSON.stringify(v);
  }

  private ref(text: string, data: boolean, type: string, name: string, attr: string): string {
    const block = (data ? this.stack.data : this.stack.resource)?.[type]?.[name];
    if (!block) return text; // not a resource reference (a function call, a local): kept as written
    const key = `${data ? "data." : ""}${type}.${name}`;
    if (this.seen.has(key)) return `<cycle ${key}>`;
    this.seen.add(key);
    try {
      const id = data ? undefined : IDENTITY[type];
      const provider = this.provider(block.provider);
      if (id && id.attrs.includes(attr)) {
        const args = Object.fromEntries(id.forceNew.filter((a) => a in block).map((a) => [a, block[a]]));
        return `<${key}.${attr} identity ${this.value(args)} provider ${provider}>`;
      }
      return `<${key}.${attr} block ${this.value(block)} provider ${provider}>`;
    } finally {
      this.seen.delete(key);
    }
  }

  /** The provider configuration a block uses (account, Region, role): part of every identity. */
  private provider(ref: string | undefined): string {
    const [type, alias] = (ref ?? "aws").split(".");
    const configs: Json[] = [].concat(this.stack.provider?.[type] ?? []);
    const config = configs.find((c) => (alias ? c.alias === alias : !c.alias));
    if (!config) return `<${ref ?? type}>`;
    // what places the resource (account, Region, endpoint); default tags and skip flags do not
    return stable(Object.fromEntries(PROVIDER_IDENTITY.filter((k) => k in config).map((k) => [k, config[k]])));
  }
}

/** The contract a synthesized platform stack publishes: SSM parameter name → fingerprint of its value. */
export function publishedContract(platformJson: Json): Map<string, string> {
  const out = new Map<string, string>();
  const fp = new Fingerprinter(platformJson);
  for (const p of Object.values<Json>(platformJson?.resource?.aws_ssm_parameter ?? {})) {
    if (typeof p.name !== "string") continue;
    out.set(p.name, `${fp.value(p.type ?? "String")} ${fp.value(p.value ?? p.insecure_value)}`);
  }
  return out;
}

/** Contract parameter names whose value can differ between the two platform stacks (added and removed ones included). */
export function changedContractKeys(basePlatform: Json | undefined, headPlatform: Json | undefined): Set<string> {
  const a = basePlatform ? publishedContract(basePlatform) : new Map<string, string>();
  const b = headPlatform ? publishedContract(headPlatform) : new Map<string, string>();
  return new Set([...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)));
}

/** The SSM parameter names an app stack reads (literal names of its `data.aws_ssm_parameter` blocks). */
export function contractKeysRead(appJson: Json): string[] {
  return Object.values<Json>(appJson?.data?.aws_ssm_parameter ?? {})
    .map((d) => d.name)
    .filter((n): n is string => typeof n === "string")
    .sort();
}

/** A contract key as people read it: the part after `/<org>/<env>/platform/`. */
export function shortKey(name: string): string {
  return name.replace(/^.*\/platform\//, "");
}
