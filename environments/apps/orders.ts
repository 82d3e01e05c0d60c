import { defineApp } from "../../config/define";
// The app's own API description; the platform merges in integrations, security, validation and CORS.
import openApi from "./orders.openapi.json";

/** The orders service: environment-independent part (owner and routes). */
export default defineApp({
  name: "orders",
  owner: { team: "orders-team", contact: "orders-team@example.com" },
  description: "Order placement and tracking",
  openApi,
  routes: [
    { method: "GET", path: "/", scopes: ["orders:read"] },
    { method: "GET", path: "/{orderId}", scopes: ["orders:read"] },
    { method: "POST", path: "/", scopes: ["orders:write"], validate: "all", throttling: { rateLimit: 50, burstLimit: 100 } },
    { method: "GET", path: "/health", public: { reason: "load balancer and uptime probes; returns no data" } },
  ],
});
