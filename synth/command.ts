/**
 * npm run synth [-- --env dev[,staging]] [--config path/to/env.(ts|json)] [--stack NAME] [--out DIR]
 * Validates, synthesizes, runs the policy pack, prints a summary. Writes nothing on any error.
 */
import { EXIT, list, parseFlags, run, table } from "../cli";
import { PolicyError, synthesize } from ".";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatFindings } from "../policy";
import { formatProblems } from "../config/load";
import { estimateCost, usd } from "../governance/cost";
import { quotaSummary, quotaTable } from "../governance/quotas";
import { appVersionRows } from "../governance/routes";

/** Output names relative to the working directory: no machine paths in what is printed. */
const rel = (p: string) => path.relative(process.cwd(), p) || ".";

const USAGE = "usage: npm run synth -- [--env NAME[,NAME]] [--config FILE] [--stack NAME] [--out DIR] [--quotas]";

run(async () => {
  const { values } = parseFlags(process.argv.slice(2), {
    env: { type: "string", multiple: true },
    config: { type: "string", multiple: true },
    stack: { type: "string", multiple: true },
    out: { type: "string" },
    quotas: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const started = Date.now();
  try {
    const result = await synthesize({ envNames: list(values.env), configFiles: list(values.config), stacks: list(values.stack), outdir: values.out });
    const rows = result.stacks.map((s) => [s.name, s.accounts.join(", "), s.resourceCount] as const);
    console.log(table(["stack", "accounts", "resources"], rows));
    const warnings = result.findings.filter((f) => f.severity === "warning");
    if (warnings.length) {
      const byRule = new Map<string, { n: number; example: string }>();
      for (const w of warnings) byRule.set(w.ruleId, { n: (byRule.get(w.ruleId)?.n ?? 0) + 1, example: w.message });
      console.log(`\n${warnings.length} policy warning(s) (full list: ${rel(path.join(result.outdir, "policy-report.json"))}):`);
      console.log(table(["rule", "count", "example"], [...byRule].map(([id, v]) => [id, v.n, v.example.slice(0, 90)])));
    }
    if (result.suppressed.length) {
      console.log(`\n${result.suppressed.length} suppressed finding(s):`);
      for (const s of result.suppressed) console.log(`  - ${s.finding.ruleId} ${s.finding.stack}/${s.finding.resource}: ${s.reason}`);
    }
    console.log(`\napp versions (each environment builds its pinned version; route map: docs/routes/<env>.md):`);
    console.log(table(["environment", "app", "version", "next promotion would bring"], appVersionRows(result.environments)));
    const costs = result.environments.map((e) => {
      const c = estimateCost(e);
      return [e.name, e.apps.length, usd(c.fixedMonthlyUsd), usd(c.perMillionRequestsUsd)] as const;
    });
    console.log(`\nestimated cost (list prices, pricing/aws-prices.json; details: npm run docs -> docs/<env>.md):`);
    console.log(table(["environment", "apps", "fixed / month", "per million requests"], costs));
    // quotas: one line per environment unless a quota needs attention; every row in quotas.md (and with --quotas)
    const quotaReport = path.join(result.outdir, "quotas.md");
    const tables = result.environments.map((e) => quotaTable(e.name, result.quotas.get(e.name) ?? []));
    fs.writeFileSync(quotaReport, `# AWS quotas per environment\n\nWritten by \`npm run synth\`; limits, sources and how usage is measured: config/quotas.ts.\n\n${tables.map((t) => `\`\`\`\n${t}\n\`\`\``).join("\n\n")}\n`);
    console.log("");
    if (values.quotas) for (const t of tables) console.log(`${t}\n`);
    else for (const e of result.environments) console.log(quotaSummary(e.name, result.quotas.get(e.name) ?? [], `npm run synth -- --quotas, ${rel(quotaReport)}`));
    console.log(`\n${result.stacks.length} stacks of ${result.environments.map((e) => e.name).join(", ")} written to ${rel(result.outdir)} in ${((Date.now() - started) / 1000).toFixed(2)} s`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof PolicyError) {
      console.error(`policy pack failed — nothing was written.\n${formatFindings({ findings: [...e.findings], suppressed: [], unusedSuppressions: [] })}`);
      if (e.problems.length) console.error(`\nconfiguration fields behind the errors:\n${formatProblems("policy pack", e.problems)}`);
      return EXIT.error;
    }
    throw e;
  }
});
