/**
 * The topology picture of one environment as a Mermaid flowchart, drawn top to bottom so it
 * stays legible at the width of a GitHub page: the client resolves the name in Route 53 (DNS
 * only) and calls the custom domain, whose API mappings route each base path to its app's REST
 * API; the WAF web ACL is associated with each API's stage (it filters, it does not route); each
 * API -> its backend (modules/backends/: for an ALB VPC link -> platform NLB :port -> interface
 * endpoint -> [workload account] endpoint service -> NLB -> ALB; for Lambda the alias in the
 * workload account; mock), with the shared authorizer attached to the APIs that use it. Names
 * follow config/naming.ts and the modules that create them.
 */
import { isPrivateApp } from "../config/private-apis";
import type { App, Environment } from "../config/schema";
import { derivedNames, resourcePrefix } from "../config/naming";
import { MANAGED_RULE_GROUPS } from "../modules/web-acl";
import { ingressShardOf, ingressShards, shardNodeId } from "../config/ingress-shards";
import { backendsOf } from "../modules/backends";

/** Mermaid-safe node id. */
const id = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
/** A quoted Mermaid label (quotes and angle brackets escaped; `<br/>` added by the caller). */
const esc = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
const label = (...lines: string[]) => `"${lines.map(esc).join("<br/>")}"`;


/** Workload accounts in first-use order, each with its apps. */
function accounts(env: Environment): [string, App[]][] {
  const by = new Map<string, App[]>();
  for (const app of env.apps) by.set(app.account, [...(by.get(app.account) ?? []), app]);
  return [...by.entries()];
}

/** The Mermaid source (without the ``` fence). Deterministic for a given environment. */
export function topologyMermaid(env: Environment): string {
  const prefix = resourcePrefix(env);
  const azs = new Set(env.network.subnets.map((s) => s.az)).size;
  const zone = env.domain.hostedZone;
  const waf = env.edge.waf;
  const wafExtras = [waf.allowCidrs.length ? "IP allow list" : "", waf.blockCidrs.length ? "IP block list" : "", waf.blockedCountries.length ? `geo block ${waf.blockedCountries.join(" ")}` : ""].filter(Boolean);
  const apps = [...env.apps].sort((a, b) => a.basePath.localeCompare(b.basePath) || a.name.localeCompare(b.name));
  const L: string[] = ["flowchart TB"];
  L.push(`  client([${label("Client")}])`);
  L.push(`  subgraph shared[${label(`Shared-services account ${env.accounts.sharedServices}`)}]`);
  L.push("    direction TB");
  L.push(`    r53[${label(`Route 53 zone ${zone.name}`, zone.mode === "create" ? "(created)" : `(adopted ${zone.zoneId})`)}]`);
  L.push(`    domain[${label(`Custom domain ${env.domain.name}`, `REGIONAL, TLS 1.2${env.domain.mtls ? ", mutual TLS" : ""}`)}]`);
  const privateDomain = env.privateApis?.domain?.name;
  if (privateDomain) L.push(`    pdomain[${label(`Private custom domain ${privateDomain}`, `PRIVATE, TLS 1.2, ${env.privateApis!.endpoints.length} interface endpoints`)}]`);
  L.push(`    waf{{${label(`WAF web ACL ${prefix}-api`, `${MANAGED_RULE_GROUPS.length} managed groups, ${waf.rateLimitPerIp} req/5 min per IP`, ...wafExtras)}}}`);
  if (apps.some((a) => a.routes.some((r) => !r.public))) {
    L.push(`    authz[[${label(`Lambda authorizer ${prefix}-jwt-authorizer`, `JWT, cache ${env.edge.authorizer.resultTtlSeconds} s`)}]]`);
  }
  for (const app of apps) {
    // HTTP API apps (api: "http"): their own JWT authorizer, no WAF (wafExemptReason)
    if (app.api === "http") L.push(`    ${id("api", app.name)}[${label(`HTTP API ${prefix}-${app.name}`, `/${app.basePath} v${app.version}`, "JWT authorizer, no WAF")}]`);
    else L.push(`    ${id("api", app.name)}[${label(`REST API ${prefix}-${app.name}`, `/${app.basePath} v${app.version}`)}]`);
  }
  // Each app's backends (modules/backends/) draw their own part of the path.
  const helpers = { id, label, prefix, azs };
  const parts = new Map(apps.map((app) => [app, backendsOf(app).map((b) => b.topology(env, app, helpers, id("api", app.name)))]));
  // The platform always has its private ingress, whether or not an ALB app uses it yet.
  // one VPC link + platform NLB per ingress shard (config/ingress-shards.ts); shard 0 keeps the plain ids
  for (const s of ingressShards(env)) {
    L.push(`    ${shardNodeId("vpclink", s)}[${label(`VPC link ${derivedNames.vpcLink(prefix, s)}`)}]`);
    L.push(`    ${shardNodeId("pnlb", s)}[${label(`Platform NLB ${derivedNames.ingressNlb(prefix, s)}`, `internal, one listener per app${ingressShards(env).length > 1 ? `, shard ${s}` : ""}`)}]`);
  }
  for (const app of apps) for (const p of parts.get(app)!) for (const n of p.sharedNodes) L.push(`    ${n}`);
  L.push("  end");
  for (const [account, list] of accounts(env)) {
    const nodes = [...list].sort((a, b) => a.name.localeCompare(b.name)).flatMap((app) => parts.get(app)!.flatMap((p) => p.workloadNodes));
    if (nodes.length === 0) continue;
    L.push(`  subgraph ${id("acct", account)}[${label(`Workload account ${account}`)}]`);
    L.push("    direction TB");
    for (const n of nodes) L.push(`    ${n}`);
    L.push("  end");
  }
  L.push(`  client -.->|${label("DNS")}| r53`);
  L.push(`  client -->|${label("HTTPS")}| domain`);
  if (apps.some((a) => isPrivateApp(env, a))) {
    // the callers' interface endpoints live in their own VPCs and accounts (config/private-apis.ts)
    L.push(`  vpce([${label("execute-api interface endpoints", (env.privateApis?.endpoints ?? []).map((e) => `${e.name} (${e.account})`).join(", "))}])`);
    if (privateDomain) L.push(`  vpce -->|${label("HTTPS, private DNS")}| pdomain`);
  }
  for (const app of apps) {
    const api = id("api", app.name);
    // the custom domain's API mapping routes the base path; the WAF only filters each stage
    if (app.api === "http") {
      L.push(`  domain -->|${label(`/${app.basePath}`)}| ${api}`);
      // an HTTP API reaches an ALB app's platform NLB listener through its own VPC link v2
      const shard = app.ingressPort !== undefined ? ingressShardOf(env, app.ingressPort) : undefined;
      const viaLink = (e: string) => (shard !== undefined ? e.replace(`--> ${shardNodeId("vpclink", shard)}`, `-->|${label("VPC link v2")}| ${shardNodeId("pnlb", shard)}`) : e);
      for (const p of parts.get(app)!) for (const e of p.apiEdges) L.push(`  ${viaLink(e)}`);
      continue;
    }
    if (!isPrivateApp(env, app)) L.push(`  domain -->|${label(`/${app.basePath}`)}| ${api}`);
    else if (privateDomain) L.push(`  pdomain -->|${label(`/${app.basePath}`)}| ${api}`);
    else L.push(`  vpce -->|${label("execute-api private DNS")}| ${api}`);
    L.push(`  waf -.-|${label("stage live")}| ${api}`);
    if (app.routes.some((r) => !r.public)) L.push(`  authz -.->|${label("authorizes")}| ${api}`);
    for (const p of parts.get(app)!) for (const e of p.apiEdges) L.push(`  ${e}`);
  }
  for (const s of ingressShards(env)) L.push(`  ${shardNodeId("vpclink", s)} --> ${shardNodeId("pnlb", s)}`);
  for (const app of apps) for (const p of parts.get(app)!) for (const e of p.pathEdges) L.push(`  ${e}`);
  return L.join("\n");
}

/** The diagram as a fenced Markdown block. */
export function topologyMarkdown(env: Environment): string {
  return ["```mermaid", topologyMermaid(env), "```"].join("\n");
}
