/**
 * One measured synth, in its own process: `--apps N` (generated env) or `--examples` (every
 * built-in environment). Prints one JSON line: { ms, maxRssMb, stacks, resources }.
 * With STOCK=1 it first loads the provider package root, as a stock cdktf project does.
 * Started by bench/synth-child.ts: from the cached bundle as `npm run synth` runs, or (stock) from the sources.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

async function main(): Promise<void> {
  const t0 = performance.now();
  // a computed name: the bundler must not pull the whole provider package into the bundle
  const providerRoot = ["@cdktf", "provider-aws"].join("/");
  if (process.env.STOCK === "1") require(providerRoot); // eslint-disable-line @typescript-eslint/no-require-imports
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { synthesize } = require("../synth") as typeof import("../synth");
  const { environmentWithApps } = require("./generate") as typeof import("./generate");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-bench-"));
  const args = process.argv.slice(2);
  const apps = args.includes("--apps") ? Number(args[args.indexOf("--apps") + 1]) : undefined;
  let configFiles: string[] | undefined;
  if (apps !== undefined) {
    configFiles = [path.join(work, `bench${apps}.json`)];
    fs.writeFileSync(configFiles[0], JSON.stringify(environmentWithApps(apps)));
  }
  const bundleDir = process.env.AOA_BENCH_BUNDLE;
  const authorizerBundle = bundleDir ? JSON.parse(fs.readFileSync(bundleDir, "utf8")) : undefined;
  const result = await synthesize({ configFiles, outdir: path.join(work, "out"), authorizerBundle });
  const ms = performance.now() - t0;
  const resources = result.stacks.reduce((n, s) => n + s.resourceCount, 0);
  // What the environment uses of the quotas that decide how far it scales (config/quotas.ts); the largest over environments.
  const checks = [...result.quotas.values()].flat();
  const used = (id: string) => Math.max(0, ...checks.filter((c) => c.id === id).map((c) => c.used));
  const quotas = {
    listenersPerNlb: used("nlbListenersPerNlb"),
    largestManagedPolicy: used("managedPolicySize"),
    endpointsPerVpc: used("interfaceEndpointsPerVpc"),
    multiLevelMappings: used("multiLevelMappingsPerDomain"),
    restApis: used("regionalApisPerRegion"),
    vpcLinks: used("vpcLinksPerRegion"),
    errors: checks.filter((c) => c.status === "error").length,
  };
  fs.rmSync(work, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, stacks: result.stacks.length, resources, quotas })}\n`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
