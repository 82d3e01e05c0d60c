import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadForSynth } from "../../synth";
import { DOCS_DIR, checkDocs, generateDocs, isClean, promotionOrder, writeDocs } from "../../governance/docs";
import { fixtureEnvironments } from "../fixtures/chain";

/** Whatever environments/ holds (the user's data): only generic checks run on it. */
const builtIn = loadForSynth({});
/** The product's own set (test/fixtures/chain.ts): dev → staging → prod + local. */
const fixtures = fixtureEnvironments();

describe("committed docs/", () => {
  it("are up to date with the environments (run `npm run docs` when this fails)", () => {
    const result = checkDocs(DOCS_DIR, generateDocs(builtIn), { strict: true });
    expect(result).toEqual({ stale: [], missing: [], unexpected: [] });
  });

  it("cover every environment: page, route map (md + json), and the index", () => {
    const files = [...generateDocs(builtIn).keys()].sort();
    expect(files).toEqual(["README.md", ...builtIn.map((e) => e.name).flatMap((e) => [`${e}.md`, `routes/${e}.json`, `routes/${e}.md`])].sort());
  });

  it("contain no machine-specific absolute paths and no timestamps", () => {
    for (const content of [...generateDocs(builtIn).values(), ...generateDocs(fixtures).values()]) {
      expect(content).not.toContain(path.resolve(__dirname, "..", ".."));
      expect(content).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });
});

describe("generated pages (fixture environments)", () => {
  it("an environment page has the topology, the routes and the cost; the index follows the promotion chain", () => {
    const docs = generateDocs(fixtures);
    const dev = docs.get("dev.md")!;
    expect(dev).toContain("```mermaid\nflowchart TB");
    expect(dev).toContain("## Routes");
    expect(dev).toContain("**Fixed monthly: $");
    expect(docs.get("README.md")).toMatch(/\[dev\]\(dev\.md\)[\s\S]*\[staging\][\s\S]*\[prod\][\s\S]*\[local\]/);
  });
});

describe("staleness check on a copy of the fixtures' docs", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-docs-"));
    writeDocs(dir, generateDocs(fixtures));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("passes on an unchanged copy", () => {
    expect(isClean(checkDocs(dir, generateDocs(fixtures), { strict: true }))).toBe(true);
  });

  it("fails when an environment changed and its docs were not regenerated", () => {
    // dev's payments pin moves: dev's pages change, and staging's (its next promotion from dev shows dev's pins)
    const changed = fixtures.map((e) => (e.name === "dev" ? { ...e, apps: e.apps.map((a) => (a.name === "payments" ? { ...a, version: "2.1.0" } : a)) } : e));
    const result = checkDocs(dir, generateDocs(changed), { strict: true });
    expect(result.stale).toEqual(["dev.md", "routes/dev.json", "routes/dev.md", "routes/staging.json", "routes/staging.md", "staging.md"]);
    expect(result.missing).toEqual([]);
    expect(isClean(result)).toBe(false);
    // regenerating fixes it, touching only what changed
    expect(writeDocs(dir, generateDocs(changed)).sort()).toEqual(["dev.md", "routes/dev.json", "routes/dev.md", "routes/staging.json", "routes/staging.md", "staging.md"]);
    expect(isClean(checkDocs(dir, generateDocs(changed), { strict: true }))).toBe(true);
  });

  it("reports missing files and orphaned generated files (hand-written docs are ignored)", () => {
    fs.rmSync(path.join(dir, "prod.md"));
    fs.writeFileSync(path.join(dir, "routes", "qa.json"), '{\n  "generatedBy": "npm run routes"\n}\n');
    fs.writeFileSync(path.join(dir, "architecture.md"), "# Written by hand\n");
    const result = checkDocs(dir, generateDocs(fixtures), { strict: true });
    expect(result).toEqual({ stale: [], missing: ["prod.md"], unexpected: ["routes/qa.json"] });
  });

  it("a cost change shows in the page and the index", () => {
    const changed = fixtures.map((e) => (e.name === "dev" ? { ...e, network: { ...e.network, subnets: [...e.network.subnets, { id: "subnet-0a1b2c3d4e5f60013", az: "eu-west-1c" }] } } : e));
    expect(checkDocs(dir, generateDocs(changed)).stale).toEqual(["README.md", "dev.md"]);
  });
});

describe("generation", () => {
  it("is deterministic", () => {
    expect([...generateDocs(builtIn)]).toEqual([...generateDocs(loadForSynth({}))]);
    expect([...generateDocs(fixtures)]).toEqual([...generateDocs(fixtureEnvironments())]);
  });
  it("orders environments along the promotion chain", () => {
    expect(promotionOrder(fixtures).map((e) => e.name)).toEqual(["dev", "staging", "prod", "local"]);
  });
  it("can limit pages to some environments (the index still covers all)", () => {
    expect([...generateDocs(fixtures, { only: ["prod"] }).keys()]).toEqual(["prod.md", "routes/prod.md", "routes/prod.json", "README.md"]);
  });
});
