/**
 * The topology picture of one environment as a Mermaid flowchart, drawn top to bottom so it
 * stays legible at the width of a GitHub page: the client resolves the name in Route 53 (DNS
 * only) and calls the custom domain, whose API mappings route each base path to its app's REST
 * API; the WAF web ACL is associated with each API's stage (it filters, it does not route); each
 * API -> VPC link -> platform NLB :port -> interface endpoint -> [workload account] endpoint
 * service -> NLB -> ALB, with the shared authorizer attached to the APIs that use it. Names
 * follow modules/naming.ts and the modules that create them.
 */
import type { App, Environment } from "../config/schema";
import { resourcePrefix } from "../modules/naming";
import { MANAGED_RULE_GROUPS } from "../modules/web-acl";

/** Mermaid-safe node id. */
const id = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
/** A quoted Mermaid label (quotes and angle brackets escaped; `<br/>` added by the caller). */
const esc = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
const label = (...lines: string[]) => `"${lines.map(esc).join("<br/>")}"`;

/** `orders-internal` from `arn:...:loadbalancer/app/orders-internal/50dc...`. */
function albName(arn: string): string {
  return /loadbalancer\/app\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}

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
  L.push(`    waf{{${label(`WAF web ACL ${prefix}-api`, `${MANAGED_RULE_GROUPS.length} managed groups, ${waf.rateLimitPerIp} req/5 min per IP`, ...wafExtras)}}}`);
  if (apps.some((a) => a.routes.some((r) => !r.public))) {
    L.push(`    authz[[${label(`Lambda authorizer ${prefix}-jwt-authorizer`, `JWT, cache ${env.edge.authorizer.resultTtlSeconds} s`)}]]`);
  }
  for (const app of apps) L.push(`    ${id("api", app.name)}[${label(`REST API ${prefix}-${app.name}`, `/${app.basePath} v${app.version}`)}]`);
  L.push(`    vpclink[${label(`VPC link ${prefix}-ingress`)}]`);
  L.push(`    pnlb[${label(`Platform NLB ${`${prefix}-ingress`.slice(0, 32)}`, "internal, one listener per app")}]`);
  for (const app of apps) L.push(`    ${id("vpce", app.name)}[${label(`Interface endpoint ${prefix}-${app.name}-backend`, `${azs} AZs`)}]`);
  L.push("  end");
  for (const [account, list] of accounts(env)) {
    L.push(`  subgraph ${id("acct", account)}[${label(`Workload account ${account}`)}]`);
    L.push("    direction TB");
    for (const app of [...list].sort((a, b) => a.name.localeCompare(b.name))) {
      L.push(`    ${id("eps", app.name)}[${label(`Endpoint service ${prefix}-${app.name}-backend`)}]`);
      L.push(`    ${id("wnlb", app.name)}[${label(`NLB ${`${prefix}-${app.name}-expose`.slice(0, 32)}`, "internal, alb target")}]`);
      L.push(`    ${id("alb", app.name)}[${label(`ALB ${albName(app.backend.albArn)}`, `:${app.backend.listenerPort} ${app.backend.hostname}`)}]`);
    }
    L.push("  end");
  }
  L.push(`  client -.->|${label("DNS")}| r53`);
  L.push(`  client -->|${label("HTTPS")}| domain`);
  for (const app of apps) {
    const api = id("api", app.name);
    // the custom domain's API mapping routes the base path; the WAF only filters each stage
    L.push(`  domain -->|${label(`/${app.basePath}`)}| ${api}`);
    L.push(`  waf -.-|${label("stage live")}| ${api}`);
    if (app.routes.some((r) => !r.public)) L.push(`  authz -.->|${label("authorizes")}| ${api}`);
    L.push(`  ${api} --> vpclink`);
  }
  L.push("  vpclink --> pnlb");
  for (const app of apps) {
    L.push(`  pnlb -->|${label(`:${app.ingressPort}`)}| ${id("vpce", app.name)}`);
    L.push(`  ${id("vpce", app.name)} -->|${label("PrivateLink")}| ${id("eps", app.name)}`);
    L.push(`  ${id("eps", app.name)} --> ${id("wnlb", app.name)}`);
    L.push(`  ${id("wnlb", app.name)} -->|${label(`:${app.backend.listenerPort}`)}| ${id("alb", app.name)}`);
  }
  return L.join("\n");
}

/** The diagram as a fenced Markdown block. */
export function topologyMarkdown(env: Environment): string {
  return ["```mermaid", topologyMermaid(env), "```"].join("\n");
}
