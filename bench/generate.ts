/** Generated environments for the benchmark: N apps, each in its own workload account (the test fixture builder). */
import type { EnvironmentInput } from "../config/schema";
import { fixtureInput } from "../test/fixtures/env";

export function environmentWithApps(n: number): EnvironmentInput {
  return fixtureInput({ apps: n, name: `bench${n}` });
}
