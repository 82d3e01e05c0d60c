/**
 * Rules that relate several fields of an environment. They run on the RAW input (defensively:
 * any field may be missing or of the wrong type) so that shape errors and cross-field errors are
 * reported together in one run.
 */
import { ACCOUNT_THROTTLE, RESERVED_BASE_PATHS } from "./schema";
import { backendProblems } from "./backend-rules";
import { gatewayFeatureProblems } from "./gateway-rules";
import { httpApiProblems } from "./http-api-rules";
import { routingRuleProblems } from "./routing-rules";
import { privateApiProblems } from "./private-apis";
import { documentSecurity } from "./openapi-merge";
import type { ConfigProblem } from "./problem";

export type { ConfigProblem } from "./problem";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

const BASE_PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;

export function crossFieldProblems(env: Raw): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add = (path: string, message: string, value: unknown) => out.push({ path, message, value });
  if (env === null || typeof env !== "object") return out;

  const prod = env.tier === "prod";
  const shared = str(env.accounts?.sharedServices);
  const region = str(env.region);
  const apps = arr(env.apps);

  if (prod && env.emulator === true) add("emulator", "a prod environment cannot target the emulator", env.emulator);

  // --- pipeline trust
  const pipeline = env.accounts?.pipeline;
  if (pipeline && typeof pipeline === "object" && !!pipeline.githubRepository === !!pipeline.principalArn) {
    add("accounts.pipeline", "set exactly one of githubRepository or principalArn", pipeline);
  }

  // --- network
  checkAzs("network.subnets", env.network?.subnets, add);
  const range = env.network?.ingressPorts ?? { from: 10000, to: 10999 };
  if (typeof range.from === "number" && typeof range.to === "number" && range.from > range.to) {
    add("network.ingressPorts", "from must not be greater than to", range);
  }

  // --- domain
  const zone = str(env.domain?.hostedZone?.name);
  if (zone) {
    const names: [string, unknown][] = [["domain.name", env.domain?.name], ...arr(env.domain?.extraNames).map((n, i): [string, unknown] => [`domain.extraNames[${i}]`, n])];
    for (const [path, n] of names) {
      if (typeof n === "string" && !(n === zone || n.endsWith(`.${zone}`))) add(path, `must be equal to or under the hosted zone ${zone}`, n);
    }
  }

  // --- prod rules
  if (prod) {
    if (typeof env.edge?.logRetentionDays === "number" && env.edge.logRetentionDays < 365) add("edge.logRetentionDays", "prod requires at least 365 days of log retention", env.edge.logRetentionDays);
    if (env.edge?.tracing === false) add("edge.tracing", "prod requires X-Ray tracing", false);
  }

  // --- apps
  const seenNames = new Map<string, number>();
  const seenPorts = new Map<number, number>();
  const basePaths: { i: number; path: string; nested: boolean; name: string }[] = [];
  let totalRate = 0;
  apps.forEach((app: Raw, i: number) => {
    if (!app || typeof app !== "object") return;
    const at = (p: string) => `apps[${i}].${p}`;
    const appName = str(app.name) ?? `#${i}`;

    if (typeof app.name === "string") {
      if (seenNames.has(app.name)) add(at("name"), `duplicate app name (also apps[${seenNames.get(app.name)}])`, app.name);
      else seenNames.set(app.name, i);
    }
    if (shared && app.account === shared) add(at("account"), "an app cannot run in the shared-services account; use a workload account", app.account);

    // base path
    const bp = app.basePath;
    if (typeof bp === "string") {
      const problems: string[] = [];
      if (bp.startsWith("/") || bp.endsWith("/")) problems.push("must not start or end with '/'");
      const segs = bp.replace(/^\/+|\/+$/g, "").split("/");
      if (segs.some((s) => s === "")) problems.push("must not contain empty segments ('//')");
      else if (segs.some((s) => !BASE_PATH_SEGMENT.test(s))) problems.push("segments may only contain A-Z a-z 0-9 . _ ~ -");
      if ((RESERVED_BASE_PATHS as readonly string[]).includes(segs[0]?.toLowerCase() ?? "")) problems.push(`'${segs[0]}' is reserved by API Gateway at the domain root`);
      for (const p of problems) add(at("basePath"), p, bp);
      if (problems.length === 0) {
        basePaths.push({ i, path: bp, nested: app.allowNestedBasePath === true, name: appName });
      }
    }

    // ports
    if (typeof app.ingressPort === "number") {
      if (seenPorts.has(app.ingressPort)) add(at("ingressPort"), `port already reserved by apps[${seenPorts.get(app.ingressPort)}]`, app.ingressPort);
      else seenPorts.set(app.ingressPort, i);
      if (typeof range.from === "number" && typeof range.to === "number" && (app.ingressPort < range.from || app.ingressPort > range.to)) {
        add(at("ingressPort"), `must be inside network.ingressPorts ${range.from}-${range.to}`, app.ingressPort);
      }
    }

    // backend (kind-specific: config/backend-rules.ts)
    backendProblems(app, { region, at, add, checkAzs });

    // throttling
    const rate = app.throttling?.rateLimit ?? env.edge?.throttling?.rateLimit;
    if (typeof rate === "number") totalRate += rate;

    // cors
    if (prod) {
      arr(app.cors?.allowOrigins).forEach((o, j) => {
        if (o === "*") add(at(`cors.allowOrigins[${j}]`), "prod does not allow the wildcard origin", o);
      });
    }

    // routes
    const seenRoutes = new Map<string, number>();
    arr(app.routes).forEach((r: Raw, j: number) => {
      if (!r || typeof r !== "object") return;
      const rp = (p: string) => at(`routes[${j}].${p}`);
      const fromDoc = documentSecurity(app.openApi, r.method, r.path); // scopes / reason may come from the app's OpenAPI
      const hasScopes = Array.isArray(r.scopes) || fromDoc.scopes !== undefined;
      const isPublic = r.public !== undefined || fromDoc.public !== undefined;
      if (hasScopes && isPublic) add(rp("public"), "a route is either public or has scopes, not both", r.public);
      if (!hasScopes && !isPublic) add(at(`routes[${j}]`), "a route without scopes must be declared public with a reason", `${r.method} ${r.path}`);
      if (r.method === "OPTIONS" && app.cors) add(rp("method"), "OPTIONS is answered by the generated CORS preflight; remove the route or the cors block", r.method);
      const key = `${r.method} ${r.path}`;
      if (seenRoutes.has(key)) add(at(`routes[${j}]`), `duplicate route (also routes[${seenRoutes.get(key)}])`, key);
      else seenRoutes.set(key, j);
    });

    // usage plans
    const planNames = new Set<string>();
    arr(app.usagePlans).forEach((p: Raw, j: number) => {
      if (typeof p?.name === "string") {
        if (planNames.has(p.name)) add(at(`usagePlans[${j}].name`), "duplicate usage plan name", p.name);
        planNames.add(p.name);
      }
    });
  });

  // base path overlap: equal, or one a prefix (by whole segments) of another without opt-in
  for (let a = 0; a < basePaths.length; a++) {
    for (let b = 0; b < basePaths.length; b++) {
      if (a === b) continue;
      const A = basePaths[a];
      const B = basePaths[b];
      if (A.path === B.path && a < b) {
        add(`apps[${B.i}].basePath`, `same base path as apps[${A.i}] (${A.name})`, B.path);
      } else if (B.path.startsWith(`${A.path}/`) && !B.nested) {
        add(`apps[${B.i}].basePath`, `is nested under apps[${A.i}] (${A.name}) base path '${A.path}'; set allowNestedBasePath: true if intended`, B.path);
      }
    }
  }
  // multi-level mappings per domain (200, not adjustable): config/quotas.ts
  if (totalRate > ACCOUNT_THROTTLE.rateLimit) {
    add("apps", `the stages' rate limits add up to ${totalRate} rps, above the account's shared limit of ${ACCOUNT_THROTTLE.rateLimit} rps`, totalRate);
  }
  out.push(...gatewayFeatureProblems(env));
  out.push(...httpApiProblems(env));
  out.push(...routingRuleProblems(env));
  privateApiProblems(env, add);
  return out;
}

function checkAzs(path: string, subnets: unknown, add: (p: string, m: string, v: unknown) => void): void {
  const list = arr(subnets);
  const azs = new Set(list.map((s) => s?.az).filter((a) => typeof a === "string"));
  if (list.length >= 2 && azs.size < 2) add(path, "subnets must span at least two Availability Zones", [...azs]);
  const ids = new Set<string>();
  list.forEach((s, i) => {
    if (typeof s?.id === "string") {
      if (ids.has(s.id)) add(`${path}[${i}].id`, "duplicate subnet", s.id);
      ids.add(s.id);
    }
  });
}
