/** Generated environments for the benchmark: the dev example with N apps. */
import type { EnvironmentInput } from "../config/schema";
import dev from "../environments/dev";

export function environmentWithApps(n: number): EnvironmentInput {
  const env: EnvironmentInput = JSON.parse(JSON.stringify(dev));
  const template = env.apps![0];
  env.name = `bench${n}`;
  env.apps = Array.from({ length: n }, (_, i) => {
    const account = String(200000000000 + i + 1);
    const name = `app${String(i + 1).padStart(3, "0")}`;
    return {
      ...template,
      name,
      basePath: name,
      account,
      ingressPort: 10001 + i,
      // 200 stages share the account's 10,000 rps: keep the sum under it (validated)
      throttling: { rateLimit: Math.floor(10000 / Math.max(n, 1)) - 1, burstLimit: 20 },
      backend: { ...template.backend, albArn: `arn:aws:elasticloadbalancing:eu-west-1:${account}:loadbalancer/app/${name}/0123456789abcdef` },
    };
  });
  return env;
}
