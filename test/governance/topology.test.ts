import { listEnvironmentFiles, loadEnvironments } from "../../config/load";
import { topologyMarkdown, topologyMermaid } from "../../governance/topology";
import { addInventoryApp, devEnv } from "./helpers";

describe("topology diagram", () => {
  const envs = loadEnvironments(listEnvironmentFiles());

  it.each(envs.map((e) => [e.name, e] as const))("%s: names every account id and every app", (_name, env) => {
    const m = topologyMermaid(env);
    expect(m.startsWith("flowchart TB\n")).toBe(true); // top to bottom: legible at GitHub page width
    expect(m).toContain(`Shared-services account ${env.accounts.sharedServices}`);
    for (const app of env.apps) {
      expect(m).toContain(`Workload account ${app.account}`);
      expect(m).toContain(`${app.api === "http" ? "HTTP" : "REST"} API ${env.orgPrefix}-${env.name}-${app.name}`);
      expect(m).toContain(`-->|"/${app.basePath}"| api_${app.name.replace(/-/g, "_")}`);
      // each backend kind draws its own path (modules/backends/)
      if (app.backend.kind === "alb") expect(m).toContain(`pnlb -->|":${app.ingressPort}"| vpce_${app.name.replace(/-/g, "_")}`);
      if (app.backend.kind === "lambda") expect(m).toContain(`api_${app.name.replace(/-/g, "_")} -->|"AWS_PROXY"| fn_${app.name.replace(/-/g, "_")}`);
    }
    // one subgraph for shared services + one per workload account, all closed
    const accounts = new Set(env.apps.map((a) => a.account));
    expect(m.match(/^\s*subgraph /gm)).toHaveLength(1 + accounts.size);
    expect(m.match(/^\s*end$/gm)).toHaveLength(1 + accounts.size);
  });

  it("routes base paths through the custom domain's API mappings; WAF and Route 53 do not route", () => {
    const m = topologyMermaid(devEnv());
    expect(m).toContain('domain -->|"/orders"| api_orders');
    expect(m).toContain('domain -->|"/payments/v1"| api_payments');
    expect(m).toContain('waf -.-|"stage live"| api_orders'); // associated with the stage: a filter, not a hop
    expect(m).not.toMatch(/^\s*waf -->/m);
    expect(m).not.toMatch(/^\s*r53 -->/m); // DNS answers the client; traffic goes to the domain
    expect(m).toContain('client -.->|"DNS"| r53');
    expect(m).toContain('client -->|"HTTPS"| domain');
  });

  it("draws the whole private path of an app, into its workload account", () => {
    const m = topologyMermaid(devEnv());
    const path = ["api_orders --> vpclink", "vpclink --> pnlb", 'pnlb -->|":10001"| vpce_orders', 'vpce_orders -->|"PrivateLink"| eps_orders', "eps_orders --> wnlb_orders", 'wnlb_orders -->|":443"| alb_orders'];
    for (const edge of path) expect(m).toContain(edge);
    const workload = m.slice(m.indexOf('subgraph acct_222222222222'), m.indexOf("\n  end", m.indexOf("subgraph acct_222222222222")));
    expect(workload).toContain("eps_orders");
    expect(workload).toContain("ALB orders-internal");
    expect(workload).not.toContain("payments");
  });

  it("groups apps that share a workload account in one subgraph", () => {
    const m = topologyMermaid(devEnv((e) => { addInventoryApp(e); e.apps[2].account = "222222222222"; e.apps[2].backend.albArn = e.apps[2].backend.albArn.replace("444444444444", "222222222222"); }));
    expect(m.match(/subgraph acct_222222222222/g)).toHaveLength(1);
    expect(m).toContain("REST API acme-dev-inventory");
  });

  it("attaches the authorizer only to APIs with non-public routes", () => {
    const m = topologyMermaid(devEnv((e) => e.apps[1].routes.forEach((r: any) => { delete r.scopes; r.public = { reason: "public partner callbacks" }; }))); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(m).toContain('authz -.->|"authorizes"| api_orders');
    expect(m).not.toContain("api_payments\n  authz");
    expect(m).not.toMatch(/authz -.->\|"authorizes"\| api_payments/);
    const none = topologyMermaid(devEnv((e) => e.apps.forEach((a: any) => a.routes.forEach((r: any) => { delete r.scopes; r.public = { reason: "public partner callbacks" }; })))); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(none).not.toContain("authz");
  });

  it("is fenced for Markdown and deterministic", () => {
    const env = devEnv();
    expect(topologyMarkdown(env)).toMatch(/^```mermaid\nflowchart TB\n[\s\S]*\n```$/);
    expect(topologyMermaid(env)).toBe(topologyMermaid(devEnv()));
  });
});
