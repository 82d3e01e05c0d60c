/**
 * AWS's own rules on the values of an environment file — what AWS refuses at `terraform apply`
 * (or accepts but with a silently weaker result) even though moto accepts it. Like `rules.ts`
 * they run on the RAW input (any field may be missing or mistyped) so every problem is reported
 * in one run together with the shape errors. Each rule cites its AWS source; the README's
 * "Validation" table lists them.
 */
import type { ConfigProblem } from "./problem";
import { coveredShare, coversWholeSpace, parseCidr, type Cidr } from "./aws/net";
import { bucketNameProblem, countryCodeProblem, objectKeyProblem, originProblem, tagKeyProblem, tagValueProblem } from "./aws/formats";
import { SSM_ADVANCED_MAX_BYTES, generatedNames, nameProblem, resourcePrefix, stackNames } from "./naming";
import { authorizerRouteTable } from "./authorizer-routes";
import { RULES } from "../policy/rules";
import { awsClassProblems } from "./aws-class-rules";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Add = (path: string, message: string, value: unknown) => void;

const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `aws`, `aws-us-gov` or `aws-cn` (AWS General Reference, "ARN format": the partition follows the Region). */
export function partitionForRegion(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}

/**
 * The AZ-id prefix of a Region (`eu-west-1` -> `euw1`, `ap-southeast-2` -> `apse2`,
 * `us-gov-west-1` -> `usgw1`): AZ ids are `<prefix>-az<N>` (EC2 User Guide, "AZ IDs").
 */
export function azIdPrefix(region: string): string | undefined {
  const m = /^([a-z]{2})-(gov-)?([a-z]+)-(\d+)$/.exec(region);
  if (!m) return undefined;
  const dir = m[3].replace(/north/g, "n").replace(/south/g, "s").replace(/east/g, "e").replace(/west/g, "w").replace(/central/g, "c");
  return `${m[1]}${m[2] ? "g" : ""}${dir}${m[4]}`;
}

/** Project default tag keys (modules/account-provider.ts): a user tag with the same key would be silently overwritten. */
const RESERVED_TAG_KEYS = ["Environment", "ManagedBy", "App", "Owner"];

export interface AwsRuleOptions {
  /** "Today" for suppression expiry. @default new Date() */
  readonly now?: Date;
}

export function awsRuleProblems(env: Raw, opts: AwsRuleOptions = {}): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add: Add = (path, message, value) => out.push({ path, message, value });
  if (env === null || typeof env !== "object") return out;
  const prod = env.tier === "prod";
  const region = str(env.region);
  const apps = arr(env.apps);

  // --- state: prod keeps state in S3 (versioned, locked, shared with the pipeline), never on one machine
  if (prod && env.state && typeof env.state === "object" && env.state.backend !== "s3") {
    add("state.backend", "a prod environment must use the s3 backend (local state is lost with the machine, has no locking and no history)", env.state.backend);
  }
  if (env.state?.backend === "s3") {
    const p = bucketNameProblem(env.state.bucket);
    if (p && typeof env.state.bucket === "string") add("state.bucket", p, env.state.bucket);
  }

  // --- mTLS truststore: bucket + key, each by S3's rules
  const mtls = env.domain?.mtls;
  if (mtls && typeof mtls === "object") {
    if (typeof mtls.truststoreBucket === "string") {
      const b = mtls.truststoreBucket;
      if (/^s3:\/\//i.test(b) || b.includes("/")) add("domain.mtls.truststoreBucket", "must be the bucket name only (the object goes into truststoreKey), not an s3:// URI or path", b);
      else {
        const p = bucketNameProblem(b);
        if (p) add("domain.mtls.truststoreBucket", p, b);
      }
    }
    if (mtls.truststoreKey !== undefined) {
      const p = objectKeyProblem(mtls.truststoreKey);
      if (p) add("domain.mtls.truststoreKey", p, mtls.truststoreKey);
    }
  }

  // --- tags (the environment's and the per-app default tags App/Owner)
  if (env.tags && typeof env.tags === "object" && !Array.isArray(env.tags)) {
    for (const [k, v] of Object.entries(env.tags)) {
      const kp = tagKeyProblem(k);
      if (kp) add(`tags[${JSON.stringify(k)}]`, kp, k);
      const vp = tagValueProblem(v);
      if (vp) add(`tags[${JSON.stringify(k)}]`, vp, v);
      const reserved = RESERVED_TAG_KEYS.find((r) => r.toLowerCase() === k.toLowerCase());
      if (reserved) add(`tags[${JSON.stringify(k)}]`, `'${reserved}' is set by the project on every resource; this value would be silently replaced (tag keys that differ only in case are refused by IAM and others)`, k);
    }
  }

  // Tagging AWS resources, "Tag naming limits": at most 50 user tags per resource; the project adds 4
  if (env.tags && typeof env.tags === "object" && Object.keys(env.tags).length + RESERVED_TAG_KEYS.length > 50) {
    add("tags", `${Object.keys(env.tags).length} tags plus the project's ${RESERVED_TAG_KEYS.length} exceed the 50 tags a resource may carry`, Object.keys(env.tags).length);
  }
  if (typeof env.promotesFrom === "string" && env.promotesFrom === env.name) add("promotesFrom", "an environment cannot promote from itself", env.promotesFrom);

  // --- the deploy role may create and edit roles named <orgPrefix>-<env>-*: its own name must be outside that prefix
  const role = str(env.accounts?.deployRoleName);
  if (role && typeof env.orgPrefix === "string" && typeof env.name === "string" && role.startsWith(`${env.orgPrefix}-${env.name}-`)) {
    add("accounts.deployRoleName", `starts with '${env.orgPrefix}-${env.name}-', the prefix of the roles the deploy role may create and edit: it could rewrite its own permissions`, role);
  }

  // --- network: AZs belong to the Region
  checkSubnetRegion("network.subnets", env.network?.subnets, region, add);

  // --- WAF
  const waf = env.edge?.waf;
  if (waf && typeof waf === "object") {
    arr(waf.blockedCountries).forEach((c, i) => {
      const p = countryCodeProblem(c);
      if (p) add(`edge.waf.blockedCountries[${i}]`, p, c);
    });
    const allow = cidrList("edge.waf.allowCidrs", waf.allowCidrs, add, { wafSet: true });
    cidrList("edge.waf.blockCidrs", waf.blockCidrs, add, { wafSet: true });
    for (const fam of [4, 6] as const) {
      if (allow.some((c) => c.prefix === 0)) break;
      if (coversWholeSpace(allow, fam)) {
        add("edge.waf.allowCidrs", `together cover the whole IPv${fam} address space (like ${fam === 4 ? "0.0.0.0/0" : "::/0"}): every client would skip every WAF rule`, allow.filter((c) => c.family === fam).map((c) => c.text));
      } else if (prod && coveredShare(allow, fam) >= 0.25) {
        add("edge.waf.allowCidrs", `cover ${Math.round(coveredShare(allow, fam) * 100)}% of the IPv${fam} address space; in prod an allow-list (which skips every WAF rule) must name specific ranges`, allow.filter((c) => c.family === fam).map((c) => c.text));
      }
    }
  }

  // --- alarms topic
  checkArn("alarms.snsTopicArn", env.alarms?.snsTopicArn, { region, service: "sns" }, add);
  // --- pipeline role
  checkArn("accounts.pipeline.principalArn", env.accounts?.pipeline?.principalArn, { region, service: "iam", global: true }, add);

  // --- apps
  apps.forEach((app: Raw, i: number) => {
    if (!app || typeof app !== "object") return;
    const at = (p: string) => `apps[${i}].${p}`;
    if (app.owner && typeof app.owner.team === "string") {
      const p = tagValueProblem(app.owner.team);
      if (p) add(at("owner.team"), `${p} (it becomes the Owner tag of every resource of the app)`, app.owner.team);
    }
    checkBasePath(at("basePath"), app.basePath, add);
    checkRoutes(i, app, add);
    checkConstructIds(i, app, add);
    checkRouteTableSize(i, app, add);
    if (app.backend && typeof app.backend === "object") {
      checkSubnetRegion(at("backend.subnets"), app.backend.subnets, region, add);
      checkArn(at("backend.albArn"), app.backend.albArn, { region, service: "elasticloadbalancing", account: str(app.account) }, add);
    }
    const deny = cidrList(at("denyCidrs"), app.denyCidrs, add, { wafSet: false });
    for (const fam of [4, 6] as const) {
      if (deny.length && coversWholeSpace(deny, fam)) add(at("denyCidrs"), `together cover the whole IPv${fam} address space: the resource policy would deny every caller`, deny.filter((c) => c.family === fam).map((c) => c.text));
    }
    arr(app.cors?.allowOrigins).forEach((o, j) => {
      // the wildcard in prod is reported by rules.ts
      if (o === "*") return;
      const p = originProblem(o, prod);
      if (p) add(at(`cors.allowOrigins[${j}]`), p, o);
    });
    // header names are RFC 9110 tokens; anything else breaks the preflight's Access-Control-Allow-Headers
    arr(app.cors?.allowHeaders).forEach((h, j) => {
      if (typeof h === "string" && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h)) add(at(`cors.allowHeaders[${j}]`), "must be a header name (RFC 9110 token: letters, digits and !#$%&'*+.^_`|~-, no spaces or ':')", h);
    });
    const origins = arr(app.cors?.allowOrigins);
    if (origins.includes("*") && origins.length > 1) add(at("cors.allowOrigins"), "'*' cannot be combined with other origins (Access-Control-Allow-Origin holds one value)", origins);
  });

  checkSuppressions(env, add, opts.now ?? new Date());
  out.push(...generatedNameProblems(env));
  out.push(...awsClassProblems(env));
  return out;
}

// ---------------------------------------------------------------------------------------------

function checkSubnetRegion(path: string, subnets: unknown, region: string | undefined, add: Add): void {
  // ELB API Reference, CreateLoadBalancer (Subnets): "You can specify only one subnet per Availability
  // Zone"; interface endpoints too (VPC PrivateLink guide: one subnet per Availability Zone).
  const byAz = new Map<string, number>();
  arr(subnets).forEach((s, i) => {
    if (typeof s?.az !== "string") return;
    if (byAz.has(s.az)) add(`${path}[${i}].az`, `a second subnet in ${s.az} (also ${path}[${byAz.get(s.az)}]): load balancers and endpoints take one subnet per Availability Zone`, s.az);
    else byAz.set(s.az, i);
  });
  if (!region) return;
  const idPrefix = azIdPrefix(region);
  arr(subnets).forEach((s, i) => {
    const az = s?.az;
    if (typeof az !== "string") return;
    // EC2 User Guide, "Regions and Zones": AZ names are <region><letter>, AZ ids <region-code>-az<N>
    if (/-az\d+$/.test(az)) {
      if (idPrefix && !az.startsWith(`${idPrefix}-az`)) add(`${path}[${i}].az`, `AZ id is not in the environment's region ${region} (its AZ ids are ${idPrefix}-az1, ${idPrefix}-az2, ...)`, az);
    } else if (!new RegExp(`^${region.replace(/[-]/g, "\\-")}[a-z]$`).test(az)) {
      add(`${path}[${i}].az`, `Availability Zone is not in the environment's region ${region} (zones are ${region}a, ${region}b, ...)`, az);
    }
  });
}

interface ArnExpect {
  readonly region: string | undefined;
  readonly service: string;
  readonly account?: string;
  /** IAM ARNs have no Region. */
  readonly global?: boolean;
}

/** ARN format (AWS General Reference / IAM User Guide, "ARN format"): arn:partition:service:region:account:resource. */
function checkArn(path: string, arn: unknown, expect: ArnExpect, add: Add): void {
  if (typeof arn !== "string") return;
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return; // the schema reports the shape
  const [, partition, service, arnRegion, account] = parts;
  if (expect.region) {
    const want = partitionForRegion(expect.region);
    if (partition !== want) add(path, `partition '${partition}' does not match the environment's region ${expect.region} (partition ${want})`, arn);
    if (!expect.global && arnRegion !== expect.region && service === expect.service) add(path, `region '${arnRegion}' is not the environment's region ${expect.region}`, arn);
  }
  if (expect.account && /^\d{12}$/.test(account) && account !== expect.account && service === expect.service) {
    // rules.ts reports the ALB account; keep one message per field
    if (service !== "elasticloadbalancing") add(path, `account ${account} is not ${expect.account}`, arn);
  }
}

/**
 * CIDR lists: each parsed as an address; `/0` is refused in WAF IP sets ("AWS WAF supports all
 * IPv4 and IPv6 CIDR ranges except for /0", WAFV2 API_IPSet) and duplicates are refused.
 */
function cidrList(path: string, list: unknown, add: Add, opts: { wafSet: boolean }): Cidr[] {
  const out: Cidr[] = [];
  const seen = new Map<string, number>();
  arr(list).forEach((c, i) => {
    const r = parseCidr(c);
    if (!r.ok) {
      add(`${path}[${i}]`, r.reason, c);
      return;
    }
    if (r.cidr.prefix === 0) add(`${path}[${i}]`, opts.wafSet ? "/0 matches every client and is refused by AWS WAF IP sets (WAFV2 API_IPSet)" : "/0 matches every caller", c);
    if (seen.has(r.cidr.text)) add(`${path}[${i}]`, `same block as ${path}[${seen.get(r.cidr.text)}]`, c);
    else seen.set(r.cidr.text, i);
    out.push(r.cidr);
  });
  return out;
}

/**
 * Base paths (API Gateway Developer Guide, "Use API mappings to connect API stages to a custom
 * domain name for REST APIs", Restrictions: letters, numbers and `$-_.+!*'()/`). rules.ts
 * allows `A-Z a-z 0-9 . _ ~ -` per segment; `~` is not in AWS's set, and `.`/`..` segments are
 * normalised away by clients (RFC 3986 dot-segment removal): such a mapping is never reached.
 */
function checkBasePath(path: string, bp: unknown, add: Add): void {
  if (typeof bp !== "string") return;
  const segs = bp.split("/");
  if (segs.some((s) => s === "." || s === "..")) add(path, "must not contain '.' or '..' segments (clients remove them before sending: RFC 3986 5.2.4)", bp);
  if (bp.includes("~")) add(path, "'~' is not allowed in API mappings (API Gateway: letters, numbers and $-_.+!*'()/)", bp);
  if (bp.length > 255) add(path, `is ${bp.length} characters; keep base paths within 255 (project limit under API Gateway's 8 KB request line)`, bp);
}

/**
 * REST API resources (API Gateway Developer Guide, "Set up a proxy integration with a proxy
 * resource" and OpenAPI import): under one parent there is at most one path-variable resource,
 * so every route must use the same variable name at the same level; a greedy `{name+}` matches
 * the rest of the path and must be last; a variable name appears once per path; `.`/`..`
 * segments are removed by clients.
 */
function checkRoutes(i: number, app: Raw, add: Add): void {
  const routes = arr(app.routes);
  // parent key (literal segments, '{}' for a variable) -> variable name at the next level + where it came from
  const levels = new Map<string, { name: string; j: number; path: string }>();
  const seen = new Map<string, number>();
  routes.forEach((r: Raw, j: number) => {
    const p = str(r?.path);
    if (!p || !p.startsWith("/")) return;
    const at = `apps[${i}].routes[${j}].path`;
    const segs = p === "/" ? [] : p.slice(1).split("/");
    const names = new Set<string>();
    let parent = "";
    segs.forEach((s, k) => {
      if (s === "." || s === "..") add(at, `segment '${s}' never reaches API Gateway (clients remove dot segments)`, p);
      const v = /^\{([^{}]+?)(\+?)\}$/.exec(s);
      if (v) {
        const [, name, greedy] = v;
        if (greedy && k !== segs.length - 1) add(at, `greedy variable {${name}+} must be the last segment`, p);
        if (names.has(name)) add(at, `variable {${name}} appears twice in the path`, p);
        names.add(name);
        const key = `${parent}/`;
        const prev = levels.get(key);
        const label = `${name}${greedy}`;
        if (prev && prev.name !== label) {
          add(at, `uses {${label}} where apps[${i}].routes[${prev.j}] (${prev.path}) uses {${prev.name}} under the same parent '${parent || "/"}': API Gateway allows one variable per level`, p);
        } else if (!prev) levels.set(key, { name: label, j, path: p });
        parent += "/{}";
      } else {
        if (s.includes("{") || s.includes("}")) add(at, `segment '${s}' mixes literal text and a variable; a variable must be a whole segment`, p);
        parent += `/${s}`;
      }
    });
    // duplicate method+path independent of variable names (`/{id}` and `/{orderId}` are one resource)
    const method = str(r?.method);
    if (method) {
      const key = `${method} ${parent || "/"}`;
      const prev = seen.get(key);
      if (prev !== undefined && routes[prev]?.path !== p) add(`apps[${i}].routes[${j}]`, `same method and resource as apps[${i}].routes[${prev}] (${routes[prev]?.path})`, `${method} ${p}`);
      else if (prev === undefined) seen.set(key, j);
    }
  });
}

/** The authorizer route table is one SSM parameter: at most 8 KB even in the Advanced tier (SSM User Guide, "Managing parameter tiers"). */
function checkRouteTableSize(i: number, app: Raw, add: Add): void {
  if (typeof app.name !== "string" || !Array.isArray(app.routes) || !app.routes.every((r: Raw) => r && typeof r === "object")) return;
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(authorizerRouteTable(app)), "utf8");
  } catch {
    return;
  }
  if (bytes > SSM_ADVANCED_MAX_BYTES) add(`apps[${i}].routes`, `the authorizer route table is ${bytes} bytes, over the 8 KB an SSM parameter (Advanced tier) holds; merge routes (e.g. a {proxy+} per scope) or split the app`, app.routes.length);
}

/**
 * Construct ids the stacks derive from config values must be unique (cdktf throws "There is
 * already a Construct with name ..." late, naming a construct): per-route method settings and
 * API keys of usage plans.
 */
function checkConstructIds(i: number, app: Raw, add: Add): void {
  const ids = new Map<string, string>();
  const claim = (id: string, field: string, value: unknown, what: string) => {
    const prev = ids.get(id);
    if (prev) add(field, `${what} gives the same resource id as ${prev} ('${id}'); rename one`, value);
    else ids.set(id, field);
  };
  arr(app.routes).forEach((r: Raw, j: number) => {
    if (!r?.throttling || typeof r.method !== "string" || typeof r.path !== "string") return;
    claim(`settings-${r.method}-${r.path}`.replace(/[^A-Za-z0-9-]+/g, "-"), `apps[${i}].routes[${j}].path`, r.path, "this route's throttling");
  });
  arr(app.usagePlans).forEach((plan: Raw, j: number) => {
    arr(plan?.apiKeys).forEach((k, n) => {
      if (typeof plan?.name !== "string" || typeof k !== "string") return;
      claim(`key-${plan.name}-${k}`, `apps[${i}].usagePlans[${j}].apiKeys[${n}]`, k, `plan '${plan.name}' with key '${k}'`);
    });
  });
}

/**
 * Suppressions cannot become a master switch: one existing rule id (no glob), a specific stack of
 * this environment, a resource `<type>.<logicalId>` or `stack`; in prod no glob at all, and an
 * error-severity rule only with `expires` (YYYY-MM-DD) and `approvedBy`; an expired suppression
 * fails synth.
 */
function checkSuppressions(env: Raw, add: Add, now: Date): void {
  const prod = env.tier === "prod";
  const envName = str(env.name);
  const apps = arr(env.apps).map((a) => str(a?.name)).filter((n): n is string => !!n);
  const stacks = envName ? new Set([stackNames.bootstrap({ name: envName }), stackNames.platform({ name: envName }), ...apps.map((a) => stackNames.app({ name: envName }, a))]) : undefined;
  arr(env.suppressions).forEach((s: Raw, i: number) => {
    const at = (p: string) => `suppressions[${i}].${p}`;
    if (!s || typeof s !== "object") return;
    const rule = RULES.find((r) => r.id === s.rule);
    if (typeof s.rule === "string") {
      if (/[*?]/.test(s.rule)) add(at("rule"), "must name exactly one rule id (no wildcard): a glob silences rules added later too", s.rule);
      else if (!rule) add(at("rule"), "names no rule of the policy pack (see policy/README.md)", s.rule);
    }
    if (typeof s.resource === "string") {
      const slash = s.resource.indexOf("/");
      const stack = slash > 0 ? s.resource.slice(0, slash) : s.resource;
      const resource = slash > 0 ? s.resource.slice(slash + 1) : "";
      if (/[*?]/.test(stack)) add(at("resource"), "the stack must be named exactly (no wildcard)", s.resource);
      else if (stacks && !stacks.has(stack)) add(at("resource"), `names no stack of this environment (${[...stacks].join(", ")})`, s.resource);
      if (resource !== "stack") {
        const m = /^([a-z0-9_]+)\.(.+)$/.exec(resource);
        if (!m || /[*?]/.test(m[1])) add(at("resource"), "must name a resource as <stack>/<type>.<logicalId> (the type exactly) or <stack>/stack", s.resource);
        else if (prod && /[*?]/.test(m[2])) add(at("resource"), "prod suppressions name one resource exactly (no wildcard)", s.resource);
      }
    }
    if (s.expires !== undefined) {
      const d = typeof s.expires === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s.expires) ? new Date(`${s.expires}T23:59:59Z`) : undefined;
      if (!d || Number.isNaN(d.getTime())) add(at("expires"), "must be a date YYYY-MM-DD", s.expires);
      else if (d.getTime() < now.getTime()) add(at("expires"), `expired on ${s.expires}: fix the finding or renew the suppression (with approval)`, s.expires);
    }
    if (prod && rule?.severity === "error") {
      if (s.expires === undefined) add(at("expires"), `suppressing the error rule ${rule.id} in prod needs an expiry date (YYYY-MM-DD)`, undefined);
      if (typeof s.approvedBy !== "string" || s.approvedBy.trim().length < 2) add(at("approvedBy"), `suppressing the error rule ${rule.id} in prod needs an approver`, s.approvedBy);
    }
  });
}

/**
 * Every generated AWS name of the environment against its service's rule, and collisions
 * within a name's uniqueness scope (both fields named).
 */
export function generatedNameProblems(env: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (typeof env?.orgPrefix !== "string" || typeof env?.name !== "string" || typeof env?.accounts?.sharedServices !== "string") return out;
  const apps = arr(env.apps).filter((a) => typeof a?.name === "string" && typeof a?.account === "string");
  const safe = {
    orgPrefix: env.orgPrefix,
    name: env.name,
    region: str(env.region) ?? "",
    accounts: { ...env.accounts, deployRoleName: str(env.accounts.deployRoleName) ?? "aoa-deployer" },
    edge: env.edge,
    network: env.network,
    apps: apps.map((a) => ({ ...a, usagePlans: arr(a.usagePlans).filter((p) => typeof p?.name === "string").map((p) => ({ ...p, apiKeys: arr(p.apiKeys).filter((k) => typeof k === "string") })) })),
  };
  // field paths of the filtered apps point at the original indexes
  const index = new Map(apps.map((a) => [a, arr(env.apps).indexOf(a)]));
  const fix = (field: string) => field.replace(/^apps\[(\d+)\]/, (_m, k) => `apps[${index.get(apps[Number(k)])}]`);
  let names;
  try {
    names = generatedNames(safe as never);
  } catch {
    return out;
  }
  const byScope = new Map<string, { field: string; name: string }>();
  const reported = new Set<string>();
  for (const n of names) {
    const p = nameProblem(n.kind, n.name);
    // EC2 refuses security group names starting with `sg-`: with orgPrefix "sg" every derived name does, and orgPrefix is the field to edit
    const field = n.kind === "securityGroup" && n.name.startsWith("sg-") && env.orgPrefix === "sg" ? "orgPrefix" : fix(n.field);
    if (p && !reported.has(`${field}|${n.name}`)) {
      reported.add(`${field}|${n.name}`);
      out.push({ path: field, message: `gives the ${n.kind} name '${n.name}', which ${p}`, value: n.name });
    }
    // API Gateway does not require unique names for REST APIs, usage plans and API keys (ids identify them)
    if (n.scope.startsWith("apigw-")) continue;
    const key = `${n.scope}|${n.name}`;
    const prev = byScope.get(key);
    if (prev && prev.field !== n.field) out.push({ path: fix(n.field), message: `gives the ${n.kind} name '${n.name}', already used by ${fix(prev.field)}`, value: n.name });
    else if (!prev) byScope.set(key, { field: n.field, name: n.name });
  }
  return out;
}

/**
 * Across environment files: names that must be unique per account and Region (custom domains,
 * everything the naming module generates) may not repeat between environments that share an
 * account; `<orgPrefix>-<env>` must be unique.
 */
export function crossEnvironmentProblems(envs: readonly { name: string; orgPrefix: string; region: string; emulator?: boolean; accounts: { sharedServices: string }; domain: { name: string }; apps: readonly unknown[] }[]): { env: string; problem: ConfigProblem }[] {
  const out: { env: string; problem: ConfigProblem }[] = [];
  const prefixes = new Map<string, string>();
  const domains = new Map<string, string>();
  const names = new Map<string, string>();
  for (const e of envs) {
    const prefix = resourcePrefix(e);
    if (prefixes.has(prefix)) out.push({ env: e.name, problem: { path: "orgPrefix", message: `orgPrefix + name give the prefix '${prefix}' of environment ${prefixes.get(prefix)} as well`, value: e.orgPrefix } });
    else prefixes.set(prefix, e.name);
    // emulator environments never reach AWS (moto holds them apart): only real ones compete for the name
    if ((e as { emulator?: boolean }).emulator === true) continue;
    if (domains.has(e.domain.name)) out.push({ env: e.name, problem: { path: "domain.name", message: `is also the domain of environment ${domains.get(e.domain.name)} (a custom domain exists once per account and Region)`, value: e.domain.name } });
    else domains.set(e.domain.name, e.name);
    let gen;
    try {
      gen = generatedNames(e as never);
    } catch {
      continue;
    }
    for (const n of gen) {
      if (n.scope.startsWith("iam-policy:") || n.scope === "iam-deploy-role" || n.scope.startsWith("ssm-authz")) continue;
      const key = `${n.scope}|${n.name}`;
      const prev = names.get(key);
      if (prev && prev.split("|")[0] !== e.name) out.push({ env: e.name, problem: { path: n.field, message: `gives the ${n.kind} name '${n.name}', also created by environment ${prev.split("|")[0]} (${prev.split("|")[1]}) in the same account`, value: n.name } });
      else if (!prev) names.set(key, `${e.name}|${n.field}`);
    }
  }
  return out;
}
