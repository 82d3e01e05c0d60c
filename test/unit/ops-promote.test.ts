/**
 * Promotion: the pin rewrite (TypeScript and JSON environment files, a one-line diff, the right
 * app's block), and the decision both ways — allowed when the version is live in the source,
 * refused when it is not deployed there, equal, older, the app is missing, or --to does not
 * promote from --from. "Live" comes from an injected reader here (the acceptance tier reads the
 * release parameter from a real apply into moto).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareVersions, formatPromotion, promote, promoteMain, rewriteJsonPin, rewriteTsPin, PromotionRefused, type DeployedReader } from "../../ops/promote";
import { UsageError } from "../../cli";
import { writeEnvironmentJson } from "../../ops/local-fixtures";
import { devInput } from "./helpers";
import { UNKNOWN_ENV, knownEnvironmentsPattern } from "../fixtures/user-envs";

const ROOT = path.resolve(__dirname, "../..");
/** Frozen copies of the example environment files (the user's environments/ may hold anything). */
const ENV_DIR = path.join(ROOT, "test", "fixtures", "environments");

/** A copy of test/fixtures/environments/<names>.ts in a temp dir, imports made absolute so they still resolve. */
function configDir(names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-promote-"));
  for (const n of names) {
    const src = fs
      .readFileSync(path.join(ENV_DIR, `${n}.ts`), "utf8")
      .replace(/from "(?:\.\.\/)+config\/define"/, `from ${JSON.stringify(path.join(ROOT, "config", "define"))}`)
      .replace(/from "\.\/apps\/(\w+)"/g, (_m, app) => `from ${JSON.stringify(path.join(ENV_DIR, "apps", app))}`);
    fs.writeFileSync(path.join(dir, `${n}.ts`), src);
  }
  return dir;
}

const live = (versions: Record<string, string | undefined>): DeployedReader => async (env, app) => {
  const v = versions[`${env.name}/${app}`];
  return v ? { version: v, source: `ssm:/acme/${env.name}/apps/${app}/release` } : undefined;
};

const changedLines = (a: string, b: string) => {
  const x = a.split("\n");
  const y = b.split("\n");
  expect(y.length).toBe(x.length);
  return x.map((l, i) => (l === y[i] ? undefined : [l, y[i]])).filter(Boolean);
};

describe("compareVersions", () => {
  it.each([
    ["1.4.0", "1.3.2", 1],
    ["1.3.2", "1.4.0", -1],
    ["1.10.0", "1.9.9", 1],
    ["2.0.0", "2.0.0", 0],
    ["2.0.0-rc.1", "2.0.0", -1],
    ["2.0.0-rc.2", "2.0.0-rc.10", -1],
  ])("%s vs %s", (a, b, want) => expect(Math.sign(compareVersions(a, b))).toBe(want));
});

describe("rewriteTsPin", () => {
  const staging = fs.readFileSync(path.join(ENV_DIR, "staging.ts"), "utf8");

  it("changes only the version literal inside that app's deployApp block", () => {
    const edit = rewriteTsPin(staging, "orders", "1.4.0", path.join(ENV_DIR, "staging.ts"));
    expect(edit.oldVersion).toBe("1.3.2");
    expect(changedLines(staging, edit.text)).toEqual([['      version: "1.3.2",', '      version: "1.4.0",']]);
    expect(edit.line).toBe(staging.split("\n").findIndex((l) => l.includes('version: "1.3.2"')) + 1);
  });

  it("finds the app by its definition's name, not by position", () => {
    const edit = rewriteTsPin(staging, "payments", "2.1.0", path.join(ENV_DIR, "staging.ts"));
    expect(changedLines(staging, edit.text)).toEqual([['      version: "2.0.0",', '      version: "2.1.0",']]);
  });

  it("skips comments, strings and nested objects; keeps the quote style", () => {
    const src = [
      'import orders from "./apps/orders";',
      "const x = deployApp(orders, {",
      '  // version: "0.0.1" (a comment)',
      '  description: "version: \\"0.0.2\\"",',
      "  backend: { version: '0.0.3' },",
      "  version: '1.0.0',",
      "});",
    ].join("\n");
    const edit = rewriteTsPin(src, "orders", "1.1.0", path.join(ENV_DIR, "x.ts"));
    expect(changedLines(src, edit.text)).toEqual([["  version: '1.0.0',", "  version: '1.1.0',"]]);
  });

  it("refuses clearly when there is no block or no literal", () => {
    expect(() => rewriteTsPin(staging, "billing", "1.0.0")).toThrow(/no deployApp\(<billing>/);
    expect(() => rewriteTsPin('import orders from "./apps/orders";\ndeployApp(orders, { version: v });', "orders", "1.0.0", path.join(ENV_DIR, "x.ts"))).toThrow(/no `version: "x.y.z"` literal/);
  });
});

describe("rewriteJsonPin", () => {
  it("changes one line of a generated JSON environment", () => {
    const file = writeEnvironmentJson(devInput(), path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ops-json-")), "dev.json"));
    const src = fs.readFileSync(file, "utf8");
    const edit = rewriteJsonPin(src, "payments", "2.0.2");
    expect(changedLines(src, edit.text)).toEqual([['      "version": "2.0.1",', '      "version": "2.0.2",']]);
  });
});

describe("promote", () => {
  it("allowed: the version live in dev replaces staging's pin, the file is re-validated and the change printed", async () => {
    const dir = configDir(["dev", "staging"]);
    const before = fs.readFileSync(path.join(dir, "staging.ts"), "utf8");
    const r = await promote({ from: "dev", to: "staging", app: "orders", configDir: dir, readDeployed: live({ "dev/orders": "1.4.0" }) });
    expect(r.exitCode).toBe(0);
    expect(r.written).toBe(true);
    expect(r.decisions).toEqual([expect.objectContaining({ app: "orders", status: "promoted", pinned: "1.3.2", deployed: { version: "1.4.0", source: "ssm:/acme/dev/apps/orders/release" } })]);
    const after = fs.readFileSync(path.join(dir, "staging.ts"), "utf8");
    expect(changedLines(before, after)).toEqual([['      version: "1.3.2",', '      version: "1.4.0",']]);
    const printed = formatPromotion(r).join("\n");
    expect(printed).toMatch(/changed .*staging\.ts:\d+ \(orders: 1\.3\.2 → 1\.4\.0, live in dev per ssm:\/acme\/dev\/apps\/orders\/release\)/);
    expect(printed).toContain('-       version: "1.3.2",');
    expect(printed).toContain('+       version: "1.4.0",');
  }, 30_000);

  it("refused: configured in dev but not deployed there — nothing is written", async () => {
    const dir = configDir(["dev", "staging"]);
    const before = fs.readFileSync(path.join(dir, "staging.ts"), "utf8");
    const r = await promote({ from: "dev", to: "staging", app: "orders", configDir: dir, readDeployed: live({}) });
    expect(r.exitCode).toBe(1);
    expect(r.decisions[0]).toMatchObject({ status: "refused", reason: expect.stringContaining("'orders' is not deployed in 'dev'") });
    expect(fs.readFileSync(path.join(dir, "staging.ts"), "utf8")).toBe(before);
  });

  it("already up to date (exit 0, with --app too): what dev runs is what staging pins already (dev's config is ahead but not applied)", async () => {
    const dir = configDir(["dev", "staging"]);
    const r = await promote({ from: "dev", to: "staging", app: "orders", configDir: dir, readDeployed: live({ "dev/orders": "1.3.2" }) });
    expect(r.exitCode).toBe(0);
    expect(r.decisions[0].status).toBe("unchanged");
    expect(r.written).toBe(false);
    expect(r.decisions[0].reason).toBe("'dev' runs orders 1.3.2, which 'staging' already pins ('dev' pins 1.5.0 in its config, but that is not deployed — apply dev first)");
  });

  it("refused: never downgrades", async () => {
    const dir = configDir(["dev", "staging"]);
    const r = await promote({ from: "dev", to: "staging", app: "orders", configDir: dir, readDeployed: live({ "dev/orders": "1.2.0" }) });
    expect(r.decisions[0]).toMatchObject({ status: "refused", reason: expect.stringContaining("older than the 1.3.2 'staging' pins") });
  });

  it("refused: an app neither environment has", async () => {
    const dir = configDir(["dev", "staging"]);
    await expect(promote({ from: "dev", to: "staging", app: "billing", configDir: dir, readDeployed: live({}) })).rejects.toThrow(/app 'billing' is in neither 'dev' nor 'staging'/);
  });

  it("refused: --to does not promote from --from (names both)", async () => {
    const dir = configDir(["dev", "staging", "prod"]);
    await expect(promote({ from: "dev", to: "prod", configDir: dir, readDeployed: live({}) })).rejects.toThrow(new PromotionRefused("refusing: 'prod' promotes from 'staging', not from 'dev' (promotesFrom in " + path.relative(process.cwd(), path.join(dir, "prod.ts")) + ")"));
  });

  it("every app at once: promotes what moved, leaves what is up to date", async () => {
    const dir = configDir(["dev", "staging"]);
    const r = await promote({ from: "dev", to: "staging", configDir: dir, readDeployed: live({ "dev/orders": "1.4.0", "dev/payments": "2.0.0" }) });
    expect(r.decisions.map((d) => [d.app, d.status])).toEqual([["orders", "promoted"], ["payments", "unchanged"]]);
    expect(r.exitCode).toBe(0);
  }, 30_000);

  it("--dry-run decides but writes nothing", async () => {
    const dir = configDir(["dev", "staging"]);
    const before = fs.readFileSync(path.join(dir, "staging.ts"), "utf8");
    const r = await promote({ from: "dev", to: "staging", app: "orders", configDir: dir, dryRun: true, readDeployed: live({ "dev/orders": "1.4.0" }) });
    expect(r.decisions[0].status).toBe("promoted");
    expect(r.written).toBe(false);
    expect(fs.readFileSync(path.join(dir, "staging.ts"), "utf8")).toBe(before);
  });
});

describe("promote command line", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };
  it("usage errors", async () => {
    await expect(promoteMain(["--from", "dev"])).rejects.toThrow(UsageError);
    await expect(promoteMain(["--from", "dev", "--to", "staging", "--via", "guess"])).rejects.toThrow(/--via must be ssm or terraform/);
    await expect(promoteMain(["--from", "dev", "--to", "dev"])).rejects.toThrow(/same environment/);
    await expect(promoteMain(["--from", "dev", "--to", UNKNOWN_ENV])).rejects.toThrow(new RegExp(`--to ${UNKNOWN_ENV}: unknown environment in .* \\(known: ${knownEnvironmentsPattern()}\\)`));
  });
  it("a refusal is exit 1 with the reason on stderr", async () => {
    const dir = configDir(["dev", "staging", "prod"]);
    const c = io();
    expect(await promoteMain(["--from", "dev", "--to", "prod", "--config-dir", dir], { readDeployed: live({}) }, c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("'prod' promotes from 'staging', not from 'dev'");
  });
});
