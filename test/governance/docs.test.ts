import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadForSynth } from "../../synth";
import { DOCS_DIR, checkDocs, generateDocs, isClean, promotionOrder, writeDocs } from "../../governance/docs";
import { devEnv } from "./helpers";

const builtIn = loadForSynth({});

describe("committed docs/", () => {
  it("are up to date with the environments (run `npm run docs` when this fails)", () => {
    const result = checkDocs(DOCS_DIR, generateDocs(builtIn), { strict: true });
    expect(result).toEqual({ stale: [], missing: [], unexpected: [] });
  });

  it("cover dev, staging, prod and local: page, route map (md + json), and the index", () => {
    const files = [...generateDocs(builtIn).keys()].sort();
    expect(files).toEqual(["README.md", ...["dev", "local", "prod", "staging"].flatMap((e) => [`${e}.md`, `routes/${e}.json`, `routes/${e}.md`])].sort());
    const dev = fs.readFileSync(path.join(DOCS_DIR, "dev.md"), "utf8");
    expect(dev).toContain("```mermaid\nflowchart TB");
    expect(dev).toContain("## Routes");
    expect(dev).toContain("**Fixed monthly: $");
    expect(fs.readFileSync(path.join(DOCS_DIR, "README.md"), "utf8")).toMatch(/\[dev\]\(dev\.md\)[\s\S]*\[staging\][\s\S]*\[prod\][\s\S]*\[local\]/);
  });

  it("contain no machine-specific absolute paths and no timestamps", () => {
    for (const content of generateDocs(builtIn).values()) {
      expect(content).not.toContain(path.resolve(__dirname, "..", ".."));
      expect(content).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });
});

describe("staleness check on a copy of docs/", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-docs-"));
    fs.cpSync(DOCS_DIR, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("passes on an unchanged copy", () => {
    expect(isClean(checkDocs(dir, generateDocs(builtIn), { strict: true }))).toBe(true);
  });

  it("fails when an environment changed and its docs were not regenerated", () => {
    const changed = builtIn.map((e) => (e.name === "dev" ? devEnv((d) => (d.apps[1].version = "2.1.0")) : e));
    const result = checkDocs(dir, generateDocs(changed), { strict: true });
    expect(result.stale).toEqual(["dev.md", "routes/dev.json", "routes/dev.md"]);
    expect(result.missing).toEqual([]);
    expect(isClean(result)).toBe(false);
    // regenerating fixes it, touching only what changed
    expect(writeDocs(dir, generateDocs(changed)).sort()).toEqual(["dev.md", "routes/dev.json", "routes/dev.md"]);
    expect(isClean(checkDocs(dir, generateDocs(changed), { strict: true }))).toBe(true);
  });

  it("reports missing files and orphaned generated files (hand-written docs are ignored)", () => {
    fs.rmSync(path.join(dir, "prod.md"));
    fs.writeFileSync(path.join(dir, "routes", "qa.json"), '{\n  "generatedBy": "npm run routes"\n}\n');
    fs.writeFileSync(path.join(dir, "architecture.md"), "# Written by hand\n");
    const result = checkDocs(dir, generateDocs(builtIn), { strict: true });
    expect(result).toEqual({ stale: [], missing: ["prod.md"], unexpected: ["routes/qa.json"] });
  });

  it("a cost change (new app) shows in the page and the index", () => {
    const changed = builtIn.map((e) => (e.name === "dev" ? devEnv((d) => d.network.subnets.push({ id: "subnet-0a1b2c3d4e5f60013", az: "eu-west-1c" })) : e));
    expect(checkDocs(dir, generateDocs(changed)).stale).toEqual(["README.md", "dev.md"]);
  });
});

describe("generation", () => {
  it("is deterministic", () => {
    expect([...generateDocs(builtIn)]).toEqual([...generateDocs(loadForSynth({}))]);
  });
  it("orders environments along the promotion chain", () => {
    expect(promotionOrder(builtIn).map((e) => e.name)).toEqual(["dev", "staging", "prod", "local"]);
  });
  it("can limit pages to some environments (the index still covers all)", () => {
    expect([...generateDocs(builtIn, { only: ["prod"] }).keys()]).toEqual(["prod.md", "routes/prod.md", "routes/prod.json", "README.md"]);
  });
});
