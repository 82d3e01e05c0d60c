/**
 * `--changed-since`: which stacks are selected when the configuration changes (compareSynth over
 * two real synth outputs of a generated environment), the GitHub Actions matrix, the flags, and the
 * git path end to end (`npm run plan -- --changed-since HEAD --matrix` on an unchanged tree selects
 * nothing; an unknown ref is a usage error).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../synth";
import { actionsMatrix, compareSynth, parsePipelineFlags, sharedStackInputs } from "../../ops/changed";
import { validateEnvironment } from "../../config/load";
import { writeEnvironmentJson } from "../../ops/local-fixtures";
import { UsageError } from "../../cli";
import { PROJECT_ROOT } from "../../config/load";
import { fixtureInput } from "../fixtures/env";
import { fakeBundle } from "./helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-changed-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function synthOf(name: string, edit?: (e: Raw) => void): Promise<string> {
  const file = writeEnvironmentJson(fixtureInput({ apps: 5, name: "fx" }, edit), path.join(work, `${name}.json`));
  const outdir = path.join(work, `out-${name}`);
  await synthesize({ configFiles: [file], outdir, authorizerBundle: fakeBundle() });
  return outdir;
}

describe("compareSynth", () => {
  let base: string;
  beforeAll(async () => {
    base = await synthOf("base");
  }, 120_000);
  const cmp = (head: string) => compareSynth({ outdir: base, root: PROJECT_ROOT }, { outdir: head, root: PROJECT_ROOT });

  it("the same configuration selects nothing", async () => {
    const sel = cmp(await synthOf("same"));
    expect(sel.changed).toEqual([]);
    expect(sel.unchanged).toBe(7); // bootstrap, platform, 5 apps
  }, 120_000);

  it("one app's routes change: exactly that app's stack", async () => {
    const sel = cmp(await synthOf("routes", (e) => e.apps[2].routes.push({ method: "GET", path: "/new", scopes: ["x:read"] })));
    expect(sel.changed).toEqual([{ stack: "fx-app-app003", reason: "own Terraform changed" }]);
    expect(sel.unchanged).toBe(6);
  }, 120_000);

  it("a platform change that publishes the same contract (a WAF rate limit) selects the platform alone", async () => {
    const sel = cmp(await synthOf("waf", (e) => (e.edge.waf.rateLimitPerIp = 1500)));
    expect(sel.changed).toEqual([{ stack: "fx-platform", reason: "own Terraform changed" }]);
    expect(sel.unchanged).toBe(6);
  }, 120_000);

  it("a platform change that changes a contract value selects the apps that read that key, saying which", async () => {
    // the web ACL is renamed (a new ARN: its name is ForceNew), as a rename of the org prefix would do
    const head = await synthOf("waf-renamed");
    const platform = path.join(head, "stacks", "fx-platform", "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(platform, "utf8"));
    const acl = Object.values<Raw>(json.resource.aws_wafv2_web_acl)[0];
    acl.name = `${acl.name}-2`;
    fs.writeFileSync(platform, JSON.stringify(json));
    const sel = cmp(head);
    expect(sel.changed).toEqual([
      ...["app001", "app002", "app003", "app004", "app005"].map((a) => ({ stack: `fx-app-${a}`, reason: "reads contract key web-acl-arn, changed" })),
      { stack: "fx-platform", reason: "own Terraform changed" },
    ]);
  }, 120_000);

  it("a new app is selected as new; a removed one is listed, not planned", async () => {
    const sel = cmp(await synthOf("fewer", (e) => (e.apps = e.apps.slice(0, 4))));
    expect(sel.removed).toEqual(["fx-app-app005"]);
    // only the bootstrap changes (the removed app's account roles): the platform does not know the app list (issue 17)
    expect(sel.changed.map((c) => c.stack)).toEqual(["fx-bootstrap"]);
    expect(sel.changed.map((c) => c.stack)).not.toContain("fx-app-app005");
    const rev = compareSynth({ outdir: path.join(work, "out-fewer"), root: PROJECT_ROOT }, { outdir: base, root: PROJECT_ROOT });
    expect(rev.changed).toEqual(expect.arrayContaining([{ stack: "fx-app-app005", reason: "new stack" }]));
  }, 120_000);

  it("a changed asset next to an identical JSON is still a change", () => {
    const copy = path.join(work, "out-asset");
    fs.cpSync(base, copy, { recursive: true });
    const app = path.join(copy, "stacks", "fx-app-app001");
    fs.writeFileSync(path.join(app, "extra.txt"), "x");
    expect(compareSynth({ outdir: base, root: PROJECT_ROOT }, { outdir: copy, root: PROJECT_ROOT }).changed).toEqual([{ stack: "fx-app-app001", reason: "files differ: extra.txt" }]);
  });
});

describe("sharedStackInputs: what the bootstrap and the platform read of the apps (the data-only selection relies on it)", () => {
  const stackJson = (outdir: string, name: string) => fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8").split(PROJECT_ROOT).join("<root>");
  const inputs = (edit?: (e: Raw) => void) => {
    const r = validateEnvironment(fixtureInput({ apps: 5, name: "fx" }, edit));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return sharedStackInputs(r.env);
  };
  it.each<[string, (e: Raw) => void, { bootstrap: boolean; platform: boolean }]>([
    ["a route of one app", (e) => e.apps[2].routes.push({ method: "GET", path: "/new", scopes: ["x:read"] }), { bootstrap: false, platform: false }],
    ["an app moves to an account of its own", (e) => {
      e.apps[2].account = "299999999999";
      e.apps[2].backend.albArn = e.apps[2].backend.albArn.replace("200000000003", "299999999999");
    }, { bootstrap: true, platform: false }],
    // ports start at 10001, shards are 50 wide from the default 10000: 10060 is in shard 1
    ["an app's port opens a second ingress shard", (e) => (e.apps[4].ingressPort = 10060), { bootstrap: false, platform: true }],
  ])("%s: inputs differ exactly when the synthesized stack does", async (what, edit, differs) => {
    const base = path.join(work, "out-base");
    if (!fs.existsSync(base)) await synthOf("base");
    const head = await synthOf(`inputs-${what.replace(/\W+/g, "-")}`, edit);
    const a = inputs();
    const b = inputs(edit);
    expect({ bootstrap: a.bootstrap !== b.bootstrap, platform: a.platform !== b.platform }).toEqual(differs);
    expect({ bootstrap: stackJson(base, "fx-bootstrap") !== stackJson(head, "fx-bootstrap"), platform: stackJson(base, "fx-platform") !== stackJson(head, "fx-platform") }).toEqual(differs);
  }, 120_000);
});

describe("matrix and flags", () => {
  it("the matrix lists env and stack per job", () => {
    expect(actionsMatrix("dev", ["dev-app-orders"])).toEqual({ include: [{ env: "dev", stack: "dev-app-orders" }] });
    expect(actionsMatrix("dev", [])).toEqual({ include: [] });
  });
  it("flags: roles, --matrix needs --changed-since, --plans takes none", () => {
    expect(parsePipelineFlags({ role: "planner", "changed-since": "origin/main", matrix: true }, "u")).toEqual({ role: "planner", changedSince: "origin/main", matrix: true });
    expect(() => parsePipelineFlags({ role: "admin" }, "u")).toThrow(UsageError);
    expect(() => parsePipelineFlags({ matrix: true }, "u")).toThrow(/--matrix needs --changed-since/);
    expect(() => parsePipelineFlags({ plans: "p", "changed-since": "x" }, "u")).toThrow(/takes no --changed-since/);
    expect(() => parsePipelineFlags({ "out-plans": " " }, "u")).toThrow(/--out-plans needs a value/);
  });
});

describe("npm run plan -- --changed-since (git archive of the ref)", () => {
  // a clone of HEAD: "unchanged since HEAD" must not depend on what a developer has uncommitted
  const clone = path.join(work, "clone");
  if (!fs.existsSync(clone)) {
    spawnSync("git", ["clone", "-q", "--shared", PROJECT_ROOT, clone], { encoding: "utf8" });
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
  }
  const npm = (args: string[], cwd = args.includes("HEAD") ? clone : PROJECT_ROOT) => spawnSync("npm", ["run", "--silent", "plan", "--", ...args], { cwd, encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
  it("HEAD against the same environment file: an empty matrix, exit 0", () => {
    const file = writeEnvironmentJson(fixtureInput({ apps: 1, name: "fxc" }), path.join(work, "fxc.json"));
    const r = npm(["--config", file, "--changed-since", "HEAD", "--matrix", "--role", "planner"]);
    expect([r.status, r.stdout.trim()]).toEqual([0, '{"include":[]}']);
    expect(r.stderr).toMatch(/changed since HEAD in fxc: 0 of 3 stacks \(selection [\d.]+ s/);
  }, 120_000);
  it("npm run bench:changed selects exactly the changed app's stack (small size here; the README's numbers are --apps 200)", () => {
    const r = spawnSync("npm", ["run", "--silent", "bench:changed", "--", "--apps", "3", "--runs", "1"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain('routes of app002: selected ["fx3-app-app002"]');
    expect(r.stdout).toContain('WAF rate limit (platform only, same contract): selected ["fx3-platform"]');
    expect(r.stdout.match(/terraform plans saved: 4 of 5/g)).toHaveLength(2);
  }, 240_000);
  it("an unknown ref is a usage error (64)", () => {
    const r = npm(["--env", "dev", "--changed-since", "no-such-ref-xyz", "--matrix"]);
    expect(r.status).toBe(64);
    expect(r.stderr).toContain("'no-such-ref-xyz' is not a commit of this repository");
  }, 60_000);
});

describe("npm run apply -- --plans (as written in the README)", () => {
  it("without a manifest: refused before terraform runs, exit 1, saying how to make one", () => {
    const dir = path.join(work, "no-plans");
    const r = spawnSync("npm", ["run", "--silent", "apply", "--", "--env", "dev", "--skip-bootstrap", "--plans", dir], { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--plans ${dir}: no manifest.json (write one with \`npm run plan -- --env dev --out-plans ${dir}\`)`);
  }, 120_000);
  it("--plans is apply's, --out-plans and --changed-since are plan's (usage errors, 64)", () => {
    const r1 = spawnSync("npm", ["run", "--silent", "plan", "--", "--env", "dev", "--plans", "x"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(r1.status).toBe(64);
    const r2 = spawnSync("npm", ["run", "--silent", "apply", "--", "--env", "dev", "--out-plans", "x"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(r2.status).toBe(64);
  }, 60_000);
});
