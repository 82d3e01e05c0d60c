/**
 * npm run bench [-- --runs 3 --stock-runs 1 --sizes 1,10,50,200,500 --skip-authorizer]
 *
 * Synth: every size in its own process (wall time measured from outside: what a user waits for;
 * peak RSS from the child). The stock cdktf set-up — provider package root loaded, type-checking
 * ts-node runner — synthesizes the same example environments in the same run, for the ratio.
 * Authorizer: warm verification p50/p99 and bundle size (bench/authorizer.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildAuthorizer } from "../authorizer/build";
import { table } from "../cli";

const ROOT = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const runs = Number(opt("runs", "3"));
const stockRuns = Number(opt("stock-runs", "1"));
const sizes = opt("sizes", "1,10,50,200,500").split(",").map(Number);

interface Quotas { listenersPerNlb: number; largestManagedPolicy: number; endpointsPerVpc: number; multiLevelMappings: number; restApis: number; vpcLinks: number; errors: number }
interface Sample { wallMs: number; maxRssMb: number; stacks: number; resources: number; quotas?: Quotas }

function measure(cmd: string[], extraEnv: Record<string, string>): Sample {
  const t0 = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, env: { ...process.env, ...extraEnv }, encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed:\n${r.stderr}`);
  const line = r.stdout.trim().split("\n").pop()!;
  const child = JSON.parse(line);
  return { wallMs, maxRssMb: child.maxRssMb, stacks: child.stacks, resources: child.resources, quotas: child.quotas };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
function series(label: string, n: number, cmd: string[], env: Record<string, string>) {
  const samples = Array.from({ length: n }, () => measure(cmd, env));
  return { label, runs: n, wallMs: median(samples.map((s) => s.wallMs)), maxRssMb: median(samples.map((s) => s.maxRssMb)), stacks: samples[0].stacks, resources: samples[0].resources, quotas: samples[0].quotas };
}

async function main(): Promise<void> {
  // Build the authorizer once; children reuse it so every row measures synth, not esbuild.
  const bundle = await buildAuthorizer();
  const bundleFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aoa-bench-")), "bundle.json");
  fs.writeFileSync(bundleFile, JSON.stringify(bundle));
  const env = { AOA_BENCH_BUNDLE: bundleFile };
  const ours = ["node", "--require", "tsx/cjs", "bench/synth-child.ts"];
  const stock = [path.join(ROOT, "node_modules/.bin/ts-node"), "bench/synth-child.ts"];

  console.log(`synth benchmark (${os.cpus().length} cores, node ${process.version}); medians of ${runs} run(s), stock: ${stockRuns} run(s)`);
  const rows = [];
  // the first run after a code change builds the bundle (cli/precompiled.ts); every later run reuses it
  const cold = series("example environments, first run after a code change", 1, [...ours, "--examples"], { ...env, AOA_PRECOMPILED: "rebuild" });
  const examples = series("example environments (this project)", runs, [...ours, "--examples"], env);
  rows.push(examples);
  for (const n of sizes) rows.push(series(`${n} app${n === 1 ? "" : "s"} (generated)`, runs, [...ours, "--apps", String(n)], env));
  const stockRow = series("example environments, stock set-up", stockRuns, stock, { ...env, STOCK: "1", TS_NODE_TRANSPILE_ONLY: "false" });
  rows.push(stockRow, cold);
  console.log(table(["synth", "runs", "stacks", "resources", "wall s", "peak MB"], rows.map((r) => [r.label, r.runs, r.stacks, r.resources, Number((r.wallMs / 1000).toFixed(2)), Math.round(r.maxRssMb)])));
  console.log(`\nstock / this project (example environments, same run): ${(stockRow.wallMs / examples.wallMs).toFixed(1)}x wall time, ${(stockRow.maxRssMb / examples.maxRssMb).toFixed(1)}x peak memory`);
  console.log("targets: examples <= 1.5 s; 200 apps <= 5 s and < 300 MB; >= 12x faster than stock");

  // Quota use next to synth time (config/quotas.ts; limits: 50 listeners per NLB, 6,144 characters per managed policy,
  // 50 interface endpoints per VPC by default, 200 multi-level mappings per domain, 600 REST APIs per Region, 20 VPC links per Region).
  const generated = rows.filter((r) => /generated/.test(r.label) && r.quotas);
  console.log(`\nquota use (largest per scope) next to synth time:`);
  console.log(
    table(
      ["synth", "wall s", "listeners / NLB (50)", "largest policy chars (6,144)", "endpoints / VPC (50*)", "multi-level mappings (200)", "REST APIs / Region (600)", "VPC links (20*)", "quota errors"],
      generated.map((r) => [r.label, Number((r.wallMs / 1000).toFixed(2)), r.quotas!.listenersPerNlb, r.quotas!.largestManagedPolicy, r.quotas!.endpointsPerVpc, r.quotas!.multiLevelMappings, r.quotas!.restApis, r.quotas!.vpcLinks, r.quotas!.errors]),
    ),
  );
  console.log("* adjustable: raise in Service Quotas, then declare it in the environment's quotas: block");

  if (!args.includes("--skip-authorizer")) {
    const { runAuthorizerBench } = require("./authorizer") as typeof import("./authorizer"); // eslint-disable-line @typescript-eslint/no-require-imports
    const a = await runAuthorizerBench();
    console.log(`\nauthorizer: warm verification p50 ${a.p50Ms.toFixed(3)} ms, p99 ${a.p99Ms.toFixed(3)} ms over ${a.iterations} tokens; zip ${a.zipBytes} B, bundle ${a.bundleBytes} B`);
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
