import { defineApp } from "../../config/define";

/**
 * Receipts: a small Lambda-backed app served as an HTTP API (`api: "http"` where it is deployed):
 * the native JWT authorizer checks each route's one scope, no WAF, usage plans or caching
 * (docs/http-apis.md).
 */
export default defineApp({
  name: "receipts",
  owner: { team: "billing", contact: "billing@example.com" },
  description: "Receipts of paid orders (HTTP API)",
  routes: [
    { method: "GET", path: "/{receiptId}", scopes: ["receipts:read"] },
    { method: "POST", path: "/", scopes: ["receipts:write"], throttling: { rateLimit: 20, burstLimit: 40 } },
    { method: "GET", path: "/files/{proxy+}", scopes: [] },
    { method: "GET", path: "/health", public: { reason: "uptime probe, returns no data" } },
  ],
});
