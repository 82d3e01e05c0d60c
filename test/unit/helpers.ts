import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { validateEnvironment } from "../../config/load";
import type { Environment, EnvironmentInput } from "../../config/schema";
import { devFixture } from "../fixtures/env";

/** A copy of the dev fixture (test/fixtures/env.ts, not environments/), changed by `edit`. */
export function devInput(edit?: (e: any) => void): EnvironmentInput { // eslint-disable-line @typescript-eslint/no-explicit-any
  return devFixture(edit);
}

export function devEnv(edit?: (e: any) => void): Environment { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = validateEnvironment(devInput(edit));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.env;
}

/** Synthesizes what `build` adds to a fresh stack (with a provider) and returns the parsed Terraform JSON. */
export function synthJson(build: (scope: Construct, provider: AwsProvider) => void): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const provider = new AwsProvider(stack, "aws", { region: "eu-west-1", alias: "shared" });
  build(stack, provider);
  return JSON.parse(Testing.synth(stack));
}

/** Resources of one type: logicalId -> config. */
export function resources(json: any, type: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return json.resource?.[type] ?? {};
}

export function only(json: any, type: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const all = Object.values(resources(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export function fakeBundle(): { zipPath: string; sha256: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-bundle-"));
  const zipPath = path.join(dir, "authorizer.zip");
  fs.writeFileSync(zipPath, "not a real zip: unit tests never upload it");
  return { zipPath, sha256: "a".repeat(64) };
}
