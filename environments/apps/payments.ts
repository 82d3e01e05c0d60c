import { defineApp } from "../../config/define";

/** The payments service: environment-independent part (owner and routes). */
export default defineApp({
  name: "payments",
  owner: { team: "payments-team", contact: "#payments-oncall" },
  description: "Payment intents and provider webhooks",
  routes: [
    { method: "POST", path: "/", scopes: ["payments:write"], validate: "all" },
    { method: "GET", path: "/{paymentId}", scopes: ["payments:read"] },
    { method: "POST", path: "/webhooks/{provider}", public: { reason: "payment provider callbacks, verified by HMAC signature in the app" }, apiKey: false },
  ],
});
