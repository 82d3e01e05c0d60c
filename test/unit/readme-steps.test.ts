/**
 * The helper that applies the README's lifecycle snippets (test/adoption/readme-steps.ts): on the
 * real README sections, and failing loudly when a snippet no longer fits (the adoption tier then
 * fails instead of silently testing something else).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applySnippets, readmeSection, snippets } from "../adoption/readme-steps";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const ENV = `import { defineEnvironment, deployApp } from "../config/define";
import orders from "./apps/orders";
import payments from "./apps/payments";

export default defineEnvironment({
  name: "dev",
  apps: [
    deployApp(orders, {
      basePath: "orders",
      backend: { subnets: [{ id: "a" }] },
    }),
    deployApp(payments, {
      basePath: "payments/v1",
      usagePlans: [{ name: "p", apiKeys: ["k"] }],
    }),
  ],
});
`;

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-steps-"));
  fs.mkdirSync(path.join(dir, "environments", "apps"), { recursive: true });
  fs.writeFileSync(path.join(dir, "environments", "dev.ts"), ENV);
  return dir;
}

describe("the README's lifecycle snippets", () => {
  it('"Adding an app" has a new app file and an environment edit', () => {
    expect(snippets(readmeSection(README, "Adding an app")).map((s) => [s.file, s.action])).toEqual([
      ["environments/apps/invoices.ts", "write"],
      ["environments/dev.ts", "write"],
    ]);
  });

  it("adding writes the new file, puts the import after the others and the entry at the end of apps", () => {
    const dir = scratch();
    applySnippets(dir, readmeSection(README, "Adding an app"));
    const src = fs.readFileSync(path.join(dir, "environments", "dev.ts"), "utf8");
    expect(src).toMatch(/import payments from "\.\/apps\/payments";\nimport invoices from "\.\/apps\/invoices";\n/);
    expect(src).toMatch(/usagePlans: \[\{ name: "p", apiKeys: \["k"\] \}\],\n    \}\),\n    deployApp\(invoices, \{[\s\S]*\n    \}\),\n  \],\n\}\);\n$/);
    expect(fs.readFileSync(path.join(dir, "environments", "apps", "invoices.ts"), "utf8")).toMatch(/^import \{ defineApp \}[\s\S]*name: "invoices"/);
  });

  it("removing deletes the import and the whole deployApp entry, nothing else", () => {
    const dir = scratch();
    applySnippets(dir, readmeSection(README, "Removing an app"));
    expect(fs.readFileSync(path.join(dir, "environments", "dev.ts"), "utf8")).toBe(
      ENV.replace('import payments from "./apps/payments";\n', "").replace(/    deployApp\(payments, \{[\s\S]*?\n    \}\),\n/, ""),
    );
  });

  it("fails loudly when a snippet does not fit", () => {
    const dir = scratch();
    expect(() => applySnippets(dir, "\n## X\n```ts\n// environments/dev.ts: delete\nimport billing from \"./apps/billing\";\n```\n")).toThrow(/no line "import billing/);
    expect(() => applySnippets(dir, "\n## X\n```ts\n// environments/qa.ts: delete\nimport a from \"b\";\n```\n")).toThrow(/does not exist/);
    fs.writeFileSync(path.join(dir, "environments", "dev.ts"), "export default {};\n");
    expect(() => applySnippets(dir, '\n## X\n```ts\n// environments/dev.ts\n    deployApp(x, {}),\n```\n')).toThrow(/no `apps: \[`/);
    expect(() => applySnippets(dir, "\n## X\nno code here\n")).toThrow(/no `\/\/ <file>` ts snippet/);
    expect(() => readmeSection(README, "Adding a unicorn")).toThrow(/no section/);
  });
});
