/**
 * The only tests that read `environments/` — the user's data. They are generic: whatever apps and
 * environments a team keeps there, every environment file validates, synthesizes (one stack per
 * app, plus its bootstrap and platform), passes the policy pack, and its committed docs are
 * current. Nothing here knows what the files contain; the product's behaviour is tested on
 * test/fixtures/ everywhere else.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, listEnvironmentFiles } from "../../config/load";
import { stackNames } from "../../config/naming";
import { synthesize, type SynthResult } from "../../synth";
import { runPolicyPack } from "../../policy";
import { DOCS_DIR, checkDocs, generateDocs } from "../../governance/docs";
import { devFixture } from "../fixtures/env";
import { fakeBundle } from "./helpers";

const names = listEnvironmentFiles().map((f) => path.basename(f).replace(/\.(ts|json)$/, ""));
const bundle = fakeBundle();

describe("every environment in environments/", () => {
  let work: string;
  let all: SynthResult;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-envs-"));
    // one synth of the whole set, like `npm run synth`: validation (promotion chain included) and the policy pack
    all = await synthesize({ outdir: path.join(work, "cdktf.out"), authorizerBundle: bundle });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("there is at least one", () => expect(names.length).toBeGreaterThan(0));

  it.each(names)("%s: validates and synthesizes its bootstrap, its platform and one stack per app", (name) => {
    const env = all.environments.find((e) => e.name === name)!;
    expect(env).toBeDefined();
    const stacks = all.stacks.filter((s) => s.environment === name).map((s) => s.name).sort();
    expect(stacks).toEqual([stackNames.bootstrap(env), stackNames.platform(env), ...env.apps.map((a) => stackNames.app(env, a.name))].sort());
    for (const s of all.stacks.filter((x) => x.environment === name)) expect(s.resourceCount).toBeGreaterThan(0);
  });

  it.each(names)("%s: passes the policy pack (no unsuppressed error)", (name) => {
    expect(all.findings.filter((f) => f.severity === "error" && f.stack.startsWith(`${name}-`))).toEqual([]);
  });

  it.each(names)("%s: its committed docs are current (`npm run docs`)", (name) => {
    const result = checkDocs(DOCS_DIR, generateDocs(all.environments, { only: [name] }));
    expect({ stale: result.stale, missing: result.missing }).toEqual({ stale: [], missing: [] });
  });
});

describe("the same checks fail on a bad environment", () => {
  let work: string;
  beforeAll(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-envs-bad-"))));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("an invalid file does not synthesize (the field path is named)", async () => {
    const file = path.join(work, "broken.json");
    fs.writeFileSync(file, JSON.stringify(devFixture((e) => { e.name = "broken"; e.apps[1].basePath = "/payments/"; })));
    const err = await synthesize({ configFiles: [file], outdir: path.join(work, "out1"), authorizerBundle: bundle }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String(err.message)).toContain("apps[1].basePath");
  });

  it("a stage without the WAF is a policy error in its environment", async () => {
    const file = path.join(work, "nowaf.json");
    fs.writeFileSync(file, JSON.stringify(devFixture((e) => (e.name = "nowaf"))));
    const r = await synthesize({ configFiles: [file], outdir: path.join(work, "out2"), authorizerBundle: bundle, skipPolicy: true });
    const stacks = r.stacks.map((s) => ({ name: s.name, json: JSON.parse(JSON.stringify(s.json)) }));
    expect(runPolicyPack(stacks, { environment: "nowaf", isProd: false }).findings.filter((f) => f.severity === "error")).toEqual([]);
    for (const s of stacks) delete s.json.resource?.aws_wafv2_web_acl_association;
    const errors = runPolicyPack(stacks, { environment: "nowaf", isProd: false }).findings.filter((f) => f.severity === "error" && f.stack.startsWith("nowaf-"));
    expect(errors.map((f) => f.ruleId)).toContain("AOA-APIG-005");
  });

  it("stale docs are reported", () => {
    const dir = path.join(work, "docs");
    fs.cpSync(DOCS_DIR, dir, { recursive: true });
    const name = names[0];
    fs.appendFileSync(path.join(dir, `${name}.md`), "\nhand edit\n");
    return synthesize({ envNames: [name], outdir: path.join(work, "out3"), authorizerBundle: bundle, skipPolicy: true }).then((r) => {
      expect(checkDocs(dir, generateDocs(r.environments, { only: [name] })).stale).toContain(`${name}.md`);
    });
  });
});
