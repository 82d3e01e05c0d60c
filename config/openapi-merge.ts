/**
 * An app's own OpenAPI 3 document (`openApi` in its definition): the app owns the description of
 * its API — summaries, parameters, request bodies, responses, schemas; the platform owns what
 * makes the gateway safe — integrations, security, validators, gateway responses, CORS, servers.
 *
 * What API Gateway cannot import is refused here, with the field path, before anything is
 * synthesized (sources: API Gateway developer guide, "Amazon API Gateway important notes for
 * REST APIs" — the OpenAPI import notes; "x-amazon-apigateway-integration.requestParameters
 * object"; "Working with models": models are JSON Schema draft 4 with alphanumeric names).
 * Keywords that only document (example, readOnly, xml, ...) are dropped from the imported body
 * (API Gateway does not support them; with fail_on_warnings they would fail the import) and stay
 * in the consumer export.
 */
import type { ConfigProblem } from "./problem";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const OPERATION_KEYS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

/** Schema keywords API Gateway refuses or would validate differently: the document is refused. */
export const REFUSED_SCHEMA_KEYWORDS: Record<string, string> = {
  discriminator: "API Gateway does not support `discriminator` in any schema object",
  oneOf: "API Gateway does not support `oneOf`",
  anyOf: "API Gateway models do not support `anyOf`",
  additionalProperties: "API Gateway models do not support `additionalProperties`",
  exclusiveMinimum: "API Gateway does not support `exclusiveMinimum`",
};
/** Documentation-only keywords API Gateway does not support: dropped from the imported body, kept in the export. */
export const DOC_ONLY_KEYWORDS = ["example", "examples", "readOnly", "writeOnly", "deprecated", "xml", "externalDocs"] as const;
/** Parameter locations API Gateway maps (method.request.<querystring|path|header>). */
const PARAMETER_LOCATIONS = ["path", "query", "header"];
/** Top-level and component parts the platform writes: an app's value would be overwritten or conflict. */
const PLATFORM_OWNED = ["servers", "security", "x-amazon-apigateway-*"];

export interface DocumentSecurity {
  readonly scopes?: string[];
  readonly public?: { reason: string };
}

const isObj = (v: unknown): v is Doc => !!v && typeof v === "object" && !Array.isArray(v);

/** The document's operation for a route, if any. */
export function documentOperation(doc: unknown, method: string, path: string): Doc | undefined {
  if (!isObj(doc) || !isObj(doc.paths)) return undefined;
  const item = doc.paths[path];
  const op = isObj(item) ? item[method.toLowerCase()] : undefined;
  return isObj(op) ? op : undefined;
}

/** Scopes / public reason declared on the document's operation (`x-aoa-scopes`, `x-aoa-public`). */
export function documentSecurity(doc: unknown, method: string, path: string): DocumentSecurity {
  const op = documentOperation(doc, method, path);
  if (!op) return {};
  return {
    ...(Array.isArray(op["x-aoa-scopes"]) ? { scopes: op["x-aoa-scopes"].filter((s: unknown) => typeof s === "string") } : {}),
    ...(isObj(op["x-aoa-public"]) && typeof op["x-aoa-public"].reason === "string" ? { public: { reason: op["x-aoa-public"].reason } } : {}),
  };
}

/** Every problem of an app's document (raw input), with paths under `at` (e.g. `apps[0].openApi`). */
export function appDocumentProblems(doc: unknown, routes: readonly Doc[], at: string): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add = (p: string, message: string, value: unknown) => out.push({ path: p ? `${at}.${p}` : at, message, value });
  if (!isObj(doc)) {
    add("", "must be an OpenAPI 3.0 document (an object)", doc);
    return out;
  }
  if (typeof doc.openapi !== "string" || !/^3\.0\.\d+$/.test(doc.openapi)) add("openapi", "must be 3.0.x (API Gateway imports OpenAPI 2.0 and 3.0, not 3.1)", doc.openapi);
  for (const k of ["servers", "security"]) if (doc[k] !== undefined) add(k, `is set by the platform (${PLATFORM_OWNED.join(", ")})`, doc[k]);
  if (isObj(doc.components) && doc.components.securitySchemes !== undefined) add("components.securitySchemes", "security schemes are the platform's (JWT authorizer, API key); declare scopes with x-aoa-scopes on the operation", Object.keys(doc.components.securitySchemes ?? {}));
  for (const [k, v] of Object.entries(isObj(doc.components) ? doc.components : {})) {
    if (!["schemas", "securitySchemes"].includes(k)) add(`components.${k}`, "only components.schemas are imported (API Gateway does not resolve $ref to other components); inline it", Object.keys(isObj(v) ? v : {}));
  }
  for (const name of Object.keys(isObj(doc.components?.schemas) ? doc.components.schemas : {})) {
    if (!/^[A-Za-z0-9]+$/.test(name)) add(`components.schemas.${name}`, "model names must be alphanumeric (API Gateway models)", name);
  }
  walk(doc, "", (p, key, value) => {
    if (key.startsWith("x-amazon-apigateway-")) add(p, "API Gateway extensions are the platform's (integrations, validators, authorizers, gateway responses): remove it", key);
    if (key === "$ref" && typeof value === "string" && !/^#\/components\/schemas\/[A-Za-z0-9]+$/.test(value)) add(p, "only local references to #/components/schemas/<Name> can be imported", value);
    if (key in REFUSED_SCHEMA_KEYWORDS && inSchema(p)) add(p, REFUSED_SCHEMA_KEYWORDS[key], key);
  });

  const routeKeys = new Set(routes.filter(isObj).map((r) => `${String(r.method).toLowerCase()} ${r.path}`));
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    if (item.parameters !== undefined) add(`paths.${path}.parameters`, "declare parameters on each operation (path-item parameters are not merged)", item.parameters);
    for (const [k, op] of Object.entries(item)) {
      if (k === "parameters" || k === "summary" || k === "description") continue;
      const op_ = `paths.${path}.${k}`;
      if (!(OPERATION_KEYS as readonly string[]).includes(k)) {
        add(op_, `unknown path-item key (${OPERATION_KEYS.join(", ")})`, k);
        continue;
      }
      if (k === "options") add(op_, "OPTIONS is the platform's CORS preflight", k);
      else if (!routeKeys.has(`${k} ${path}`)) add(op_, "has no route in the app's config (routes decide integrations, throttling, caching); add the route or remove the operation", `${k.toUpperCase()} ${path}`);
      if (!isObj(op)) continue;
      const scopes = op["x-aoa-scopes"];
      if (scopes !== undefined && (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string" && /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s)))) add(`${op_}.x-aoa-scopes`, "must be a list of scope tokens", scopes);
      const pub = op["x-aoa-public"];
      if (pub !== undefined && !(isObj(pub) && typeof pub.reason === "string" && pub.reason.length >= 10)) add(`${op_}.x-aoa-public`, 'must be {"reason": "<why it is public, 10+ characters>"}', pub);
      if (scopes !== undefined && pub !== undefined) add(`${op_}.x-aoa-public`, "an operation is either public or has scopes, not both", pub);
      const declared = new Set((path.match(/\{([^}+]+)\+?\}/g) ?? []).map((m) => m.replace(/[{}+]/g, "")));
      (Array.isArray(op.parameters) ? op.parameters : []).forEach((prm: unknown, i: number) => {
        if (!isObj(prm)) return;
        const pp = `${op_}.parameters[${i}]`;
        if (!PARAMETER_LOCATIONS.includes(prm.in)) add(`${pp}.in`, "API Gateway maps only path, query and header parameters (no cookie)", prm.in);
        if (prm.in === "path" && !declared.has(prm.name)) add(`${pp}.name`, `is not a parameter of the path ${path}`, prm.name);
        if (prm.in === "header" && /^(authorization|x-api-key|x-aoa-.*)$/i.test(String(prm.name))) add(`${pp}.name`, "this header is the platform's (security schemes, identity headers)", prm.name);
      });
      if (op.requestBody !== undefined && isObj(op.requestBody) && isObj(op.requestBody.content)) {
        for (const ct of Object.keys(op.requestBody.content)) if (!/^[\w.+-]+\/[\w.+-]+$/.test(ct)) add(`${op_}.requestBody.content`, "media types must be concrete (API Gateway selects models by content type)", ct);
      }
    }
  }
  return out;
}

/** Is this path (dot-joined) inside a schema object? */
function inSchema(p: string): boolean {
  return /(^|\.)(schema|schemas\.[^.]+|properties\.[^.]+|items|allOf\[\d+\])(\.|$)/.test(p);
}

function walk(v: unknown, p: string, visit: (path: string, key: string, value: unknown) => void): void {
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`, visit));
  else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const here = p ? `${p}.${k}` : k;
      visit(here, k, x);
      walk(x, here, visit);
    }
  }
}

/** A copy without the documentation-only keywords (for the imported body). */
export function forImport<T>(v: T): T {
  if (Array.isArray(v)) return v.map(forImport) as T;
  if (isObj(v)) {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v)) {
      if ((DOC_ONLY_KEYWORDS as readonly string[]).includes(k) || k === "x-aoa-scopes" || k === "x-aoa-public") continue;
      out[k] = forImport(x);
    }
    return out as T;
  }
  return v;
}

/**
 * The parts of the app's operation that describe it, merged into the generated operation:
 * summary, description, tags, parameters (path ones stay required), request body, responses.
 */
export function describedOperation(docOp: Doc | undefined, generatedParams: readonly Doc[]): Doc {
  if (!docOp) return {};
  const own = Array.isArray(docOp.parameters) ? docOp.parameters.filter(isObj) : [];
  const byKey = new Map<string, Doc>(generatedParams.map((p) => [`${p.in}:${p.name}`, p]));
  for (const p of own) byKey.set(`${p.in}:${p.name}`, p.in === "path" ? { ...p, required: true } : p);
  return {
    ...(typeof docOp.summary === "string" ? { summary: docOp.summary } : {}),
    ...(typeof docOp.description === "string" ? { description: docOp.description } : {}),
    ...(Array.isArray(docOp.tags) ? { tags: docOp.tags } : {}),
    parameters: [...byKey.values()],
    ...(docOp.requestBody !== undefined ? { requestBody: docOp.requestBody } : {}),
    ...(isObj(docOp.responses) ? { responses: docOp.responses } : {}),
  };
}

/** `components.schemas` of the app's document (or `{}`). */
export function documentSchemas(doc: unknown): Doc {
  return isObj(doc) && isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {};
}
