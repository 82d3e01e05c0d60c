/**
 * Preflight: targets, error name -> message mapping, the checks against a scripted STS endpoint
 * (a local HTTP server answering the real STS query protocol, so the SDK parses genuine error
 * responses), the command line (usage errors exit 64) and the no-credentials path of the real CLI.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { ExpiredTokenException, RegionDisabledException } from "@aws-sdk/client-sts";
import {
  explainError,
  formatReport,
  loadPreflightEnvironment,
  markdownReport,
  parsePreflightArgs,
  preflightMain,
  preflightTargets,
  runPreflight,
  type ErrorContext,
  type PreflightIo,
} from "../../ops/preflight";
import { UsageError } from "../../cli";
import { devEnv } from "./helpers";
import { devFixture } from "../fixtures/env";
import { UNKNOWN_ENV, knownEnvironmentsPattern } from "../fixtures/user-envs";

const env = devEnv();
const ROOT = path.resolve(__dirname, "../..");
const ctx = (over: Partial<ErrorContext> = {}): ErrorContext => ({
  env,
  region: "eu-west-1",
  endpoint: "https://sts.eu-west-1.amazonaws.com",
  phase: "assume-role",
  target: preflightTargets(env)[1],
  caller: "arn:aws:sts::111111111111:assumed-role/aoa-deployer/gha",
  ...over,
});
const named = (name: string, message = "boom", extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe("preflightTargets", () => {
  it("every account once, shared-services first, with its role, purpose and config path", () => {
    expect(preflightTargets(env)).toEqual([
      { account: "111111111111", roleArn: "arn:aws:iam::111111111111:role/aoa-deployer", purposes: ["shared-services"], configPaths: ["accounts.sharedServices"] },
      { account: "222222222222", roleArn: "arn:aws:iam::222222222222:role/aoa-deployer", purposes: ["orders"], configPaths: ["apps[0].account"] },
      { account: "333333333333", roleArn: "arn:aws:iam::333333333333:role/aoa-deployer", purposes: ["payments"], configPaths: ["apps[1].account"] },
    ]);
  });
  it("groups apps sharing an account; role name and per-account ARN overrides", () => {
    const shared = devEnv((e) => {
      e.apps[1].account = "222222222222";
      e.apps[1].backend.albArn = e.apps[1].backend.albArn.replace("333333333333", "222222222222");
    });
    expect(preflightTargets(shared).map((t) => [t.account, t.purposes])).toEqual([["111111111111", ["shared-services"]], ["222222222222", ["orders", "payments"]]]);
    const t = preflightTargets(env, { roleName: "OrganizationAccountAccessRole", roleArns: { "333333333333": "arn:aws:iam::333333333333:role/x" } });
    expect(t.map((x) => x.roleArn)).toEqual(["arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", "arn:aws:iam::333333333333:role/x"]);
  });
});

describe("explainError: error name -> status and what to do", () => {
  it.each([
    ["AccessDenied", "access-denied", [/may not assume arn:aws:iam::222222222222:role\/aoa-deployer in account 222222222222 \(orders\)/, /dev-bootstrap was applied to account 222222222222/, /repo:acme\/api-front-door:environment:dev/, /arn:aws:iam::111111111111:role\/aoa-deployer \(role chaining\)/, /sts:AssumeRole/, /SCP/]],
    ["ExpiredToken", "expired-credentials", [/expired/, /aws sso login/, /configure-aws-credentials/]],
    ["ExpiredTokenException", "expired-credentials", [/Log in again/]],
    ["RequestExpired", "expired-credentials", [/expired/]],
    ["InvalidClientTokenId", "invalid-credentials", [/access key does not exist/]],
    ["SignatureDoesNotMatch", "invalid-credentials", [/AWS_PROFILE/]],
    ["RegionDisabledException", "region-disabled", [/not activated in eu-west-1/, /Security Token Service/]],
    ["CredentialsProviderError", "no-credentials", [/no AWS credentials found/, /aws sso login/, /id-token: write/]],
    ["TimeoutError", "network", [/cannot reach STS at https:\/\/sts\.eu-west-1\.amazonaws\.com/, /HTTPS_PROXY/, /AWS_ENDPOINT_URL/]],
    ["MalformedPolicyDocument", "error", [/assume-role failed for account 222222222222/, /MalformedPolicyDocument: boom/]],
  ])("%s -> %s", (name, status, patterns) => {
    const r = explainError(named(name), ctx());
    expect(r.status).toBe(status);
    for (const p of patterns as RegExp[]) expect(r.message).toMatch(p);
    expect(r.message).toMatch(/AWS said:/);
  });
  it("network errors by Node error code (ECONNREFUSED, ENOTFOUND, …)", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET"]) {
      const r = explainError(named("Error", `connect ${code} 127.0.0.1:1`, { code }), ctx({ endpoint: "http://127.0.0.1:1" }));
      expect([code, r.status]).toEqual([code, "network"]);
      expect(r.message).toContain(`(${code})`);
    }
  });
  it("uses the SDK's own exception classes' names", () => {
    expect(explainError(new ExpiredTokenException({ message: "x", $metadata: {} }), ctx()).status).toBe("expired-credentials");
    expect(explainError(new RegionDisabledException({ message: "x", $metadata: {} }), ctx()).status).toBe("region-disabled");
  });
  it("names the missing pipeline config when the environment has none", () => {
    const r = explainError(named("AccessDenied"), ctx({ env: devEnv((e) => delete e.accounts.pipeline) }));
    expect(r.message).toMatch(/accounts\.pipeline is not set/);
  });
  it("caller-phase access denied does not blame a target's trust policy", () => {
    expect(explainError(named("AccessDenied"), ctx({ phase: "caller", target: undefined })).message).toMatch(/access denied in the caller's account during caller/);
  });
});

// ------------------------------------------------------------------ scripted STS endpoint

type Scenario =
  | { kind: "ok"; account?: string }
  | { kind: "error"; status: number; code: string; message?: string };

interface FakeSts {
  endpoint: string;
  calls: string[];
  close(): Promise<void>;
}

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
}

/**
 * Answers AssumeRole per role ARN and GetCallerIdentity per access key: the base key is the caller
 * (`callerKey` decides whether it works), assumed keys encode the account the role "lives" in.
 */
async function fakeSts(opts: { caller?: Scenario; roles?: Record<string, Scenario> } = {}): Promise<FakeSts> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const params = new URLSearchParams(body);
      const action = params.get("Action") ?? "?";
      const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? "";
      calls.push(`${action} ${params.get("RoleArn") ?? key}`);
      const send = (status: number, xml: string) => {
        res.writeHead(status, { "content-type": "text/xml" });
        res.end(xml);
      };
      if (action === "GetCallerIdentity") {
        const assumed = /^ASIA(\d{12})$/.exec(key);
        if (assumed) return send(200, `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>arn:aws:sts::${assumed[1]}:assumed-role/aoa-deployer/aoa-preflight-dev</Arn><UserId>AROA:x</UserId><Account>${assumed[1]}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
        const c = opts.caller ?? { kind: "ok" };
        if (c.kind === "error") return send(c.status, errorXml(c.code, c.message ?? c.code));
        return send(200, `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>arn:aws:sts::111111111111:assumed-role/aoa-deployer/gha</Arn><UserId>AROA:gha</UserId><Account>111111111111</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
      }
      if (action === "AssumeRole") {
        const arn = params.get("RoleArn") ?? "";
        const s = opts.roles?.[arn] ?? { kind: "ok" };
        if (s.kind === "error") return send(s.status, errorXml(s.code, s.message ?? `User is not authorized to perform: sts:AssumeRole on resource: ${arn}`));
        const account = s.account ?? /::(\d{12}):/.exec(arn)![1];
        return send(200, `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${account}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/x/y</Arn><AssumedRoleId>AROA:y</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></AssumeRoleResponse>`);
      }
      send(400, errorXml("InvalidAction", action));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => server.close(() => r())) };
}

const BASE = { accessKeyId: "AKIDBASE", secretAccessKey: "base" };

describe("runPreflight against a scripted STS endpoint", () => {
  let sts: FakeSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  it("passes when every role answers from its configured account", async () => {
    sts = await fakeSts();
    const report = await runPreflight(env, { endpoint: sts.endpoint, credentials: BASE });
    expect(report.ok).toBe(true);
    expect(report.caller).toEqual({ arn: "arn:aws:sts::111111111111:assumed-role/aoa-deployer/gha", account: "111111111111" });
    expect(report.results.map((r) => [r.target.account, r.status, r.actualAccount])).toEqual([
      ["111111111111", "ok", "111111111111"],
      ["222222222222", "ok", "222222222222"],
      ["333333333333", "ok", "333333333333"],
    ]);
    // the account is verified with the assumed credentials, not the caller's
    expect(sts.calls.filter((c) => c.startsWith("GetCallerIdentity ASIA")).sort()).toEqual(["GetCallerIdentity ASIA111111111111", "GetCallerIdentity ASIA222222222222", "GetCallerIdentity ASIA333333333333"]);
    const text = formatReport(report);
    expect(text).toMatch(/account\s+role\s+purpose\s+result/);
    expect(text).toMatch(/222222222222\s+aoa-deployer\s+orders\s+ok/);
    expect(text).toMatch(/preflight passed: 3\/3 accounts/);
  });

  it("AccessDenied on one role: that row fails with the trust-policy / bootstrap hints, the others pass", async () => {
    sts = await fakeSts({ roles: { "arn:aws:iam::333333333333:role/aoa-deployer": { kind: "error", status: 403, code: "AccessDenied" } } });
    const report = await runPreflight(env, { endpoint: sts.endpoint, credentials: BASE });
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => r.status)).toEqual(["ok", "ok", "access-denied"]);
    const bad = report.results[2];
    expect(bad.message).toMatch(/arn:aws:sts::111111111111:assumed-role\/aoa-deployer\/gha may not assume arn:aws:iam::333333333333:role\/aoa-deployer in account 333333333333 \(payments\)/);
    expect(bad.message).toMatch(/AWS said: AccessDenied: User is not authorized/);
    expect(formatReport(report)).toMatch(/333333333333\s+aoa-deployer\s+payments\s+FAIL access denied[\s\S]*preflight FAILED: 1 of 3 accounts/);
    expect(markdownReport(report)).toMatch(/\| 333333333333 \| aoa-deployer \| payments \| ❌ FAIL access denied \|/);
  });

  it("a role that answers from another account is refused: config says X, role is in Y", async () => {
    sts = await fakeSts({ roles: { "arn:aws:iam::222222222222:role/aoa-deployer": { kind: "ok", account: "999999999999" } } });
    const report = await runPreflight(env, { endpoint: sts.endpoint, credentials: BASE });
    const r = report.results[1];
    expect([r.status, r.actualAccount]).toEqual(["wrong-account", "999999999999"]);
    expect(r.message).toMatch(/config says orders runs in account 222222222222 \(apps\[0\]\.account\), but arn:aws:iam::222222222222:role\/aoa-deployer gave credentials in account 999999999999/);
    expect(formatReport(report)).toMatch(/FAIL wrong account \(is 999999999999\)/);
  });

  it("expired or invalid caller credentials: one explanation, every row fails, no AssumeRole attempted", async () => {
    for (const [code, status, message] of [
      ["ExpiredToken", "expired-credentials", "The security token included in the request is expired"],
      ["InvalidClientTokenId", "invalid-credentials", "The security token included in the request is invalid."],
    ] as const) {
      sts = await fakeSts({ caller: { kind: "error", status: 403, code, message } });
      const report = await runPreflight(env, { endpoint: sts.endpoint, credentials: BASE });
      expect(report.callerProblem?.status).toBe(status);
      expect(report.results.map((r) => r.status)).toEqual([status, status, status]);
      expect(sts.calls.some((c) => c.startsWith("AssumeRole"))).toBe(false);
      expect(formatReport(report)).toMatch(/caller: unknown/);
      await sts.close();
      sts = undefined;
    }
  });

  it("STS region not activated for an account", async () => {
    sts = await fakeSts({ roles: { "arn:aws:iam::222222222222:role/aoa-deployer": { kind: "error", status: 403, code: "RegionDisabledException", message: "STS is not activated in this region for account:222222222222" } } });
    const report = await runPreflight(env, { endpoint: sts.endpoint, credentials: BASE });
    expect(report.results[1].status).toBe("region-disabled");
  });

  it("unreachable endpoint: network, with the endpoint in the message, quickly", async () => {
    sts = await fakeSts();
    const dead = sts.endpoint;
    await sts.close();
    sts = undefined;
    const t0 = Date.now();
    const report = await runPreflight(env, { endpoint: dead, credentials: BASE, maxAttempts: 1 });
    expect(report.callerProblem?.status).toBe("network");
    expect(report.callerProblem?.message).toContain(`cannot reach STS at ${dead} (ECONNREFUSED)`);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("--role-arn mapping is what is assumed (and verified)", async () => {
    sts = await fakeSts();
    const report = await runPreflight(env, { endpoint: sts.endpoint, credentials: BASE, roleArns: { "222222222222": "arn:aws:iam::333333333333:role/aoa-deployer" } });
    expect(report.results[1]).toMatchObject({ status: "wrong-account", actualAccount: "333333333333" });
  });
});

describe("command line", () => {
  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [[], /--env or --config is required/],
    [["--env", "dev", "extra"], /unexpected argument 'extra'/],
    [["--env"], /argument missing|--env/],
    [["--env", "dev", "--role-arn", "222222222222:arn"], /--role-arn must look like/],
    [["--env", "dev", "--role-name", "a/b"], /--role-name must be an IAM role name/],
    [["--env", "dev", "--region", "mars"], /--region must be an AWS Region/],
  ])("%j is a usage error", (argv, pattern) => {
    expect(() => parsePreflightArgs(argv as string[])).toThrow(UsageError);
    expect(() => parsePreflightArgs(argv as string[])).toThrow(pattern as RegExp);
  });
  it("parses the flags", () => {
    expect(parsePreflightArgs(["--env", "dev", "--role-arn", "222222222222=arn:aws:iam::222222222222:role/r", "--role-name", "x", "--region", "eu-west-1"])).toEqual({
      help: false,
      env: "dev",
      config: undefined,
      roleName: "x",
      roleArns: { "222222222222": "arn:aws:iam::222222222222:role/r" },
      region: "eu-west-1",
    });
    expect(parsePreflightArgs(["-h"]).help).toBe(true);
  });
  it("unknown environment is a usage error listing the known ones", () => {
    expect(() => loadPreflightEnvironment({ help: false, env: UNKNOWN_ENV, roleArns: {} })).toThrow(new RegExp(`unknown environment '${UNKNOWN_ENV}' \\(known: ${knownEnvironmentsPattern()}\\)`));
  });
  it("--config loads a file; --env must then match it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-preflight-"));
    const file = path.join(dir, "x.json");
    fs.writeFileSync(file, JSON.stringify(JSON.parse(JSON.stringify(devFixture()))));
    expect(loadPreflightEnvironment({ help: false, config: file, roleArns: {} }).name).toBe("dev");
    expect(() => loadPreflightEnvironment({ help: false, config: file, env: "prod", roleArns: {} })).toThrow(/--env prod does not match the environment in/);
  });
  it("preflightMain: exit 0 on pass, 1 on failure, progress on stderr", async () => {
    const sts = await fakeSts({ roles: { "arn:aws:iam::333333333333:role/aoa-deployer": { kind: "error", status: 403, code: "AccessDenied" } } });
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io: PreflightIo = { out: (s) => out.push(s), err: (s) => err.push(s), vars: {} };
      // the dev fixture (three accounts), not environments/dev.ts: the user's file may hold any number
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-preflight-")), "dev.json");
      fs.writeFileSync(file, JSON.stringify(devFixture()));
      expect(await preflightMain(["--config", file], io, { endpoint: sts.endpoint, credentials: BASE })).toBe(1);
      expect(err.join("\n")).toMatch(/checking 3 accounts[\s\S]*preflight FAILED/);
      const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-summary-")), "summary.md");
      const okIo: PreflightIo = { out: (s) => out.push(s), err: () => undefined, vars: { GITHUB_STEP_SUMMARY: summary } };
      expect(await preflightMain(["--config", file, "--role-name", "other"], okIo, { endpoint: sts.endpoint, credentials: BASE })).toBe(0);
      expect(fs.readFileSync(summary, "utf8")).toMatch(/### Preflight dev: passed/);
    } finally {
      await sts.close();
    }
  });
});

describe("the real command (node --import tsx scripts/preflight.ts)", () => {
  const cli = (args: string[], vars: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "preflight.ts"), ...args], { cwd: ROOT, env: vars, encoding: "utf8", timeout: 30000 });
  const isolated = (): NodeJS.ProcessEnv => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-home-"));
    const keep = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^AWS_|^GITHUB_/.test(k)));
    return { ...keep, HOME: home, AWS_CONFIG_FILE: path.join(home, "none"), AWS_SHARED_CREDENTIALS_FILE: path.join(home, "none"), AWS_EC2_METADATA_DISABLED: "true", AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  };
  it("a bad flag or an unknown environment exits 64 with the usage", () => {
    const bad = cli(["--bogus"], isolated());
    expect([bad.status, bad.stderr]).toEqual([64, expect.stringMatching(/usage error: Unknown option '--bogus'[\s\S]*usage: npm run preflight/)]);
    const unknown = cli(["--env", UNKNOWN_ENV], isolated());
    expect([unknown.status, unknown.stderr]).toEqual([64, expect.stringMatching(new RegExp(`unknown environment '${UNKNOWN_ENV}' \\(known: ${knownEnvironmentsPattern()}\\)`))]);
  });
  it("without any credentials: exit 1 and how to log in (locally and in CI)", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-preflight-")), "dev.json");
    fs.writeFileSync(file, JSON.stringify(devFixture()));
    const r = cli(["--config", file], isolated());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no AWS credentials found[\s\S]*aws sso login[\s\S]*id-token: write/);
    expect(r.stderr).toMatch(/111111111111\s+aoa-deployer\s+shared-services\s+FAIL no credentials/);
  });
});
