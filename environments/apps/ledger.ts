import { defineApp } from "../../config/define";

/** The ledger: an internal API for other teams' services, never on the internet (deployed `endpoint: "private"`). */
export default defineApp({
  name: "ledger",
  owner: { team: "finance-team", contact: "finance-team@example.com" },
  description: "Ledger entries for internal services (private API)",
  routes: [
    { method: "GET", path: "/{entryId}", scopes: ["ledger:read"], mock: { status: 200, body: { entryId: "e-1", amount: 0 }, reason: "ledger service not built yet; fixed entry agreed with the orders team" } },
    { method: "POST", path: "/", scopes: ["ledger:write"], validate: "all" },
    { method: "GET", path: "/health", public: { reason: "internal uptime probe; returns no data" } },
  ],
});
