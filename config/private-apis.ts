/**
 * Private apps: PRIVATE REST APIs reachable only through execute-api interface VPC endpoints
 * (docs/private-apis.md has every AWS fact this relies on, with sources).
 *
 * The environment names the interface endpoints that may call private APIs
 * (`privateApis.endpoints`, each with the account it lives in) and, optionally, a private custom
 * domain; an app opts in with `endpoint: "private"` (or inherits `privateApis.defaultEndpoint`)
 * and may narrow the endpoints with `allowedEndpoints`. The shape is here; the cross-field rules
 * (`privateApiProblems`) run on the RAW input like config/rules.ts, so every problem is reported
 * in one run with its field path.
 */
import { z } from "zod";

/** An interface VPC endpoint id (EC2 API Reference, VpcEndpoint: `vpce-` + 8 or 17 hex digits). */
export const VPCE_ID = /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export const privateEndpointSchema = z.strictObject({
  /** Name used by `apps[].allowedEndpoints` (e.g. `platform-vpc`, `data-team`). */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, "must be lower-case letters, digits and '-', starting with a letter, at most 30 characters"),
  /** The execute-api interface endpoint's id (`vpce-…`). */
  id: z.string().regex(VPCE_ID, "must be an interface VPC endpoint id like vpce-0123456789abcdef0 (vpce- and 8 or 17 hex digits)"),
  /** The account the endpoint lives in (the consumer). */
  account: z.string().regex(/^\d{12}$/, "must be a string of exactly 12 digits"),
  /** Required when `account` is none of the environment's accounts (shared services or an app's): who the consumer is and why it may call. */
  reason: z.string().min(10, "must say who the consumer is and why it may call (10+ characters)").optional(),
});

export const privateApisSchema = z.strictObject({
  /** The execute-api interface endpoints that may call this environment's private APIs. */
  endpoints: z.array(privateEndpointSchema).min(1, "name at least one execute-api interface endpoint"),
  /** Endpoint type of apps that do not set `endpoint`. @default "public" */
  defaultEndpoint: z.enum(["public", "private"]).default("public"),
  /**
   * A private custom domain name (API Gateway, Nov 2024) in the shared-services account: private
   * apps get their base path here instead of on the public `domain.name`. Must be under the hosted
   * zone (its ACM certificate is DNS-validated there). @default no private domain: callers use the
   * execute-api private DNS name `https://<api-id>.execute-api.<region>.amazonaws.com/live`
   */
  domain: z.strictObject({ name: z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lower-case DNS name like api.internal.example.com") }).optional(),
});

export type PrivateApis = z.output<typeof privateApisSchema>;
export type PrivateEndpoint = z.output<typeof privateEndpointSchema>;

/** The app's endpoint type field (schema hook in config/schema.ts). */
export const appEndpointSchema = z.enum(["public", "private"]).optional();
/** Names from `privateApis.endpoints` this private app allows. @default every endpoint of the environment */
export const allowedEndpointsSchema = z.array(z.string().min(1)).min(1, "name at least one endpoint, or leave it out for all").optional();

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Is this (raw or validated) app private? Its own `endpoint` wins over the environment default. */
export function isPrivateApp(env: Raw, app: Raw): boolean {
  const own = app?.endpoint;
  if (own === "private" || own === "public") return own === "private";
  return env?.privateApis?.defaultEndpoint === "private";
}

/** The endpoints a private app allows (validated input): its `allowedEndpoints`, else all of the environment's. */
export function allowedEndpointsOf(env: { privateApis?: PrivateApis }, app: { allowedEndpoints?: readonly string[] }): PrivateEndpoint[] {
  const all = env.privateApis?.endpoints ?? [];
  if (!app.allowedEndpoints) return [...all];
  return all.filter((e) => app.allowedEndpoints!.includes(e.name));
}

interface ProblemSink {
  (path: string, message: string, value: unknown): void;
}

export function privateApiProblems(env: Raw, add: ProblemSink): void {
  if (env === null || typeof env !== "object") return;
  const pa = env.privateApis;
  const endpoints = arr(pa?.endpoints);
  const names = new Set<string>();
  const envAccounts = new Set<string>([str(env.accounts?.sharedServices), ...arr(env.apps).map((a) => str(a?.account))].filter((a): a is string => !!a));

  // endpoints: unique names and ids; a consumer outside the environment needs a reason
  const seenNames = new Map<string, number>();
  const seenIds = new Map<string, number>();
  endpoints.forEach((e: Raw, j: number) => {
    const at = `privateApis.endpoints[${j}]`;
    if (typeof e?.name === "string") {
      if (seenNames.has(e.name)) add(`${at}.name`, `duplicate endpoint name (also privateApis.endpoints[${seenNames.get(e.name)}])`, e.name);
      else seenNames.set(e.name, j);
      names.add(e.name);
    }
    if (typeof e?.id === "string") {
      if (seenIds.has(e.id)) add(`${at}.id`, `duplicate endpoint id (also privateApis.endpoints[${seenIds.get(e.id)}])`, e.id);
      else seenIds.set(e.id, j);
    }
    if (typeof e?.account === "string" && !envAccounts.has(e.account) && e.reason === undefined) {
      add(`${at}.reason`, `account ${e.account} is none of this environment's accounts (shared services or an app's): say who the consumer is and why it may call`, e.reason);
    }
  });

  // the private domain: under the hosted zone (DNS-validated certificate), not the public name
  const pd = str(pa?.domain?.name);
  const zone = str(env.domain?.hostedZone?.name);
  if (pd) {
    if (zone && !(pd === zone || pd.endsWith(`.${zone}`))) add("privateApis.domain.name", `must be equal to or under the hosted zone ${zone} (its certificate is validated there)`, pd);
    const publicNames = [str(env.domain?.name), ...arr(env.domain?.extraNames).map(str)].filter(Boolean);
    if (publicNames.includes(pd)) add("privateApis.domain.name", "must differ from the public domain's names (a private and a public custom domain are separate resources)", pd);
  }

  arr(env.apps).forEach((app: Raw, i: number) => {
    if (!app || typeof app !== "object") return;
    const at = (p: string) => `apps[${i}].${p}`;
    const priv = isPrivateApp(env, app);
    if (priv && endpoints.length === 0) {
      add(app.endpoint === "private" ? at("endpoint") : "privateApis.defaultEndpoint", "a private app needs the execute-api interface endpoints that may call it: add privateApis.endpoints", app.endpoint ?? pa?.defaultEndpoint);
    }
    if (!priv && app.allowedEndpoints !== undefined) {
      add(at("allowedEndpoints"), "only private apps (endpoint: \"private\") are called through interface endpoints; a public app is reached on the public domain", app.allowedEndpoints);
    }
    arr(app.allowedEndpoints).forEach((n: unknown, k: number) => {
      if (typeof n === "string" && !names.has(n)) add(at(`allowedEndpoints[${k}]`), `names no endpoint of privateApis.endpoints (declared: ${[...names].join(", ") || "none"})`, n);
    });
    // The provider's aws_api_gateway_base_path_mapping (the only mapping resource that takes a private
    // domain's domain_name_id in 5.100) splits its id on '/', so a multi-level base path breaks it.
    if (priv && pd && typeof app.basePath === "string" && app.basePath.includes("/")) {
      add(at("basePath"), "a private app on the private custom domain needs a single-level base path (aws_api_gateway_base_path_mapping with domain_name_id, provider 5.100)", app.basePath);
    }
  });
}
