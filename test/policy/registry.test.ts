/** The registry: unique ids, every rule file registered, mirrors cited, README in sync. */
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../policy";

const RULES_DIR = path.join(__dirname, "..", "..", "policy", "rules");
const MIRROR = /^(CKV2?_AWS_\d+|CKV_SECRET_\d+|AWS-\d{4}|AwsSolutions-[A-Z0-9]+|Serverless-[A-Za-z]+|[A-Za-z0-9]+\.\d+|ref:\S+)$/;

describe("rule registry", () => {
  test("has at least 40 rules", () => {
    expect(RULES.length).toBeGreaterThanOrEqual(40);
  });

  test("ids are unique and well-formed", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^AOA-[A-Z0-9]+-\d{3}$/);
  });

  test("every rule file under policy/rules/ is registered, and named after its id", () => {
    const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(files.length).toBe(RULES.length);
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(RULES_DIR, file));
      expect(mod.rule).toBeDefined();
      expect(RULES).toContain(mod.rule);
      const [area, num] = file.split("-");
      expect(mod.rule.id).toBe(`AOA-${area.toUpperCase()}-${num}`);
    }
  });

  test("every rule cites at least one mirrored id, in a known format", () => {
    for (const r of RULES) {
      expect(r.mirrors.length).toBeGreaterThanOrEqual(1);
      for (const m of r.mirrors) expect(`${r.id}: ${m}`).toMatch(new RegExp(`^${r.id}: ${MIRROR.source.slice(1)}`));
    }
  });

  test("every rule has a title, a description, a severity and resource types", () => {
    for (const r of RULES) {
      expect(r.title.length).toBeGreaterThan(5);
      expect((r.description ?? "").length).toBeGreaterThan(10);
      expect(["error", "warning"]).toContain(r.severity);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
  });

  test("policy/README.md lists every rule id", () => {
    const readme = fs.readFileSync(path.join(RULES_DIR, "..", "README.md"), "utf8");
    expect(RULES.map((r) => r.id).filter((id) => !readme.includes(`| ${id} |`))).toEqual([]);
  });
});
