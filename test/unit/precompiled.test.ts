/**
 * The precompiled command path (cli/precompiled.ts): a bundle is reused only while every source
 * it was built from is unchanged, `__dirname` keeps its per-file meaning, and `npm run synth`
 * from the bundle writes exactly what the sources write — without terraform on PATH.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { cachedBundle, loadBundle, precompiled } from "../../cli/precompiled";
import { validateConstructs } from "../../synth";

const ROOT = path.resolve(__dirname, "../..");
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-precompiled-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(): { root: string; entry: string } {
  const root = tmp();
  fs.writeFileSync(path.join(root, "package-lock.json"), "{}");
  fs.mkdirSync(path.join(root, "lib"));
  fs.writeFileSync(path.join(root, "lib", "b.ts"), `export const where = __dirname;\nexport const n: number = 1;\n`);
  fs.writeFileSync(path.join(root, "cmd.ts"), `import { where, n } from "./lib/b";\nexport const result = { where, n };\n`);
  return { root, entry: path.join(root, "cmd.ts") };
}

test("a bundle is reused while its sources are unchanged, rebuilt (and the old one removed) when one changes", async () => {
  const { root, entry } = tree();
  expect(cachedBundle(entry, root)).toBeUndefined();
  const first = await precompiled(entry, root);
  expect(first).toBeDefined();
  const manifest = JSON.parse(fs.readFileSync(first!.replace(/\.js$/, ".json"), "utf8"));
  expect(manifest.inputs).toEqual(["cmd.ts", "lib/b.ts"]);
  expect(cachedBundle(entry, root)).toBe(first);
  expect(await precompiled(entry, root)).toBe(first);

  // an imported file changes: the key no longer matches, so the stale bundle is never run
  fs.writeFileSync(path.join(root, "lib", "b.ts"), `export const where = __dirname;\nexport const n: number = 2;\n`);
  expect(cachedBundle(entry, root)).toBeUndefined();
  const second = await precompiled(entry, root);
  expect(second).not.toBe(first);
  // the first tree's bundle stays (a few are kept: a base ref synthesized beside the working tree)
  expect(fs.existsSync(first!)).toBe(true);
  for (let n = 3; n <= 5; n++) {
    fs.writeFileSync(path.join(root, "lib", "b.ts"), `export const where = __dirname;\nexport const n: number = ${n};\n`);
    await precompiled(entry, root);
  }
  expect(fs.existsSync(first!)).toBe(false);
  expect(fs.readdirSync(path.dirname(first!)).filter((f) => f.endsWith(".js"))).toHaveLength(4);
  fs.writeFileSync(path.join(root, "lib", "b.ts"), `export const where = __dirname;\nexport const n: number = 2;\n`);
  expect(cachedBundle(entry, root)).toBe(second);

  // the dependency set changes too (package-lock.json is part of the key)
  fs.writeFileSync(path.join(root, "package-lock.json"), `{"lockfileVersion":3}`);
  expect(cachedBundle(entry, root)).toBeUndefined();

  // run it: __dirname is the source file's folder, anchored on the project root at run time
  expect((loadBundle(second!, root) as { result: unknown }).result).toEqual({ where: path.join(root, "lib"), n: 2 });
  // a V8 code cache is written beside the bundle at exit (not checked here: it is an optimisation)
});

test("construct validations still run (cdktf's own pass is skipped only to avoid spawning terraform)", () => {
  const bad = new App({ outdir: tmp(), skipValidation: true });
  new S3Bucket(new TerraformStack(bad, "no-provider"), "b", {});
  expect(() => validateConstructs(bad)).toThrow(/\[no-provider\].*provider/is);

  const good = new App({ outdir: tmp(), skipValidation: true });
  const stack = new TerraformStack(good, "with-provider");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new S3Bucket(stack, "b", {});
  expect(() => validateConstructs(good)).not.toThrow();
});

test("npm run synth from the bundle writes byte-for-byte what the sources write, with no terraform on PATH", () => {
  const out = tmp();
  const nodeOnly = path.dirname(process.execPath);
  const synth = (dir: string, extra: Record<string, string>) =>
    spawnSync(process.execPath, ["--require", "tsx/cjs", "scripts/synth.ts", "--env", "dev", "--out", path.join(out, dir)], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: nodeOnly, ...extra } });
  const bundled = synth("bundled", {});
  expect(bundled.stderr).toBe("");
  expect(bundled.status).toBe(0);
  const sources = synth("sources", { AOA_PRECOMPILED: "0" });
  expect(sources.status).toBe(0);
  const files = (d: string): string[] =>
    fs.readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(d, path.join(e.parentPath, e.name))).sort();
  const a = files(path.join(out, "bundled"));
  expect(a).toEqual(files(path.join(out, "sources")));
  expect(a.length).toBeGreaterThan(5);
  for (const f of a) expect(fs.readFileSync(path.join(out, "bundled", f), "utf8")).toBe(fs.readFileSync(path.join(out, "sources", f), "utf8"));
  // every stack requires the Terraform its features need (checked by terraform, not by synth)
  const platform = JSON.parse(fs.readFileSync(path.join(out, "bundled", "stacks", "dev-platform", "cdk.tf.json"), "utf8"));
  expect(platform.terraform.required_version).toBe(">= 1.10");
}, 120_000);
