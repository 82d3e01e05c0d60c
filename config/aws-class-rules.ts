/**
 * Classes of configuration AWS refuses at apply (or accepts with traffic silently broken) that
 * the shape checks let through (issue 23). Like `aws-rules.ts` these run on the RAW input and
 * report every problem with its field path and value; each rule cites its AWS source and has a
 * row in the README's "Validation" table. Each rule keeps what AWS accepts accepted (see the
 * valid neighbours in test/unit/aws-class-rules.test.ts).
 */
import type { ConfigProblem } from "./problem";
import { knownPartition, regionProblem } from "./aws/regions";
import { dnsNameProblem } from "./aws/dns";
import { issuerProblem, jwksUrlProblem } from "./aws/issuer";
import { parseCidr, type Cidr } from "./aws/net";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Add = (path: string, message: string, value: unknown) => void;

const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): v is Record<string, Raw> => !!v && typeof v === "object" && !Array.isArray(v);

export function awsClassProblems(env: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add: Add = (path, message, value) => out.push({ path, message, value });
  if (!obj(env)) return out;
  checkRegions(env, add);
  checkDnsNames(env, add);
  checkEndpointAzs(env, add);
  checkDeadWafRules(env, add);
  checkAuthorizerUrls(env, add);
  checkRoutePathCharacters(env, add);
  checkTruststoreVersion(env, add);
  checkThrottling(env, add);
  checkTagCase(env, add);
  return out;
}

// --- Regions ---------------------------------------------------------------------------------

/**
 * `region` and `state.region` must be Regions that exist (config/aws/regions.ts); the state bucket
 * must be in the environment's partition (credentials of one partition are unknown in another).
 */
/** Partitions whose ARNs the stacks write (modules/deploy-permissions.ts partitionOf). */
const BUILT_PARTITIONS = ["aws", "aws-cn", "aws-us-gov"];

function checkRegions(env: Raw, add: Add): void {
  const p = regionProblem(env.region);
  if (p) add("region", p, env.region);
  else if (typeof env.region === "string") {
    const part = knownPartition(env.region);
    if (part && !BUILT_PARTITIONS.includes(part)) add("region", `is in partition ${part}; the stacks write ARNs for ${BUILT_PARTITIONS.join(", ")} only, so every role, policy and endpoint ARN would be refused (AWS General Reference, "ARN format")`, env.region);
  }
  if (obj(env.state) && env.state.backend === "s3" && typeof env.state.region === "string") {
    const sp = regionProblem(env.state.region);
    if (sp) add("state.region", `${sp}; the state bucket's Region is where terraform init looks for it`, env.state.region);
    else if (typeof env.region === "string" && !p) {
      const a = knownPartition(env.region);
      const b = knownPartition(env.state.region);
      if (a && b && a !== b) add("state.region", `is in partition ${b}, the environment (${env.region}) in ${a}: one set of credentials cannot reach both (AWS General Reference, "AWS Regions")`, env.state.region);
    }
  }
}

// --- DNS and certificate names -------------------------------------------------------------------

/** Route 53 / ACM / API Gateway name limits (config/aws/dns.ts); `domain.name` is the certificate's Common Name. */
function checkDnsNames(env: Raw, add: Add): void {
  const d = env.domain;
  if (obj(d)) {
    const p = dnsNameProblem(d.name, { commonName: true });
    if (p) add("domain.name", p, d.name);
    arr(d.extraNames).forEach((n, i) => {
      const q = dnsNameProblem(n);
      if (q) add(`domain.extraNames[${i}]`, q, n);
    });
    if (obj(d.hostedZone)) {
      const q = dnsNameProblem(d.hostedZone.name);
      if (q) add("domain.hostedZone.name", q, d.hostedZone.name);
    }
  }
  arr(env.apps).forEach((app, i) => {
    if (!obj(app) || !obj(app.backend) || app.backend.hostname === undefined) return;
    const q = dnsNameProblem(app.backend.hostname);
    if (q) add(`apps[${i}].backend.hostname`, q, app.backend.hostname);
  });
}

// --- PrivateLink Availability Zones -------------------------------------------------------------

const isAzId = (az: string) => /^[a-z]+\d+-az\d+$/.test(az);

/**
 * The gateway's interface endpoint for an `alb` app is created in `network.subnets` (the
 * shared-services account); the app's endpoint service (its NLB) lives in
 * `apps[i].backend.subnets` (the workload account). "The VPC endpoint service ... does not support
 * the Availability Zone of the subnet" unless every endpoint subnet's zone is one of the load
 * balancer's (AWS PrivateLink guide, "Access a service through an interface endpoint"
 * considerations; AWS Knowledge Center "interface-endpoint-availability-zone"). Zone *names* are
 * mapped to physical zones per account (EC2 User Guide, "AZ IDs"), so they are compared only
 * when both sides are in the same account; AZ ids are the same in every account and are always
 * compared. Names across two accounts cannot be compared from the configuration: accepted (use
 * AZ ids to have them checked).
 */
function checkEndpointAzs(env: Raw, add: Add): void {
  const platform = arr(env.network?.subnets).map((s) => str(s?.az)).filter((a): a is string => !!a);
  if (!platform.length) return;
  const shared = str(env.accounts?.sharedServices);
  arr(env.apps).forEach((app, i) => {
    if (!obj(app) || !obj(app.backend) || (app.backend.kind !== undefined && app.backend.kind !== "alb")) return;
    const zones = arr(app.backend.subnets).map((s) => str(s?.az)).filter((a): a is string => !!a);
    if (!zones.length) return;
    const sameAccount = !!shared && app.account === shared;
    const comparable = (a: string, b: string) => (isAzId(a) && isAzId(b)) || (!isAzId(a) && !isAzId(b) && sameAccount);
    const missing = platform.filter((pz) => zones.every((z) => comparable(pz, z)) && !zones.includes(pz));
    if (missing.length) {
      add(
        `apps[${i}].backend.subnets`,
        `the app's endpoint service (its NLB) has no subnet in ${missing.join(", ")}, where network.subnets puts the gateway's interface endpoint: CreateVpcEndpoint fails ("does not support the Availability Zone of the subnet"). Add a subnet in ${missing.join(", ")} (AWS PrivateLink: the endpoint's zones must be the load balancer's)`,
        zones,
      );
    }
  });
}

// --- WAF rules that can never fire -----------------------------------------------------------------

const span = (c: Cidr): [bigint, bigint] => {
  const bits = c.family === 4 ? 32n : 128n;
  return [c.network, c.network + (1n << (bits - BigInt(c.prefix)))];
};

/** Whether `c` lies inside the union of `by` (same family). */
function coveredBy(c: Cidr, by: readonly Cidr[]): boolean {
  const [from, to] = span(c);
  const ranges = by.filter((b) => b.family === c.family).map(span).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let at = from;
  for (const [f, t] of ranges) {
    if (t <= at) continue;
    if (f > at) return false;
    at = t;
    if (at >= to) return true;
  }
  return at >= to;
}

export const WAF_IP_SET_MAX_ADDRESSES = 10_000;

/**
 * The web ACL evaluates the allow rules before the block rules (modules/web-acl.ts: lower
 * priority first; a matching Allow or Block ends evaluation — WAF Developer Guide, "Rule action"
 * and "Setting rule priority"). A block entry whose addresses are all allowed already — the same
 * range, or inside a broader allowed range, or covered by several allowed ranges together — can
 * never block anything.
 */
function checkDeadWafRules(env: Raw, add: Add): void {
  const waf = env.edge?.waf;
  if (!obj(waf)) return;
  const parsed = (list: unknown) => arr(list).map((c) => { const r = parseCidr(c); return r.ok ? r.cidr : undefined; });
  const allow = parsed(waf.allowCidrs);
  const allowOk = allow.filter((c): c is Cidr => !!c);
  // AWS WAF quotas: at most 10,000 addresses (CIDR blocks) per IP set, not adjustable; one set per family and list
  for (const [field, list] of [["edge.waf.allowCidrs", allow], ["edge.waf.blockCidrs", parsed(waf.blockCidrs)]] as const) {
    for (const fam of [4, 6]) {
      const n = list.filter((c) => c?.family === fam).length;
      if (n > WAF_IP_SET_MAX_ADDRESSES) add(field, `has ${n} IPv${fam} blocks; a WAF IP set holds at most ${WAF_IP_SET_MAX_ADDRESSES} (AWS WAF Developer Guide, "AWS WAF quotas")`, n);
    }
  }
  if (!allowOk.length) return;
  parsed(waf.blockCidrs).forEach((b, j) => {
    if (!b || b.prefix === 0) return;
    if (!coveredBy(b, allowOk)) return;
    const by = allow.map((a, k) => (a && a.family === b.family && coveredBy(b, [a]) ? k : -1)).filter((k) => k >= 0);
    const where = by.length ? `edge.waf.allowCidrs[${by[0]}] (${allow[by[0]]!.text})` : "edge.waf.allowCidrs together";
    add(`edge.waf.blockCidrs[${j}]`, `can never block: every address in it is allowed first by ${where}, and the allow rule runs before the block rule (WAF: the first matching Allow/Block ends evaluation). Remove it from one list`, waf.blockCidrs[j]);
  });
}

// --- OIDC issuer -------------------------------------------------------------------------------------

/** The issuer and JWKS URL against OpenID Connect's rules (config/aws/issuer.ts). */
function checkAuthorizerUrls(env: Raw, add: Add): void {
  const a = env.edge?.authorizer;
  if (!obj(a)) return;
  const p = issuerProblem(a.issuer);
  if (p) add("edge.authorizer.issuer", p, a.issuer);
  if (a.jwksUrl !== undefined) {
    const q = jwksUrlProblem(a.jwksUrl);
    if (q) add("edge.authorizer.jwksUrl", q, a.jwksUrl);
  }
  const aud = Array.isArray(a.audience) ? a.audience : a.audience === undefined ? [] : [a.audience];
  aud.forEach((v: unknown, i: number) => {
    const path = Array.isArray(a.audience) ? `edge.authorizer.audience[${i}]` : "edge.authorizer.audience";
    // the authorizer reads OIDC_AUDIENCE as a comma-separated list with each entry trimmed
    if (typeof v === "string" && (v.includes(",") || v.trim() !== v)) add(path, "must not contain ',' or surrounding whitespace: the authorizer splits the audience list on ',' and trims, so the token's aud could never match", v);
  });
}

// --- REST resource paths -----------------------------------------------------------------------------

/**
 * API Gateway CreateResource / OpenAPI import: "Resource's path part only allow a-zA-Z0-9._- and
 * curly braces at the beginning and the end and an optional plus sign before the closing brace"
 * (the BadRequestException text; aws-cdk's aws-apigateway Resource validation encodes the same).
 * `~` passes the schema but not API Gateway.
 */
function checkRoutePathCharacters(env: Raw, add: Add): void {
  arr(env.apps).forEach((app, i) => {
    arr(app?.routes).forEach((r, j) => {
      const p = str(r?.path);
      if (!p || !p.startsWith("/")) return;
      const bad = p.slice(1).split("/").find((s) => !/^\{.*\}$/.test(s) && /[~]/.test(s));
      if (bad !== undefined) add(`apps[${i}].routes[${j}].path`, `segment '${bad}' has '~': API Gateway resource path parts allow only a-zA-Z0-9._- (and a whole-segment {variable})`, p);
    });
  });
}

// --- mTLS truststore version ---------------------------------------------------------------------------

/**
 * `domain.mtls.truststoreVersion` is the S3 version id of the truststore object: "Version IDs are
 * Unicode, UTF-8 encoded, URL-ready, opaque strings that are no more than 1,024 bytes long"
 * (S3 User Guide, "How S3 Versioning works"; e.g. `3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo`).
 * Refused: empty, longer, whitespace or characters that need URL escaping, an ETag (quoted), a
 * URL or `versionId=` query. `null` (an object written before versioning) stays accepted.
 */
function checkTruststoreVersion(env: Raw, add: Add): void {
  const m = env.domain?.mtls;
  if (!obj(m)) return;
  // a key ending in '/' is S3's folder marker, never a PEM bundle API Gateway can read
  if (typeof m.truststoreKey === "string" && m.truststoreKey.endsWith("/")) add("domain.mtls.truststoreKey", "ends with '/': that names a folder, not the truststore object (the PEM bundle, e.g. certs/truststore.pem)", m.truststoreKey);
  if (m.truststoreVersion === undefined) return;
  const v = m.truststoreVersion;
  if (typeof v !== "string") return;
  const at = "domain.mtls.truststoreVersion";
  const src = "(S3 User Guide, \"How S3 Versioning works\": version ids are URL-ready strings of at most 1,024 bytes)";
  if (v.length === 0) add(at, `must be the truststore object's S3 version id, or left out (got an empty string) ${src}`, v);
  else if (Buffer.byteLength(v, "utf8") > 1024) add(at, `is ${Buffer.byteLength(v, "utf8")} bytes ${src}`, v);
  else if (/^"|"$/.test(v) || /^W\//.test(v)) add(at, `looks like an ETag (quoted); give the object's VersionId (aws s3api list-object-versions) ${src}`, v);
  else if (/^s3:\/\/|^https?:\/\/|versionId=/i.test(v)) add(at, `must be the version id alone, not a URL or a versionId= query ${src}`, v);
  else if (!/^[A-Za-z0-9._+/=-]+$/.test(v)) add(at, `has characters that are not in S3 version ids (letters, digits and . _ - + / =) ${src}`, v);
}

// --- throttling that rejects every request -----------------------------------------------------------------

/**
 * API Gateway throttles with a token bucket: the burst is the bucket's size (the most requests
 * served at once), the rate refills it (API Gateway Developer Guide, "Throttle requests to your
 * REST APIs": "the burst limit represents the target maximum number of concurrent request
 * submissions"). A burst below 1 holds no token, so every request gets 429; a rate of 0 never
 * refills it, so every request after the first burst gets 429. A burst smaller than the rate is
 * accepted (AWS accepts it; evenly spaced requests still reach the rate).
 */
function checkThrottling(env: Raw, add: Add): void {
  const one = (path: string, t: Raw, what: string) => {
    if (!obj(t)) return;
    if (typeof t.burstLimit === "number" && t.burstLimit < 1) {
      add(`${path}.burstLimit`, `${what}: a burst below 1 leaves the token bucket empty, so API Gateway answers every request with 429 (the burst is the bucket size)`, t.burstLimit);
    }
    if (typeof t.rateLimit === "number" && t.rateLimit <= 0 && !(typeof t.burstLimit === "number" && t.burstLimit < 1)) {
      add(`${path}.rateLimit`, `${what}: a rate of 0 never refills the token bucket, so after the first ${t.burstLimit ?? "burst"} requests every request gets 429`, t.rateLimit);
    }
  };
  one("edge.throttling", env.edge?.throttling, "the stage throttle of every app");
  arr(env.apps).forEach((app, i) => {
    if (!obj(app)) return;
    one(`apps[${i}].throttling`, app.throttling, "the app's stage throttle");
    arr(app.routes).forEach((r, j) => one(`apps[${i}].routes[${j}].throttling`, r?.throttling, "this route's throttle"));
    arr(app.usagePlans).forEach((p, j) => one(`apps[${i}].usagePlans[${j}].throttling`, p?.throttling, "the usage plan's throttle (every key of the plan)"));
  });
}

// --- tag keys differing only in case ---------------------------------------------------------------------

/**
 * The environment's tags go on every resource, IAM roles included, as provider default tags.
 * IAM treats tag keys case-insensitively: a role cannot carry two keys that differ only in case
 * (IAM User Guide, "Tagging IAM resources", Case sensitivity). Collisions with the project's own
 * keys are reported by aws-rules.ts; this reports two user keys.
 */
function checkTagCase(env: Raw, add: Add): void {
  if (!obj(env.tags)) return;
  const seen = new Map<string, string>();
  for (const k of Object.keys(env.tags)) {
    const low = k.toLowerCase();
    const prev = seen.get(low);
    if (prev !== undefined) add(`tags[${JSON.stringify(k)}]`, `differs from tags[${JSON.stringify(prev)}] only in case: IAM refuses tag keys that differ only in case on one role (IAM User Guide, tag case sensitivity)`, k);
    else seen.set(low, k);
  }
}
