import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { devFixture } from "../fixtures/env";
import { UNKNOWN_ENV, knownEnvironments } from "../fixtures/user-envs";

const dev = devFixture();

const ROOT = path.resolve(__dirname, "..", "..");
const cli = (script: "routes" | "docs", ...args: string[]) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", `${script}.ts`), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, AOA_DEBUG: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe("npm run routes", () => {
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-routes-"))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("rejects an unknown environment with the known ones, exit 64 (usage)", () => {
    const r = cli("routes", "--env", UNKNOWN_ENV, "--out", tmp);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(`unknown environment '${UNKNOWN_ENV}' (known: ${knownEnvironments()})`);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it("rejects an unknown flag as a usage error, exit 64", () => {
    const r = cli("routes", "--enviroment", "dev");
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/usage error: .*--enviroment/);
    expect(r.stderr).toContain("usage: npm run routes");
  });

  it("rejects a stray argument, exit 64", () => {
    expect(cli("routes", "dev").code).toBe(64);
  });

  it("writes <env>.md and <env>.json for a built-in environment", () => {
    const name = knownEnvironments().split(", ")[0]; // whichever environments/ holds
    const out = path.join(tmp, "built-in");
    const r = cli("routes", "--env", name, "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([`${name}.json`, `${name}.md`]);
    // the same output as the committed map
    expect(fs.readFileSync(path.join(out, `${name}.json`), "utf8")).toBe(fs.readFileSync(path.join(ROOT, "docs", "routes", `${name}.json`), "utf8"));
  });

  it("reads --config FILE (JSON), and a configuration error names the field and writes nothing", () => {
    const file = path.join(tmp, "sandbox.json");
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(JSON.stringify(dev)), name: "sandbox" }));
    const out = path.join(tmp, "config");
    const ok = cli("routes", "--config", file, "--out", out);
    expect(ok.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, "sandbox.json"), "utf8")).apps).toHaveLength(2);

    const bad = JSON.parse(JSON.stringify(dev));
    bad.name = "conflict";
    bad.apps[1].basePath = "orders/v1";
    fs.writeFileSync(file, JSON.stringify(bad));
    const out2 = path.join(tmp, "conflict");
    const r = cli("routes", "--config", file, "--out", out2);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/apps\[1\]\.basePath: is nested under apps\[0\] \(orders\)/);
    expect(fs.existsSync(out2)).toBe(false);
  });
});

describe("npm run docs", () => {
  // two of whatever environments/ holds (the user's data)
  const names = knownEnvironments().split(", ");
  const [first, last] = [names[0], names[names.length - 1]];
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-docs-cli-"));
    fs.cpSync(path.join(ROOT, "docs"), tmp, { recursive: true });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("--check passes on the committed docs", () => {
    const r = cli("docs", "--check");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ generated files are up to date/);
  });

  it("--check exits 1 listing stale and missing files, and writes nothing", () => {
    fs.appendFileSync(path.join(tmp, `${first}.md`), "\nhand edit\n");
    fs.rmSync(path.join(tmp, "routes", `${last}.json`));
    const r = cli("docs", "--check", "--out", tmp);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`stale: +\\S*${first}\\.md`));
    expect(r.stderr).toMatch(new RegExp(`missing: +\\S*routes[/\\\\]${last}\\.json`));
    expect(r.stderr).toContain("run `npm run docs`");
    expect(fs.existsSync(path.join(tmp, "routes", `${last}.json`))).toBe(false);
  });

  it("regenerates what is stale", () => {
    fs.appendFileSync(path.join(tmp, `${first}.md`), "\nhand edit\n");
    const r = cli("docs", "--out", tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 1 of \d+ files/);
    expect(cli("docs", "--check", "--out", tmp).code).toBe(0);
  });

  it("rejects an unknown environment and a bad flag (both usage errors, exit 64)", () => {
    const unknown = cli("docs", "--env", UNKNOWN_ENV, "--check");
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain(`unknown environment '${UNKNOWN_ENV}' (known: ${knownEnvironments()})`);
    const bad = cli("docs", "--chek");
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/usage error: .*--chek/);
  });
});
