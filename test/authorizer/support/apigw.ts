/** jose-free helpers: API Gateway ARNs, a sample route table and an independent policy evaluator. */
import type { PolicyDocument } from "../../../authorizer/src/policy";
import type { RouteTable } from "../../../authorizer/src/routes";

export const ISSUER = "https://idp.example.test/realms/acme";
export const AUDIENCE = "https://api.acme.example";
export const REGION = "eu-west-1";
export const ACCOUNT = "123456789012";
export const API_ID = "a1b2c3d4e5";
export const STAGE = "prod";

export function arn(method: string, path: string, apiId = API_ID, stage = STAGE): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/${stage}/${method}${path}`;
}

export const ORDERS_TABLE: RouteTable = {
  version: 1,
  app: "orders",
  routes: [
    { method: "GET", path: "/orders/{id}", scopes: ["orders:read"] },
    { method: "POST", path: "/orders", scopes: ["orders:write"] },
    { method: "DELETE", path: "/orders/{id}", scopes: ["orders:admin"] },
    { method: "GET", path: "/orders/{id}/audit", scopes: ["orders:admin"] },
    { method: "GET", path: "/health/deep", scopes: [] },
  ],
};

// ---------------------------------------------------------------------------
// Independent model of how API Gateway evaluates the returned policy against a
// method ARN: resource wildcards `*` (any sequence, including "/") and `?` (one
// character), explicit Deny beats Allow, no match = implicit deny.
// Deliberately shares no code with authorizer/src/policy.ts.
// ---------------------------------------------------------------------------

export function resourceMatches(pattern: string, arnValue: string): boolean {
  const re = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
    .join("");
  return new RegExp(`^${re}$`, "s").test(arnValue);
}

export function evaluatePolicy(policy: PolicyDocument, methodArn: string): "Allow" | "Deny" {
  const applies = (effect: "Allow" | "Deny"): boolean =>
    policy.Statement.some((s) => {
      if (s.Effect !== effect) return false;
      const actions = ([] as string[]).concat(s.Action);
      if (!actions.some((a) => a === "execute-api:Invoke" || a === "execute-api:*" || a === "*")) return false;
      return ([] as string[]).concat(s.Resource).some((r) => resourceMatches(r, methodArn));
    });
  if (applies("Deny")) return "Deny";
  return applies("Allow") ? "Allow" : "Deny";
}
