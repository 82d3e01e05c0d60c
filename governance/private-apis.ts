/**
 * The "Private apps" section of `docs/<env>.md` (only for environments with `privateApis`): which
 * interface endpoints may call which private app, where each is mapped, and what it costs whom.
 */
import type { Environment } from "../config/schema";
import { allowedEndpointsOf, isPrivateApp } from "../config/private-apis";
import { appAccess } from "../modules/private-access";
import { code, mdTable } from "./markdown";

export function privateApisMarkdown(env: Environment): string[] {
  const pa = env.privateApis;
  if (!pa) return [];
  const apps = env.apps.filter((a) => isPrivateApp(env, a));
  return [
    "## Private apps",
    "",
    `PRIVATE REST APIs: reachable only through these execute-api interface endpoints (resource policy by \`aws:SourceVpce\`, every other source denied; AOA-APIG-026). Facts and sources: [docs/private-apis.md](private-apis.md).`,
    "",
    mdTable(
      ["Endpoint", "Id", "Account", "Access to the private domain"],
      pa.endpoints.map((e) => [e.name, code(e.id), e.account + (e.reason ? ` (outside the environment: ${e.reason})` : ""), !pa.domain ? "no private domain" : e.account === env.accounts.sharedServices ? "access association by the platform" : "domain shared by AWS RAM; the account creates its own access association"]),
    ),
    "",
    apps.length
      ? mdTable(["App", "URL", "Allowed endpoints"], apps.map((a) => [a.name, code(appAccess(env, a).url("<api-id>")), allowedEndpointsOf(env, a).map((e) => e.name).join(", ")]))
      : "No app is private yet.",
    "",
    "Cost: a private API is billed per request like any REST API; the private custom domain has no charge of its own listed on the API Gateway pricing page (unverified); each execute-api interface endpoint is billed to the consumer account that owns it (PrivateLink: per AZ-hour and per GB), so it is not in the estimate below.",
    "",
  ];
}
