/**
 * Issue 23's classes of accepted bad configuration (config/aws-class-rules.ts, config/aws/regions.ts,
 * dns.ts, issuer.ts) and the refusals that now name their field: each bad case is refused with
 * its field path and value before anything is written, each rule's valid neighbour (what AWS
 * accepts) stays accepted. A sample runs through the real `npm run synth -- --config`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ConfigError, validateEnvironment } from "../../config/load";
import { EXIT } from "../../cli";
import { synthesize } from "../../synth";
import { REGIONS_BY_PARTITION } from "../../config/aws/regions";
import { devFixture } from "../fixtures/env";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROOT = path.resolve(__dirname, "../..");

/** Moves the whole fixture to another Region (AZs, ARNs, state). */
const moveTo = (region: string, az = (s: string) => s.replace("eu-west-1", region)) => (e: Raw) => {
  e.region = region;
  e.state.region = region;
  for (const s of [...e.network.subnets, ...e.apps.flatMap((a: Raw) => a.backend.subnets)]) s.az = az(s.az);
  for (const a of e.apps) a.backend.albArn = a.backend.albArn.replace("eu-west-1", region);
};
const route = (method: string, p: string, extra: Raw = {}) => ({ method, path: p, scopes: ["orders:read"], ...extra });
const L63 = "a".repeat(63);

interface Case {
  readonly name: string;
  readonly bad: (e: Raw) => void;
  readonly path: string;
  /** The value the problem reports (a fragment of it for long strings). */
  readonly value: unknown;
  readonly message: RegExp;
  /** The valid neighbour: a close edit the same rule accepts. */
  readonly ok?: (e: Raw) => void;
}

const CASES: Case[] = [
  // --- Regions (AWS General Reference, "AWS Regions"; SDK partitions.json)
  { name: "region that matches the pattern but does not exist", bad: moveTo("eu-west-9"), path: "region", value: "eu-west-9", message: /not an AWS Region/, ok: moveTo("eu-west-3") },
  { name: "region typo (us-est-1)", bad: moveTo("us-est-1"), path: "region", value: "us-est-1", message: /did you mean us-east-1/, ok: moveTo("us-east-1") },
  { name: "newer region eu-south-2 is accepted, ap-southeast-8 is not", bad: moveTo("ap-southeast-8"), path: "region", value: "ap-southeast-8", message: /not an AWS Region/, ok: moveTo("eu-south-2") },
  { name: "region of a partition the stacks write no ARNs for (aws-iso)", bad: moveTo("us-iso-east-1"), path: "region", value: "us-iso-east-1", message: /partition aws-iso/, ok: (e) => { moveTo("us-gov-west-1")(e); for (const a of e.apps) a.backend.albArn = a.backend.albArn.replace("arn:aws:", "arn:aws-us-gov:"); } },
  { name: "state bucket region with a typo", bad: (e) => (e.state.region = "eu-wset-1"), path: "state.region", value: "eu-wset-1", message: /did you mean eu-west-1/, ok: (e) => (e.state.region = "eu-central-1") },
  { name: "state bucket region that does not exist", bad: (e) => (e.state.region = "eu-west-4"), path: "state.region", value: "eu-west-4", message: /not an AWS Region/, ok: (e) => (e.state.region = "eu-west-2") },
  { name: "state bucket in another partition", bad: (e) => (e.state.region = "cn-north-1"), path: "state.region", value: "cn-north-1", message: /partition aws-cn/, ok: (e) => (e.state.region = "us-west-2") },
  // --- DNS and ACM names
  { name: "domain name over ACM's 64-octet Common Name", bad: (e) => { e.domain.name = `${"a".repeat(41)}.api.dev.acme-example.com`; }, path: "domain.name", value: `${"a".repeat(41)}.api.dev.acme-example.com`, message: /Common Name.*64 octets/, ok: (e) => { e.domain.name = `${"a".repeat(39)}.api.dev.acme-example.com`; } },
  { name: "extra name with a 64-octet label", bad: (e) => (e.domain.extraNames = [`${"a".repeat(64)}.dev.acme-example.com`]), path: "domain.extraNames[0]", value: `${"a".repeat(64)}.dev.acme-example.com`, message: /label of 64 octets/, ok: (e) => (e.domain.extraNames = [`${L63}.dev.acme-example.com`]) },
  { name: "extra name (a SAN) over 253 octets", bad: (e) => (e.domain.extraNames = [`${L63}.${L63}.${L63}.${"a".repeat(41)}.dev.acme-example.com`]), path: "domain.extraNames[0]", value: `${L63}.${L63}.${L63}.${"a".repeat(41)}.dev.acme-example.com`, message: /254 octets.*253/, ok: (e) => (e.domain.extraNames = [`${L63}.${L63}.${L63}.${"a".repeat(40)}.dev.acme-example.com`]) },
  { name: "hosted zone with a 64-octet label", bad: (e) => { e.domain.hostedZone.name = `${"z".repeat(64)}.com`; e.domain.name = `api.${"z".repeat(64)}.com`; }, path: "domain.hostedZone.name", value: `${"z".repeat(64)}.com`, message: /label of 64 octets/ },
  { name: "backend hostname with a 64-octet label", bad: (e) => (e.apps[0].backend.hostname = `${"o".repeat(64)}.internal.dev.acme-example.com`), path: "apps[0].backend.hostname", value: `${"o".repeat(64)}.internal.dev.acme-example.com`, message: /label of 64 octets/, ok: (e) => (e.apps[0].backend.hostname = `${"o".repeat(63)}.internal.dev.acme-example.com`) },
  { name: "extra name with an empty label", bad: (e) => (e.domain.extraNames = ["www..dev.acme-example.com"]), path: "domain.extraNames[0]", value: "www..dev.acme-example.com", message: /empty label/, ok: (e) => { e.domain.hostedZone.name = "acme-example.xn--p1ai"; e.domain.name = "api.acme-example.xn--p1ai"; e.domain.extraNames = ["www.acme-example.xn--p1ai"]; } /* an IDN TLD in punycode */ },
  // --- PrivateLink zones: the gateway's endpoint subnets must be zones of the app's NLB
  { name: "app NLB zones (AZ ids) do not cover the gateway endpoint's", bad: (e) => { e.network.subnets[0].az = "euw1-az1"; e.network.subnets[1].az = "euw1-az2"; e.apps[0].backend.subnets[0].az = "euw1-az1"; e.apps[0].backend.subnets[1].az = "euw1-az3"; }, path: "apps[0].backend.subnets", value: ["euw1-az1", "euw1-az3"], message: /no subnet in euw1-az2/, ok: (e) => { e.network.subnets[0].az = "euw1-az1"; e.network.subnets[1].az = "euw1-az2"; e.apps[0].backend.subnets[0].az = "euw1-az2"; e.apps[0].backend.subnets[1].az = "euw1-az1"; } },
  { name: "same-account app whose zone names do not cover the endpoint's", bad: (e) => { e.apps[0].account = "111111111111"; e.apps[0].backend.albArn = e.apps[0].backend.albArn.replace("222222222222", "111111111111"); e.apps[0].backend.subnets[1].az = "eu-west-1c"; }, path: "apps[0].backend.subnets", value: ["eu-west-1a", "eu-west-1c"], message: /no subnet in eu-west-1b/, ok: (e) => { e.apps[0].backend.subnets[1].az = "eu-west-1c"; } /* another account: names map differently, not comparable */ },
  // --- WAF rules that can never fire (allow rules run first)
  { name: "the same range allowed and blocked", bad: (e) => { e.edge.waf.allowCidrs = ["203.0.113.0/24"]; e.edge.waf.blockCidrs = ["203.0.113.0/24"]; }, path: "edge.waf.blockCidrs[0]", value: "203.0.113.0/24", message: /can never block.*allowCidrs\[0\]/, ok: (e) => { e.edge.waf.allowCidrs = ["203.0.113.0/25"]; e.edge.waf.blockCidrs = ["203.0.113.0/24"]; } },
  { name: "a block inside a broader allowed range", bad: (e) => { e.edge.waf.allowCidrs = ["10.0.0.0/8"]; e.edge.waf.blockCidrs = ["198.51.100.0/24", "10.1.0.0/16"]; }, path: "edge.waf.blockCidrs[1]", value: "10.1.0.0/16", message: /can never block/, ok: (e) => { e.edge.waf.allowCidrs = ["10.0.0.0/16"]; e.edge.waf.blockCidrs = ["10.1.0.0/16"]; } },
  { name: "a block covered by two allowed ranges together", bad: (e) => { e.edge.waf.allowCidrs = ["192.0.2.0/25", "192.0.2.128/25"]; e.edge.waf.blockCidrs = ["192.0.2.0/24"]; }, path: "edge.waf.blockCidrs[0]", value: "192.0.2.0/24", message: /allowCidrs together/, ok: (e) => { e.edge.waf.allowCidrs = ["192.0.2.0/25"]; e.edge.waf.blockCidrs = ["192.0.2.0/24"]; } },
  { name: "an IPv6 block inside an allowed IPv6 range", bad: (e) => { e.edge.waf.allowCidrs = ["2001:db8::/32"]; e.edge.waf.blockCidrs = ["2001:db8:1::/48"]; }, path: "edge.waf.blockCidrs[0]", value: "2001:db8:1::/48", message: /can never block/, ok: (e) => { e.edge.waf.allowCidrs = ["2001:db8::/32"]; e.edge.waf.blockCidrs = ["2001:db9::/48"]; } },
  { name: "WAF allow list over the 10,000 addresses of an IP set", bad: (e) => (e.edge.waf.allowCidrs = Array.from({ length: 10001 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`)), path: "edge.waf.allowCidrs", value: 10001, message: /at most 10000/, ok: (e) => (e.edge.waf.allowCidrs = Array.from({ length: 10000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`)) },
  // --- OIDC issuer / JWKS URL (OpenID Connect Core §2, Discovery §3/§4.3)
  { name: "issuer with a query string", bad: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com/?tenant=a"), path: "edge.authorizer.issuer", value: "https://login.dev.acme-example.com/?tenant=a", message: /query string/, ok: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com/tenant/a") },
  { name: "issuer with a fragment", bad: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com/#a"), path: "edge.authorizer.issuer", value: "https://login.dev.acme-example.com/#a", message: /fragment/, ok: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com") },
  { name: "issuer with user info", bad: (e) => (e.edge.authorizer.issuer = "https://ci:secret@login.dev.acme-example.com/"), path: "edge.authorizer.issuer", value: "https://ci:secret@login.dev.acme-example.com/", message: /user info/ },
  { name: "issuer given as the discovery document URL", bad: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com/.well-known/openid-configuration"), path: "edge.authorizer.issuer", value: "https://login.dev.acme-example.com/.well-known/openid-configuration", message: /part before \/\.well-known/ },
  { name: "issuer ending in '//'", bad: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com//"), path: "edge.authorizer.issuer", value: "https://login.dev.acme-example.com//", message: /more than one '\/'/, ok: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com/") },
  { name: "issuer with the default port :443", bad: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com:443/"), path: "edge.authorizer.issuer", value: "https://login.dev.acme-example.com:443/", message: /default port/, ok: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com:8443/realms/acme") },
  { name: "issuer with an upper-case host", bad: (e) => (e.edge.authorizer.issuer = "https://Login.dev.acme-example.com/"), path: "edge.authorizer.issuer", value: "https://Login.dev.acme-example.com/", message: /lower case/, ok: (e) => (e.edge.authorizer.issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123") },
  { name: "issuer with a dot segment", bad: (e) => (e.edge.authorizer.issuer = "https://login.dev.acme-example.com/a/../b"), path: "edge.authorizer.issuer", value: "https://login.dev.acme-example.com/a/../b", message: /'\.' or '\.\.'/ },
  { name: "JWKS URL with user info", bad: (e) => (e.edge.authorizer.jwksUrl = "https://u:p@login.dev.acme-example.com/keys"), path: "edge.authorizer.jwksUrl", value: "https://u:p@login.dev.acme-example.com/keys", message: /user info/, ok: (e) => (e.edge.authorizer.jwksUrl = "https://login.dev.acme-example.com/keys?tenant=a") },
  { name: "audience with a comma (the authorizer splits on it)", bad: (e) => (e.edge.authorizer.audience = ["api://orders,billing"]), path: "edge.authorizer.audience[0]", value: "api://orders,billing", message: /','/, ok: (e) => (e.edge.authorizer.audience = ["api://orders", "api://billing"]) },
  // --- REST resource path characters (API Gateway: a-zA-Z0-9._- per path part)
  { name: "route path with '~'", bad: (e) => e.apps[0].routes.push(route("GET", "/~admin")), path: "apps[0].routes[4].path", value: "/~admin", message: /'~'/, ok: (e) => e.apps[0].routes.push(route("GET", "/admin_v1.2-x")) },
  // --- mTLS truststore version (S3 version ids)
  { name: "truststore version that is an ETag", bad: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: '"9b2cf535f27731c974343645a3985328"' }), path: "domain.mtls.truststoreVersion", value: '"9b2cf535f27731c974343645a3985328"', message: /ETag/, ok: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: "3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo" }) },
  { name: "truststore key that names a folder", bad: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "certs/" }), path: "domain.mtls.truststoreKey", value: "certs/", message: /folder/, ok: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "certs/truststore.pem" }) },
  { name: "truststore version that is empty", bad: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: "" }), path: "domain.mtls.truststoreVersion", value: "", message: /empty/, ok: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem" }) },
  { name: "truststore version with a space", bad: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: "v1 2" }), path: "domain.mtls.truststoreVersion", value: "v1 2", message: /characters/, ok: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: "null" }) },
  { name: "truststore version given as a versionId query", bad: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: "versionId=abc" }), path: "domain.mtls.truststoreVersion", value: "versionId=abc", message: /version id alone/ },
  { name: "truststore version over 1024 bytes", bad: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: "v".repeat(1025) }), path: "domain.mtls.truststoreVersion", value: "v".repeat(1025), message: /1025 bytes/, ok: (e) => (e.domain.mtls = { truststoreBucket: "acme-trust", truststoreKey: "ca.pem", truststoreVersion: "v".repeat(1024) }) },
  // --- throttling that rejects every request (token bucket)
  { name: "edge burst 0 rejects every request", bad: (e) => (e.edge.throttling = { rateLimit: 100, burstLimit: 0 }), path: "edge.throttling.burstLimit", value: 0, message: /every request with 429/, ok: (e) => (e.edge.throttling = { rateLimit: 100, burstLimit: 1 }) },
  { name: "edge rate 0 never refills", bad: (e) => (e.edge.throttling = { rateLimit: 0, burstLimit: 100 }), path: "edge.throttling.rateLimit", value: 0, message: /never refills/, ok: (e) => (e.edge.throttling = { rateLimit: 0.5, burstLimit: 100 }) },
  { name: "app burst 0", bad: (e) => (e.apps[0].throttling = { rateLimit: 10, burstLimit: 0 }), path: "apps[0].throttling.burstLimit", value: 0, message: /429/, ok: (e) => (e.apps[0].throttling = { rateLimit: 100, burstLimit: 10 }) /* burst < rate: AWS accepts it */ },
  { name: "route throttle 0/0", bad: (e) => (e.apps[0].routes[2].throttling = { rateLimit: 0, burstLimit: 0 }), path: "apps[0].routes[2].throttling.burstLimit", value: 0, message: /429/ },
  { name: "usage plan burst 0", bad: (e) => (e.apps[1].usagePlans[0].throttling = { rateLimit: 20, burstLimit: 0 }), path: "apps[1].usagePlans[0].throttling.burstLimit", value: 0, message: /every key of the plan/ },
  // --- tags: field path for keys, case collisions, Unicode accepted
  { name: "two tag keys differing only in case", bad: (e) => (e.tags = { Team: "a", team: "b" }), path: 'tags["team"]', value: "team", message: /only in case/, ok: (e) => (e.tags = { Team: "a", Teams: "b" }) },
  { name: "tag key with '!' names the key", bad: (e) => (e.tags = { "Team!": "x" }), path: 'tags["Team!"]', value: "Team!", message: /tag keys may contain only/, ok: (e) => (e.tags = { "Équipe": "données", "Cost Center": "" }) /* Unicode letters and empty values are AWS tags */ },
  { name: "tag key longer than 128", bad: (e) => (e.tags = { ["k".repeat(129)]: "x" }), path: `tags["${"k".repeat(129)}"]`, value: "k".repeat(129), message: /1-128/, ok: (e) => (e.tags = { ["k".repeat(128)]: "x" }) },
  // --- derived security group names: the field to edit
  { name: "orgPrefix 'sg' gives security group names EC2 reserves", bad: (e) => (e.orgPrefix = "sg"), path: "orgPrefix", value: "sg-dev-orders-endpoint", message: /sg-/, ok: (e) => (e.orgPrefix = "sgx") },
];

function problemsOf(edit: (e: Raw) => void) {
  const r = validateEnvironment(devFixture(edit));
  return r.ok ? [] : r.problems;
}

describe("the baseline is valid", () => {
  it("dev fixture has no problems, case names are unique", () => {
    expect(problemsOf(() => {})).toEqual([]);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });
});

describe("each bad config: exit 1, field path, value, nothing written", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-classrules-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  it.each(CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_n, c, i) => {
    const file = path.join(work, `case-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(devFixture(c.bad), null, 2));
    const outdir = path.join(work, `out-${i}`);
    const err = await synthesize({ configFiles: [file], outdir, authorizerBundle: { zipPath: "unused", sha256: "0".repeat(64) } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    const hit = problems.find((p) => p.path === c.path && c.message.test(p.message));
    if (!hit) throw new Error(`expected ${c.path} ~ ${c.message}; got:\n${(err as Error).message}`);
    expect(hit.value).toEqual(c.value);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});

describe("each rule's valid neighbour is accepted", () => {
  it.each(CASES.filter((c) => c.ok).map((c) => [c.name, c] as const))("%s", (_n, c) => {
    expect(problemsOf(c.ok!).map((p) => `${p.path}: ${p.message}`)).toEqual([]);
  });
  it("AZ names of two different accounts are not compared (their mapping differs per account)", () => {
    expect(problemsOf((e) => (e.apps[0].backend.subnets[1].az = "eu-west-1c"))).toEqual([]);
  });
  it.each(["https://login.dev.acme-example.com", "https://login.dev.acme-example.com/", "https://login.dev.acme-example.com/oauth2/default"])("issuer %s (both trailing forms are real issuers)", (issuer) => {
    expect(problemsOf((e) => (e.edge.authorizer.issuer = issuer))).toEqual([]);
  });
});

describe("the Region list", () => {
  // @aws-sdk/core (installed with the project's AWS SDK clients) carries AWS's partitions.json
  const client = jest.requireActual("@aws-sdk/core/client") as { partition: (r: string) => { name: string; description?: string } };
  it("every listed Region is one the installed AWS SDK knows, in the same partition", () => {
    for (const [p, regions] of Object.entries(REGIONS_BY_PARTITION)) for (const r of regions) expect(`${r} ${client.partition(r).name} ${!!client.partition(r).description}`).toBe(`${r} ${p} true`);
  });
  it("every Region of the SDK's table is listed (a new Region is noticed here)", () => {
    const file = require.resolve("@aws-sdk/core/client");
    const text = fs.readFileSync(file, "utf8");
    const sdk = [...text.matchAll(/"([a-z]{2,4}(?:-[a-z]+)+-\d+)":\s*\{\s*"?description"?/g)].map((m) => m[1]);
    expect(sdk.length).toBeGreaterThan(30);
    const ours = new Set(Object.values(REGIONS_BY_PARTITION).flat());
    expect(sdk.filter((r) => !ours.has(r))).toEqual([]);
  });
  it("a name of the Region pattern that is no Region is unknown to the SDK too", () => {
    expect(client.partition("eu-west-9").description).toBeUndefined();
  });
});

describe("all problems at once", () => {
  it("every class in one file is listed", () => {
    const names = ["region typo (us-est-1)", "domain name over ACM's 64-octet Common Name", "the same range allowed and blocked", "issuer with a query string", "route path with '~'", "truststore version that is an ETag", "edge burst 0 rejects every request", "two tag keys differing only in case"];
    const many = names.map((n) => CASES.find((c) => c.name === n)!);
    const all = problemsOf((e) => many.forEach((c) => c.bad(e)));
    expect(many.filter((c) => !all.some((p) => p.path === c.path)).map((c) => c.name)).toEqual([]);
  });
});

describe("through the real command: npm run synth -- --config <file>", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-classcli-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sample = ["state bucket region with a typo", "issuer with a query string", "app NLB zones (AZ ids) do not cover the gateway endpoint's"];
  it.each(sample)("%s", (name) => {
    const c = CASES.find((k) => k.name === name)!;
    const file = path.join(dir, "env.json");
    fs.writeFileSync(file, JSON.stringify(devFixture(c.bad)));
    const out = path.join(dir, "out");
    const r = spawnSync("npm", ["run", "--silent", "synth", "--", "--config", file, "--out", out], { cwd: ROOT, encoding: "utf8", timeout: 60000 });
    expect(r.status).toBe(EXIT.error);
    expect(r.stderr).toContain("nothing was written");
    expect(r.stderr).toContain(`${c.path}:`);
    expect(r.stderr).toContain(JSON.stringify(c.value).slice(0, 60));
    expect(fs.existsSync(out)).toBe(false);
  }, 60000);
});
