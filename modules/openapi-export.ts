/**
 * The OpenAPI document a consumer gets for one app in one environment (client generators,
 * portals): the gateway body without what only API Gateway needs. Pure.
 *  - server `https://<domain>/<basePath>` (the only way in: the execute-api endpoint is off);
 *  - no `x-amazon-apigateway-*` (integrations, VPC link, backend host names, authorizer ARN,
 *    validators, gateway responses) and no CORS preflight operations (the browser's business);
 *  - the JWT scheme as HTTP bearer, the partner key as the `x-api-key` header;
 *  - the gateway's own error responses (401/403/429/5XX, JSON with message and requestId);
 *  - never a Terraform placeholder (`${...}`): refused, so a leaked reference cannot ship.
 */
import { API_KEY_SCHEME, AUTHORIZER_NAME } from "./openapi-gateway";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ConsumerOpenApiOptions {
  /** Custom domain name, e.g. `api.dev.acme-example.com`. */
  readonly domainName: string;
  /** The app's base path, e.g. `payments/v1`. */
  readonly basePath: string;
  /** The app's own OpenAPI document: its documentation-only keywords (examples, readOnly, ...), dropped from the imported body, come back. @default none */
  readonly appDocument?: Doc;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"];

const ERROR_SCHEMA = {
  type: "object",
  required: ["message", "requestId"],
  properties: { message: { type: "string", nullable: true }, requestId: { type: "string" } },
};

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === "object") {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith("x-amazon-apigateway-")) out[k] = strip(x);
    return out;
  }
  return v;
}

function placeholders(v: unknown, at: string, found: string[]): void {
  if (typeof v === "string") {
    if (v.includes("${")) found.push(at);
  } else if (Array.isArray(v)) v.forEach((x, i) => placeholders(x, `${at}/${i}`, found));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) placeholders(x, `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, found);
}

export function consumerOpenApi(body: Doc, opts: ConsumerOpenApiOptions): Doc {
  if (!/^[a-z0-9.-]+$/.test(opts.domainName) || !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(opts.basePath)) {
    throw new Error(`consumerOpenApi: bad server ${JSON.stringify(opts.domainName)}/${JSON.stringify(opts.basePath)}`);
  }
  const paths: Doc = {};
  for (const [p, item] of Object.entries<Doc>(body.paths ?? {})) {
    const out: Doc = {};
    for (const [k, op] of Object.entries<Doc>(item)) {
      if (!METHODS.includes(k)) {
        out[k] = strip(op);
        continue;
      }
      if (String(op?.["x-amazon-apigateway-integration"]?.type ?? "").toLowerCase() === "mock") continue; // CORS preflight
      const copy = strip(op) as Doc;
      // the app's own words, with the keywords API Gateway could not import
      const own = opts.appDocument?.paths?.[p]?.[k];
      if (own && typeof own === "object") {
        for (const f of ["summary", "description", "tags", "requestBody", "responses"]) if (own[f] !== undefined) copy[f] = JSON.parse(JSON.stringify(own[f]));
        if (Array.isArray(own.parameters)) {
          const mine = new Map<string, Doc>(own.parameters.map((x: Doc) => [`${x.in}:${x.name}`, x]));
          copy.parameters = (copy.parameters ?? []).map((x: Doc) => ({ ...(mine.get(`${x.in}:${x.name}`) ?? x), ...(x.in === "path" ? { required: true } : {}) }));
        }
        delete copy["x-aoa-public"];
        delete copy["x-aoa-scopes"];
        const sec = strip(op) as Doc;
        if (sec["x-aoa-scopes"]) copy["x-aoa-scopes"] = sec["x-aoa-scopes"];
        if (sec["x-aoa-public"]) copy["x-aoa-public"] = sec["x-aoa-public"];
      }
      // the Authorization / x-api-key headers are described by the security schemes
      if (Array.isArray(copy.parameters)) {
        copy.parameters = copy.parameters.filter((x: Doc) => !(x.in === "header" && ["authorization", "x-api-key"].includes(String(x.name).toLowerCase())));
      }
      copy.responses = {
        ...copy.responses,
        ...(Array.isArray(copy.security) && copy.security.length ? { "401": { $ref: "#/components/responses/GatewayError" }, "403": { $ref: "#/components/responses/GatewayError" } } : {}),
        "429": { $ref: "#/components/responses/GatewayError" },
      };
      if (k !== "x-amazon-apigateway-any-method") out[k] = copy;
      // ANY: one operation per method a consumer can call
      else for (const m of ["get", "post", "put", "patch", "delete"]) if (!item[m]) out[m] = { ...copy, operationId: `${copy.operationId ?? "any"}_${m}` };
    }
    if (!Object.keys(out).some((k) => METHODS.includes(k))) continue;
    // OpenAPI has no greedy parameter: `{proxy+}` is `{proxy}`, a value that may span segments
    const greedy = /\{([A-Za-z0-9_]+)\+\}/.exec(p)?.[1];
    if (greedy) {
      for (const op of Object.values<Doc>(out)) {
        if (!Array.isArray(op?.parameters)) continue;
        op.parameters = op.parameters.map((x: Doc) => (x.in === "path" && x.name === greedy ? { ...x, description: "The rest of the path (may contain '/')." } : x));
      }
    }
    paths[p.replace(/\{([A-Za-z0-9_]+)\+\}/g, "{$1}")] = out;
  }
  const schemes: Doc = {};
  const given = (body.components?.securitySchemes ?? {}) as Doc;
  if (given[AUTHORIZER_NAME]) schemes[AUTHORIZER_NAME] = { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "OAuth 2.0 access token (JWT) from the environment's issuer; each operation lists the scopes it needs in x-aoa-scopes." };
  if (given[API_KEY_SCHEME]) schemes[API_KEY_SCHEME] = { type: "apiKey", in: "header", name: "x-api-key", description: "Partner API key (from the partner's usage plan)." };
  const doc: Doc = {
    ...(strip(body) as Doc),
    servers: [{ url: `https://${opts.domainName}/${opts.basePath}` }],
    paths,
    components: {
      ...(strip(body.components ?? {}) as Doc),
      securitySchemes: schemes,
      schemas: { ...(strip(body.components?.schemas ?? {}) as Doc), ...(opts.appDocument?.components?.schemas ?? {}), GatewayError: ERROR_SCHEMA },
      responses: { ...(strip(body.components?.responses ?? {}) as Doc), GatewayError: { description: "Returned by the gateway itself (authorization, throttling, validation, integration errors).", content: { "application/json": { schema: { $ref: "#/components/schemas/GatewayError" } } } } },
    },
  };
  const found: string[] = [];
  placeholders(doc, "#", found);
  if (found.length) throw new Error(`consumerOpenApi: Terraform placeholders left at ${found.join(", ")}`);
  return JSON.parse(JSON.stringify(doc));
}
