/**
 * `npm run plan -- --changed-since REF --matrix` per kind of change, in a copy of this repository
 * with git history (test/fixtures/repo-copy.ts): the stacks selected and why, and the path the
 * selection took. A change to shared code must select every stack it touches; a platform change
 * that publishes the same contract must select the platform alone.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyRepository, type RepoCopy } from "../fixtures/repo-copy";
import { fixtureInput } from "../fixtures/env";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let repo: RepoCopy;
let tmp: string;
const ENV_FILE = "environments/fx.json";
const writeEnv = (edit?: (e: Raw) => void) => fs.writeFileSync(path.join(repo.dir, ENV_FILE), `${JSON.stringify(fixtureInput({ apps: 3, name: "fx" }, edit), null, 2)}\n`);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-changed-kinds-"));
  repo = copyRepository(path.join(tmp, "repo"));
  writeEnv();
  repo.commit("a three-app environment");
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => repo.reset());

/** Runs the selection as the pipeline does; returns the matrix's stacks and the reason printed per stack. */
function select(): { stacks: string[]; reasons: Record<string, string>; summary: string } {
  const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "scripts/plan.ts", "--config", ENV_FILE, "--changed-since", "HEAD", "--matrix"], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stderr}`);
  const stacks = (JSON.parse(r.stdout.trim().split("\n").pop()!) as { include: { stack: string }[] }).include.map((i) => i.stack);
  const reasons = Object.fromEntries([...r.stderr.matchAll(/^ {2}(fx-[a-z0-9-]+): (.*)$/gm)].map((m) => [m[1], m[2]]));
  return { stacks, reasons, summary: r.stderr.split("\n").find((l) => l.startsWith("changed since")) ?? r.stderr };
}

const edit = (file: string, from: string | RegExp, to: string) => {
  const p = path.join(repo.dir, file);
  const text = fs.readFileSync(p, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${from} not found`);
  fs.writeFileSync(p, next);
};

test("README only: nothing selected, nothing synthesized", () => {
  fs.appendFileSync(path.join(repo.dir, "README.md"), "\nA note.\n");
  const s = select();
  expect(s.stacks).toEqual([]);
  expect(s.summary).toMatch(/0 of 5 stacks .*no synth input changed: only README\.md/);
}, 120_000);

test("app data (one app's routes): that app's stack alone, from the environment data only", () => {
  writeEnv((e) => e.apps[1].routes.push({ method: "GET", path: "/new", scopes: ["orders:read"] }));
  const s = select();
  expect(s.stacks).toEqual(["fx-app-app002"]);
  expect(s.reasons).toEqual({ "fx-app-app002": "own Terraform changed" });
  expect(s.summary).toMatch(/environment data only: environments\/fx\.json/);
}, 120_000);

test("environment data that changes the platform but not its contract (WAF rate limit): the platform alone", () => {
  writeEnv((e) => (e.edge.waf.rateLimitPerIp = 1234));
  const s = select();
  expect(s.stacks).toEqual(["fx-platform"]);
  expect(s.reasons).toEqual({ "fx-platform": "own Terraform changed" });
}, 120_000);

test("environment data that changes a contract value (the domain): the platform and every app that reads it", () => {
  writeEnv((e) => (e.domain.name = `next.${e.domain.name}`));
  const s = select();
  expect(s.stacks).toEqual(expect.arrayContaining(["fx-platform", "fx-app-app001", "fx-app-app002", "fx-app-app003"]));
  for (const app of ["fx-app-app001", "fx-app-app002", "fx-app-app003"]) expect(s.reasons[app]).toMatch(/own Terraform changed|reads contract keys? .*domain-name.*, changed/);
}, 120_000);

test("shared module code (the app alarms): every app stack, not the platform or the bootstrap", () => {
  edit("modules/app-alarms.ts", "p99 latency above", "p99 latency over");
  const s = select();
  expect(s.stacks).toEqual(["fx-app-app001", "fx-app-app002", "fx-app-app003"]);
  expect(Object.values(s.reasons)).toEqual(Array(3).fill("own Terraform changed"));
  expect(s.summary).toMatch(/every stack compared.*code changed: modules\/app-alarms\.ts/);
}, 180_000);

test("authorizer code: the platform alone (the function's ARN, which apps read, stays)", () => {
  edit("authorizer/src/handler.ts", '"no_route_scopes"', '"no_route_scope"');
  const s = select();
  expect(s.stacks).toEqual(["fx-platform"]);
  expect(s.reasons).toEqual({ "fx-platform": "own Terraform changed" });
}, 180_000);
