/**
 * Acceptance: the pipeline commands (plan, apply, drift, promote, destroy) in-process against one
 * patched moto and one applied environment in three accounts — `loca`, a JSON copy of the product's
 * emulator environment with the gateway features that must take effect (partner API keys and a
 * usage plan on payments; a cache on one orders route, keyed by the caller; the orders app's own
 * OpenAPI document) — and `locb`, a second copy that promotes from it (same accounts, own state
 * directory, never applied).
 *
 *  1. plan of the fresh environment: bootstrap and platform plan, the apps are "blocked: platform
 *     not applied" (their SSM contract data sources fail), exit 0;
 *  2. apply: bootstrap → platform → apps, each stack planned right before its saved plan is applied;
 *  3. what the apply built, seen through the SDK from each account's view: the domain, certificate,
 *     WAF (with redacted logging) and contract in the shared-services account; each API mapped at
 *     its base path, its stage behind the WAF with access logs and throttling; keyed methods
 *     require a key, only the cached route caches; each workload account's endpoint service allows
 *     only the shared-services deploy role;
 *  4. drift right after the apply: no wolf cried (no resource changed, nothing pending: a plan would
 *     show no changes);
 *  5. a route change re-plans only that app, replacing its deployment create-before-destroy;
 *  6. an out-of-band change through the SDK (stage throttling, access log retention) makes drift
 *     exit 2 naming both resources;
 *  7. promotion loca → locb: refused while loca's new version is only configured, allowed once
 *     it is applied (read from loca's release parameter in SSM; also from its terraform output);
 *  8. destroy of the apps, then the platform: nothing of theirs is left.
 *
 * (This file also holds what stacks.test.ts checked on an environment of its own: one applied
 * environment instead of two, ~2.5 min of CI.)
 *
 * moto gaps, asserted on the synthesized configuration instead (unit tier), never faked here:
 *  - endpoint network-interface IPs are random and outside the subnets;
 *  - the OpenAPI import drops `connectionId` and does not create authorizers from security schemes;
 *  - endpoint creation does not check the endpoint service's allowed principals;
 *  - NLB ARNs say `/app/`; no traffic flows, so the request path itself is not exercised.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { APIGatewayClient, GetRestApisCommand, UpdateStageCommand, GetStageCommand, GetDomainNameCommand, GetRestApiCommand, GetResourcesCommand } from "@aws-sdk/client-api-gateway";
import { CloudWatchLogsClient, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ApiGatewayV2Client, GetApiMappingsCommand } from "@aws-sdk/client-apigatewayv2";
import { ACMClient, ListCertificatesCommand } from "@aws-sdk/client-acm";
import { WAFV2Client, GetWebACLForResourceCommand, GetLoggingConfigurationCommand } from "@aws-sdk/client-wafv2";
import { SSMClient, GetParametersByPathCommand, GetParameterCommand } from "@aws-sdk/client-ssm";
import { EC2Client, DescribeVpcEndpointServicePermissionsCommand, DescribeVpcEndpointServicesCommand } from "@aws-sdk/client-ec2";
import { describeIfTools, startMoto, clientsFor, type Moto, type AccountClients } from "./harness";
import { createLocalFixtures, writeEnvironmentJson } from "../../ops/local-fixtures";
import { emulatorAccountConfig } from "../../ops/emulator";
import { destroyStacks, runEnvironment, synthesizeEnvironment, type OpsContext } from "../../ops/orchestrate";
import { CONTRACT_KEYS } from "../../modules/platform-contract";
import { ordersOpenApi } from "../fixtures/orders-openapi";
import { driftEnvironment, driftMain } from "../../ops/drift";
import { promote, promoteMain } from "../../ops/promote";
import { localFixture } from "../fixtures/env";
const localEnv = localFixture(); // the product's own emulator environment, not environments/local.ts (the user's data)
import type { EnvironmentInput } from "../../config/schema";

const REGION = localEnv.region;
const SHARED = localEnv.accounts.sharedServices;
const ROLE = localEnv.accounts.deployRoleName ?? "aoa-deployer";

async function allParameters(a: AccountClients, prefix: string): Promise<{ Name?: string; Value?: string }[]> {
  const out: { Name?: string; Value?: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await a.client(SSMClient).send(new GetParametersByPathCommand({ Path: prefix, Recursive: true, NextToken }));
    out.push(...(page.Parameters ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

describeIfTools("pipeline commands against moto: plan, apply, drift, promote, destroy (three accounts)", () => {
  let moto: Moto;
  let work: string;
  let envDir: string;
  let loca: EnvironmentInput;
  let ctx: OpsContext;
  const lines: string[] = [];
  const acct: Record<string, AccountClients> = {};
  const locaFile = () => path.join(envDir, "loca.json");
  const locbFile = () => path.join(envDir, "locb.json");

  beforeAll(async () => {
    moto = await startMoto();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-ops-accept-"));
    envDir = path.join(work, "environments");
    const rename = (name: string, stateDir: string): EnvironmentInput => ({
      ...JSON.parse(JSON.stringify(localEnv)),
      name,
      state: { backend: "local", directory: path.join(work, stateDir) },
      suppressions: (localEnv.suppressions ?? []).map((s) => ({ ...s, resource: s.resource.replace(/^local-/, `${name}-`) })),
    });
    loca = await createLocalFixtures(rename("loca", "state-a"), async (account) => {
      acct[account] = await clientsFor(moto.endpoint, account, REGION, ROLE);
      return emulatorAccountConfig(moto.endpoint, REGION, account, ROLE);
    });
    // gateway features that must take effect (issue 13): partner keys on payments, a cached route on orders
    const payments = loca.apps!.find((a) => a.name === "payments")!;
    payments.apiKeyRequired = true;
    payments.usagePlans = [{ name: "partner-basic", quota: { limit: 1000, period: "DAY" }, throttling: { rateLimit: 5, burstLimit: 10 }, apiKeys: ["partner-a"] }];
    const orders = loca.apps!.find((a) => a.name === "orders")!;
    orders.cache = { sizeGb: "0.5", ttlSeconds: 60 };
    orders.openApi = ordersOpenApi(); // the app's own document, merged and imported with fail_on_warnings
    orders.routes = orders.routes.map((r) => (r.method === "GET" && r.path === "/{orderId}" ? { ...r, cache: { headers: ["Authorization"] } } : r));
    writeEnvironmentJson(loca, locaFile());
    // locb: same accounts and fixtures, its own state; promotes from loca
    writeEnvironmentJson({ ...JSON.parse(JSON.stringify(loca)), name: "locb", promotesFrom: "loca", state: { backend: "local", directory: path.join(work, "state-b") }, suppressions: [] }, locbFile());
    ctx = {
      endpoint: moto.endpoint,
      workDir: path.join(work, "ops"),
      log: (l) => {
        lines.push(`${Date.now()} ${l}`);
        process.stderr.write(`${l}\n`);
      },
    };
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("uses three different accounts", async () => {
    const { synth } = await synthesizeEnvironment({ ...ctx, configFile: locaFile() });
    const accounts = new Set(synth.stacks.flatMap((s) => s.accounts));
    expect(accounts.size).toBe(3);
    expect(Object.keys(acct).sort()).toEqual([...accounts].sort());
  });

  it("plan of the fresh environment: apps are blocked by the missing platform contract, not failed", async () => {
    const { report } = await runEnvironment("plan", { ...ctx, configFile: locaFile(), out: path.join(work, "reports") });
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["loca-bootstrap", "changes"],
      ["loca-platform", "changes"],
      ["loca-app-orders", "blocked"],
      ["loca-app-payments", "blocked"],
    ]);
    expect(report.ok).toBe(true);
    expect(report.stacks[1].counts?.add).toBeGreaterThan(20);
    const md = fs.readFileSync(path.join(work, "reports", "plan-loca.md"), "utf8");
    expect(md).toContain("| loca-app-orders | - | - | - | - | blocked: platform not applied |");
  }, 600_000);

  it("apply: bootstrap, then platform, then both apps — each from the plan saved right before", async () => {
    lines.length = 0;
    const started = Date.now();
    const { report } = await runEnvironment("apply", { ...ctx, configFile: locaFile(), parallel: 2, out: path.join(work, "reports") });
    process.stderr.write(`[ops acceptance] apply took ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["loca-bootstrap", "applied"],
      ["loca-platform", "applied"],
      ["loca-app-orders", "applied"],
      ["loca-app-payments", "applied"],
    ]);
    const at = (re: RegExp) => {
      const l = lines.find((x) => re.test(x));
      if (!l) throw new Error(`no log line ${re}`);
      return Number(l.split(" ")[0]);
    };
    expect(at(/\[loca-bootstrap\] applied/)).toBeLessThanOrEqual(at(/\[loca-platform\] planning/));
    expect(at(/\[loca-platform\] applied/)).toBeLessThanOrEqual(at(/\[loca-app-orders\] planning/));
    expect(at(/\[loca-platform\] applied/)).toBeLessThanOrEqual(at(/\[loca-app-payments\] planning/));
    for (const s of report.stacks) expect(fs.existsSync(s.planFile!)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(work, "reports", "apply-loca.json"), "utf8")).ok).toBe(true);
  }, 1_200_000);

  it("the shared-services account has the domain, an issued certificate, the web ACL with redacted logging, and the contract", async () => {
    const shared = acct[SHARED];
    const domain = await shared.client(APIGatewayClient).send(new GetDomainNameCommand({ domainName: loca.domain.name }));
    expect(domain.securityPolicy).toBe("TLS_1_2");
    expect(domain.endpointConfiguration?.types).toEqual(["REGIONAL"]);
    const certs = await shared.client(ACMClient).send(new ListCertificatesCommand({}));
    expect(certs.CertificateSummaryList?.find((c) => c.DomainName === loca.domain.name)?.Status).toBe("ISSUED");

    const params = await allParameters(shared, `/${loca.orgPrefix}/loca/platform/`);
    const byKey = Object.fromEntries(params.map((p) => [p.Name!.split("/").pop(), p.Value]));
    expect(Object.keys(byKey).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(byKey["domain-name"]).toBe(loca.domain.name);
    const logging = await shared.client(WAFV2Client).send(new GetLoggingConfigurationCommand({ ResourceArn: byKey["web-acl-arn"] }));
    expect(logging.LoggingConfiguration?.LogDestinationConfigs?.[0]).toMatch(/:log-group:aws-waf-logs-/);
    expect(logging.LoggingConfiguration?.RedactedFields).toEqual([{ SingleHeader: { Name: "authorization" } }]);
  });

  it("each app's API is mapped under the domain at its base path, with its stage protected by the WAF", async () => {
    const shared = acct[SHARED];
    const mappings = await shared.client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: loca.domain.name }));
    const keys = (mappings.Items ?? []).map((m) => m.ApiMappingKey).sort();
    expect(keys).toEqual((loca.apps ?? []).map((a) => a.basePath).sort());
    const contract = await shared.client(SSMClient).send(new GetParameterCommand({ Name: `/${loca.orgPrefix}/loca/platform/web-acl-arn` }));
    for (const m of mappings.Items ?? []) {
      const stageArn = `arn:aws:apigateway:${REGION}::/restapis/${m.ApiId}/stages/${m.Stage}`;
      const waf = await shared.client(WAFV2Client).send(new GetWebACLForResourceCommand({ ResourceArn: stageArn }));
      expect(waf.WebACL?.ARN).toBe(contract.Parameter?.Value);
      const api = await shared.client(APIGatewayClient).send(new GetRestApiCommand({ restApiId: m.ApiId! }));
      expect(api.disableExecuteApiEndpoint).toBe(true);
      const stage = await shared.client(APIGatewayClient).send(new GetStageCommand({ restApiId: m.ApiId!, stageName: m.Stage! }));
      expect(stage.tracingEnabled).toBe(true);
      expect(stage.accessLogSettings?.format).toContain("$context.requestId");
      const all = stage.methodSettings?.["*/*"];
      expect(all?.throttlingRateLimit).toBe(localEnv.edge.throttling.rateLimit);
      expect(all?.throttlingBurstLimit).toBe(localEnv.edge.throttling.burstLimit);
      expect(all?.dataTraceEnabled).toBe(false);
      expect(all?.metricsEnabled).toBe(true);
    }
  });

  it("keyed methods require an API key; only the cached route caches (issue 13)", async () => {
    const shared = acct[SHARED];
    const mappings = await shared.client(ApiGatewayV2Client).send(new GetApiMappingsCommand({ DomainName: loca.domain.name }));
    const idOf = (key: string) => mappings.Items!.find((m) => m.ApiMappingKey === key)!.ApiId!;
    const methods = async (apiId: string) => {
      const res = await shared.client(APIGatewayClient).send(new GetResourcesCommand({ restApiId: apiId, embed: ["methods"], limit: 500 }));
      return Object.fromEntries((res.items ?? []).flatMap((r) => Object.entries(r.resourceMethods ?? {}).map(([m, v]) => [`${m} ${r.path}`, v.apiKeyRequired ?? false])));
    };
    expect(await methods(idOf("payments/v1"))).toEqual({ "POST /": true, "GET /{paymentId}": true, "POST /webhooks/{provider}": false });
    const orders = await methods(idOf("orders"));
    expect(Object.values(orders).every((k) => k === false)).toBe(true);
    const stage = await shared.client(APIGatewayClient).send(new GetStageCommand({ restApiId: idOf("orders"), stageName: "live" }));
    expect(stage.cacheClusterEnabled).toBe(true);
    expect(stage.methodSettings?.["*/*"]?.cachingEnabled).toBe(false);
    expect(stage.methodSettings?.["{orderId}/GET"]).toMatchObject({ cachingEnabled: true, cacheTtlInSeconds: 60, cacheDataEncrypted: true });
    expect(stage.methodSettings?.["~1/POST"]?.cachingEnabled ?? false).toBe(false);
  });

  it("each workload account's endpoint service allows only the shared-services deploy role (seen from the workload account)", async () => {
    for (const app of loca.apps ?? []) {
      const workload = acct[app.account];
      const services = await workload.client(EC2Client).send(new DescribeVpcEndpointServicesCommand({}));
      const own = (services.ServiceDetails ?? []).filter((s) => s.Owner === app.account);
      expect(own).toHaveLength(1);
      const perms = await workload.client(EC2Client).send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: own[0].ServiceId! }));
      expect((perms.AllowedPrincipals ?? []).map((p) => p.Principal)).toEqual([`arn:aws:iam::${SHARED}:role/${ROLE}`]);
    }
  });

  it("drift right after the apply cries no wolf: exit 0", async () => {
    const { report } = await driftEnvironment({ ...ctx, configFile: locaFile(), out: path.join(work, "reports") });
    for (const s of report.stacks) {
      expect([s.stack, s.status, s.drifted, s.pending]).toEqual([s.stack, "clean", [], []]);
      expect(s.ignored.length).toBeGreaterThan(0); // the refresh noise was there, and filtered
    }
    expect(report.exitCode).toBe(0);
  }, 600_000);

  it("a route change re-plans only that app, replacing its deployment before the old one goes", async () => {
    const before = fs.readFileSync(locaFile(), "utf8");
    const changed: EnvironmentInput = JSON.parse(before);
    const orders = changed.apps!.find((a) => a.name === "orders")!;
    orders.routes = orders.routes.map((r) => (r.path === "/{orderId}" ? { ...r, scopes: ["orders:read", "orders:admin"] } : r));
    writeEnvironmentJson(changed, locaFile());
    try {
      const { report } = await runEnvironment("plan", { ...ctx, configFile: locaFile(), out: null });
      expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
        ["loca-bootstrap", "no-changes"],
        ["loca-platform", "no-changes"],
        ["loca-app-orders", "changes"],
        ["loca-app-payments", "no-changes"],
      ]);
      const orderChanges = report.stacks.find((s) => s.stack === "loca-app-orders")!.changes ?? [];
      const deployment = orderChanges.find((c) => c.address.includes("aws_api_gateway_deployment"));
      expect(deployment?.actions).toEqual(["create", "delete"]);
      expect(orderChanges.some((c) => c.address.includes("aws_api_gateway_rest_api.") && c.actions.includes("update"))).toBe(true);
    } finally {
      fs.writeFileSync(locaFile(), before); // the original back for what follows
    }
  }, 600_000);

  it("an out-of-band change through the SDK makes drift exit 2, naming the resource and attribute", async () => {
    const shared = await emulatorAccountConfig(moto.endpoint, REGION, SHARED, ROLE);
    const apigw = new APIGatewayClient(shared);
    const api = (await apigw.send(new GetRestApisCommand({}))).items!.find((a) => a.name === "acme-loca-orders")!;
    await apigw.send(new UpdateStageCommand({ restApiId: api.id!, stageName: "live", patchOperations: [{ op: "replace", path: "/*/*/throttling/rateLimit", value: "999" }] }));
    await new CloudWatchLogsClient(shared).send(new PutRetentionPolicyCommand({ logGroupName: "/aws/apigateway/acme-loca-orders/access", retentionInDays: 30 }));

    const out: string[] = [];
    const code = await driftMain(["--config", locaFile(), "--stack", "loca-app-orders", "--out", path.join(work, "reports")], ctx, { out: (l) => out.push(l) });
    const text = out.join("\n");
    expect(code).toBe(2);
    expect(text).toMatch(/loca-app-orders: aws_api_gateway_method_settings\.api_settings-all_\w+ settings\[0\]\.throttling_rate_limit: 100 → 999/);
    expect(text).toMatch(/loca-app-orders: aws_cloudwatch_log_group\.api_access-logs_\w+ retention_in_days: 7 → 30/);
    expect(text.match(/→/g)).toHaveLength(2); // nothing else
    const md = fs.readFileSync(path.join(work, "reports", "drift-loca.md"), "utf8");
    expect(md).toContain("an apply would update it back");
  }, 600_000);

  it("promotion: nothing to promote while loca's new version is only configured, promoted once applied", async () => {
    // loca's config moves to 1.5.0; loca still runs 1.4.0, which locb pins
    const cfg = JSON.parse(fs.readFileSync(locaFile(), "utf8"));
    cfg.apps.find((a: { name: string }) => a.name === "orders").version = "1.5.0";
    writeEnvironmentJson(cfg, locaFile());
    const locbBefore = fs.readFileSync(locbFile(), "utf8");

    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    // nothing new is live in loca: up to date (exit 0, like terraform with no changes), saying why 1.5.0 is not promoted
    expect(await promoteMain(["--from", "loca", "--to", "locb", "--app", "orders", "--config-dir", envDir], ctx, io)).toBe(0);
    expect(out.join("\n")).toContain("'loca' runs orders 1.4.0, which 'locb' already pins ('loca' pins 1.5.0 in its config, but that is not deployed — apply loca first)");
    expect(fs.readFileSync(locbFile(), "utf8")).toBe(locbBefore);

    const { report } = await runEnvironment("apply", { ...ctx, configFile: locaFile(), stacks: ["loca-app-orders"], out: null });
    expect(report.stacks.map((s) => s.status)).toEqual(["applied"]);

    // what is live, read from loca's terraform state, too (dry run)
    const viaState = await promote({ ...ctx, from: "loca", to: "locb", app: "orders", configDir: envDir, via: "terraform", dryRun: true });
    expect(viaState.decisions[0]).toMatchObject({ status: "promoted", deployed: { version: "1.5.0", source: "terraform output of loca-app-orders" } });

    out.length = 0;
    expect(await promoteMain(["--from", "loca", "--to", "locb", "--app", "orders", "--config-dir", envDir], ctx, io)).toBe(0);
    expect(out.join("\n")).toContain("(orders: 1.4.0 → 1.5.0, live in loca per ssm:/acme/loca/apps/orders/release)");
    const after = fs.readFileSync(locbFile(), "utf8");
    const diff = locbBefore.split("\n").map((l, i) => [l, after.split("\n")[i]]).filter(([a, b]) => a !== b);
    expect(diff).toEqual([['      "version": "1.4.0",', '      "version": "1.5.0",']]);
  }, 600_000);

  it("destroys what the apps and the platform created (apps first, then the platform)", async () => {
    const { env, synth } = await synthesizeEnvironment({ ...ctx, configFile: locaFile() });
    lines.length = 0;
    const results = await destroyStacks({ ...ctx, environment: env, stacks: synth.stacks.filter((s) => s.role !== "bootstrap") });
    expect(Object.fromEntries([...results].map(([name, r]) => [name, r.error ?? r.outcome]))).toEqual({ "loca-platform": "ok", "loca-app-orders": "ok", "loca-app-payments": "ok" });
    const at = (re: RegExp) => Number(lines.find((x) => re.test(x))?.split(" ")[0] ?? NaN);
    expect(at(/\[loca-app-orders\] destroyed/)).toBeLessThanOrEqual(at(/\[loca-platform\] destroying/));
    expect(at(/\[loca-app-payments\] destroyed/)).toBeLessThanOrEqual(at(/\[loca-platform\] destroying/));
    expect(await allParameters(acct[SHARED], `/${loca.orgPrefix}/loca/`)).toEqual([]);
  }, 900_000);
});
