import { defineApp } from "../../config/define";

/** The payments service: environment-independent part (owner, release log, routes). */
export default defineApp({
  name: "payments",
  owner: { team: "payments-team", contact: "#payments-oncall" },
  description: "Payment intents and provider webhooks",
  releases: [{ version: "2.0.0", notes: "payment intents and provider webhooks" }, { version: "2.0.1", notes: "backend release; the API is unchanged" }],
  routes: [
    { method: "POST", path: "/", scopes: ["payments:write"], validate: "all" },
    { method: "GET", path: "/{paymentId}", scopes: ["payments:read"] },
    { method: "POST", path: "/webhooks/{provider}", public: { reason: "payment provider callbacks, verified by HMAC signature in the app" } },
  ],
});
