/**
 * The generated documentation set under docs/: per environment `<env>.md` (topology, routes,
 * cost) and `routes/<env>.md|json` (the ownership map), plus `README.md` (index). Generation is
 * pure and deterministic (no timestamps), so a committed copy can be checked for staleness.
 */
import { privateApisMarkdown } from "./private-apis";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Environment } from "../config/schema";
import { PROJECT_ROOT } from "../config/load";
import { buildRouteMap, nextPromotionMarkdown, routeMapJson, routeMapMarkdown, routeTableMarkdown } from "./routes";
import { topologyMarkdown } from "./topology";
import { estimateCost, formatCost, usd } from "./cost";
import { code, generatedBanner, mdTable } from "./markdown";

export const DOCS_DIR = path.join(PROJECT_ROOT, "docs");
export const DOCS_COMMAND = "npm run docs";

/** Environments in promotion order (dev -> staging -> prod), unrelated chains by name. */
export function promotionOrder(envs: readonly Environment[]): Environment[] {
  const byName = new Map(envs.map((e) => [e.name, e]));
  const chain = (e: Environment): string[] => {
    const seen = new Set<string>();
    const out: string[] = [];
    let cur: Environment | undefined = e;
    while (cur && !seen.has(cur.name)) {
      seen.add(cur.name);
      out.unshift(cur.name);
      cur = cur.promotesFrom ? byName.get(cur.promotesFrom) : undefined;
    }
    return out;
  };
  const key = (e: Environment) => chain(e);
  return [...envs].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka[0].localeCompare(kb[0]) || ka.length - kb.length || a.name.localeCompare(b.name);
  });
}

/** `docs/<env>.md`: summary, topology diagram, route table, cost estimate. */
export function environmentDoc(env: Environment, upstream?: Environment): string {
  const map = buildRouteMap(env, upstream);
  const workloadAccounts = [...new Set(env.apps.map((a) => a.account))];
  const lines = [
    generatedBanner(DOCS_COMMAND),
    "",
    `# Environment ${env.name}`,
    "",
    mdTable(
      ["Setting", "Value"],
      [
        ["Tier / region", `${env.tier} / ${env.region}${env.emulator ? " (local emulator)" : ""}`],
        ["Domain", code(env.domain.name)],
        ...(env.privateApis?.domain ? [["Private domain", code(env.privateApis.domain.name)]] : []),
        ["Shared-services account", env.accounts.sharedServices],
        ["Workload accounts", workloadAccounts.length ? workloadAccounts.join(", ") : "none"],
        ["Apps", env.apps.length ? env.apps.map((a) => `${a.name} ${a.version}`).join(", ") : "none"],
        ["Promotes from", env.promotesFrom ?? "none"],
      ],
    ),
    "",
    "## Topology",
    "",
    "Solid arrows: the request path — the custom domain's API mappings route each base path to its app's REST API. Dotted: the client's DNS lookup in Route 53, the shared authorizer (attached to the APIs that have non-public routes), and the WAF web ACL, associated with every app's stage (it filters requests, it does not route them).",
    "",
    topologyMarkdown(env),
    "",
    "## Routes",
    "",
    `Full ownership map: [routes/${env.name}.md](routes/${env.name}.md) ([JSON](routes/${env.name}.json)).`,
    "",
    routeTableMarkdown(map),
    "",
    ...nextPromotionMarkdown(map),
    ...privateApisMarkdown(env),
    "## Cost estimate",
    "",
    formatCost(estimateCost(env), "markdown"),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}

/** `docs/README.md`: one row per environment. */
export function docsIndex(envs: readonly Environment[]): string {
  const rows = promotionOrder(envs).map((env) => {
    const cost = estimateCost(env);
    return [
      `[${env.name}](${env.name}.md)`,
      env.tier,
      env.region,
      code(env.domain.name),
      env.apps.length ? env.apps.map((a) => a.name).join(", ") : "none",
      `${usd(cost.fixedMonthlyUsd)} + ${usd(cost.perMillionRequestsUsd)}/M req`,
      `[map](routes/${env.name}.md) · [json](routes/${env.name}.json)`,
    ];
  });
  const lines = [
    generatedBanner(DOCS_COMMAND),
    "",
    "# Environments",
    "",
    "Generated from the validated environment files (environments/) that the stacks are built from. Regenerate with `npm run docs`; `npm run docs -- --check` fails when these files are stale.",
    "",
    mdTable(["Environment", "Tier", "Region", "Domain", "Apps", "Estimated cost (fixed/month + traffic)", "Route map"], rows),
    "",
    "Costs are estimates at on-demand list prices from `pricing/aws-prices.json`; see each environment page for the lines, the assumptions and the prices that are unverified.",
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}

export interface GenerateOptions {
  /** Only these environments' pages (the index always covers every environment given). */
  readonly only?: readonly string[];
}

/** Every generated file: docs-relative POSIX path -> content. */
export function generateDocs(envs: readonly Environment[], opts: GenerateOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const env of promotionOrder(envs)) {
    if (opts.only && !opts.only.includes(env.name)) continue;
    const upstream = envs.find((e) => e.name === env.promotesFrom);
    const map = buildRouteMap(env, upstream);
    files.set(`${env.name}.md`, environmentDoc(env, upstream));
    files.set(`routes/${env.name}.md`, routeMapMarkdown(map));
    files.set(`routes/${env.name}.json`, routeMapJson(map));
  }
  files.set("README.md", docsIndex(envs));
  return files;
}

export interface DocsCheck {
  /** Present but different. */
  readonly stale: string[];
  readonly missing: string[];
  /** Files marked as generated that nothing generates any more (only checked when `strict`). */
  readonly unexpected: string[];
}

/** Files in a docs directory that say they were generated (hand-written docs are left alone). */
function presentGeneratedFiles(dir: string): string[] {
  const list = (sub: string, re: RegExp) =>
    fs.existsSync(path.join(dir, sub))
      ? fs
          .readdirSync(path.join(dir, sub), { withFileTypes: true })
          .filter((d) => d.isFile() && re.test(d.name))
          .map((d) => (sub ? `${sub}/${d.name}` : d.name))
      : [];
  const generated = (rel: string) => {
    const head = fs.readFileSync(path.join(dir, ...rel.split("/")), "utf8").slice(0, 200);
    return head.startsWith("<!-- Generated by `npm run") || /^\{\s*"generatedBy"/.test(head);
  };
  return [...list("", /\.md$/), ...list("routes", /\.(md|json)$/)].filter(generated);
}

/** Compares generated files with a directory. `strict` also reports files nothing generates. */
export function checkDocs(dir: string, files: ReadonlyMap<string, string>, opts: { strict?: boolean } = {}): DocsCheck {
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [rel, content] of files) {
    const abs = path.join(dir, ...rel.split("/"));
    if (!fs.existsSync(abs)) missing.push(rel);
    else if (fs.readFileSync(abs, "utf8") !== content) stale.push(rel);
  }
  const unexpected = opts.strict ? presentGeneratedFiles(dir).filter((f) => !files.has(f)) : [];
  return { stale: stale.sort(), missing: missing.sort(), unexpected: unexpected.sort() };
}

export const isClean = (c: DocsCheck) => c.stale.length + c.missing.length + c.unexpected.length === 0;

/** Writes the files that changed; returns their docs-relative paths. */
export function writeDocs(dir: string, files: ReadonlyMap<string, string>): string[] {
  const written: string[] = [];
  for (const [rel, content] of files) {
    const abs = path.join(dir, ...rel.split("/"));
    if (fs.existsSync(abs) && fs.readFileSync(abs, "utf8") === content) continue;
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    written.push(rel);
  }
  return written;
}
