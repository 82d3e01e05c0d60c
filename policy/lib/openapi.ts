/** The OpenAPI 3 document in `aws_api_gateway_rest_api.body`: parse it and walk its operations. */
import { isPureToken } from "./values";

export const HTTP_OPERATION_KEYS = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"] as const;

export interface Operation {
  readonly path: string;
  /** Upper-case HTTP method; `ANY` for `x-amazon-apigateway-any-method`. */
  readonly method: string;
  readonly op: Record<string, any>;
  /** `METHOD /path`, for messages. */
  readonly label: string;
}

export type OpenApiRead = { kind: "absent" } | { kind: "opaque"; reason: string } | { kind: "doc"; doc: Record<string, any> };

export function readOpenApi(body: unknown): OpenApiRead {
  if (body === undefined || body === null || body === "") return { kind: "absent" };
  if (typeof body === "object") return { kind: "doc", doc: body as Record<string, any> };
  if (typeof body !== "string") return { kind: "opaque", reason: "body is not a string" };
  if (isPureToken(body)) return { kind: "opaque", reason: "body is computed at plan time" };
  try {
    const doc = JSON.parse(body);
    if (!doc || typeof doc !== "object" || typeof doc.paths !== "object") return { kind: "opaque", reason: "body has no `paths` object" };
    return { kind: "doc", doc };
  } catch {
    return { kind: "opaque", reason: "body is not valid JSON (write it with JSON.stringify)" };
  }
}

export function operations(doc: Record<string, any>): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, any>)) {
    if (!item || typeof item !== "object") continue;
    for (const key of HTTP_OPERATION_KEYS) {
      const op = item[key];
      if (!op || typeof op !== "object") continue;
      const method = key === "x-amazon-apigateway-any-method" ? "ANY" : key.toUpperCase();
      out.push({ path, method, op, label: `${method} ${path}` });
    }
  }
  return out;
}

/** The integration of an operation (`x-amazon-apigateway-integration`), if any. */
export function integrationOf(op: Record<string, any>): Record<string, any> | undefined {
  const i = op["x-amazon-apigateway-integration"];
  return i && typeof i === "object" ? i : undefined;
}

/** The `x-aoa-public` marker's reason when present and non-blank. */
export function publicReason(op: Record<string, any>): { present: boolean; reason?: string } {
  const marker = op["x-aoa-public"];
  if (marker === undefined) return { present: false };
  const reason = marker && typeof marker === "object" && typeof marker.reason === "string" ? marker.reason.trim() : "";
  return { present: true, reason: reason || undefined };
}
