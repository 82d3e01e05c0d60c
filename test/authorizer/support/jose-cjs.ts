/**
 * jose 6 is ESM-only and this repo's unit tier runs Jest in CommonJS mode (Node 20, no
 * require(esm) support in jest-runtime, and transformIgnorePatterns skips node_modules).
 * Each authorizer test file therefore does
 *
 *   jest.mock("jose", () => require("./support/jose-cjs").joseCommonJs());
 *
 * which is NOT a mock of behaviour: it is the real, unmodified jose package compiled to
 * CommonJS with esbuild (the same thing the production bundle does), loaded with Node's
 * own require. Signing and verification in the tests are real jose + WebCrypto.
 */
import { buildSync, version as esbuildVersion } from "esbuild";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";

type Jose = typeof import("jose");
let cached: Jose | undefined;

export function joseCommonJs(): Jose {
  if (cached) return cached;
  const entry = require.resolve("jose");
  const pkg = JSON.parse(fs.readFileSync(path.join(entry, "..", "..", "..", "package.json"), "utf8")) as {
    version: string;
  };
  const dir = path.join(os.tmpdir(), "apigw-authorizer-tests");
  const out = path.join(dir, `jose-${pkg.version}-esbuild-${esbuildVersion}.cjs`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: tmp,
      logLevel: "silent",
    });
    fs.renameSync(tmp, out); // atomic: parallel Jest workers may race here
  }
  cached = createRequire(__filename)(out) as Jose;
  return cached;
}
