import { defineApp } from "../../config/define";

/** The notifications service: a Lambda function in its own workload account (environment-independent part). */
export default defineApp({
  name: "notifications",
  owner: { team: "messaging-team", contact: "messaging-team@example.com" },
  description: "E-mail and push notifications",
  releases: [
    { version: "0.3.0", notes: "send and read notifications, template list" },
    { version: "0.4.0", notes: "DELETE /{notificationId} withdraws a scheduled notification" },
  ],
  routes: [
    { method: "POST", path: "/", scopes: ["notifications:send"], validate: "all" },
    { method: "GET", path: "/{notificationId}", scopes: ["notifications:read"] },
    { method: "DELETE", path: "/{notificationId}", scopes: ["notifications:send"], since: "0.4.0" },
    {
      method: "GET",
      path: "/templates",
      scopes: ["notifications:read"],
      // Answered by API Gateway until the template catalogue exists.
      mock: { status: 200, headers: { "Cache-Control": "max-age=60" }, body: { templates: ["welcome", "receipt"] }, reason: "template catalogue not built yet; fixed list agreed with the web team" },
    },
  ],
});
