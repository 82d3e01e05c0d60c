import { defineApp } from "../../config/define";

/**
 * The orders service: environment-independent part (owner, release log, routes). Each
 * environment builds the routes of the version it pins (README: "Versioning an app's API").
 */
export default defineApp({
  name: "orders",
  owner: { team: "orders-team", contact: "orders-team@example.com" },
  description: "Order placement and tracking",
  releases: [
    { version: "1.3.2", notes: "list, read and place orders" },
    { version: "1.4.0", notes: "backend release; the API is unchanged" },
    { version: "1.5.0", notes: "DELETE /{orderId} cancels an order" },
  ],
  routes: [
    { method: "GET", path: "/", scopes: ["orders:read"] },
    { method: "GET", path: "/{orderId}", scopes: ["orders:read"] },
    { method: "POST", path: "/", scopes: ["orders:write"], validate: "all", throttling: { rateLimit: 50, burstLimit: 100 } },
    { method: "DELETE", path: "/{orderId}", scopes: ["orders:write"], since: "1.5.0" },
    { method: "GET", path: "/health", public: { reason: "load balancer and uptime probes; returns no data" } },
  ],
});
