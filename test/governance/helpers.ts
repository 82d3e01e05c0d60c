import { validateEnvironment } from "../../config/load";
import type { Environment } from "../../config/schema";
import { devFixture } from "../fixtures/env";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A copy of the dev fixture (test/fixtures/env.ts), changed by `edit`, validated like any environment file. */
export function devEnv(edit?: (e: Raw) => void): Environment {
  const copy = devFixture(edit);
  const r = validateEnvironment(copy);
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.env;
}

/** A third app for dev, in its own workload account. */
export function addInventoryApp(e: Raw): void {
  const orders = e.apps[0];
  e.apps.push({
    ...JSON.parse(JSON.stringify(orders)),
    name: "inventory",
    owner: { team: "inventory-team", contact: "inventory@example.com" },
    basePath: "inventory",
    account: "444444444444",
    version: "0.3.0",
    ingressPort: 10003,
    cors: undefined,
    backend: {
      ...orders.backend,
      albArn: "arn:aws:elasticloadbalancing:eu-west-1:444444444444:loadbalancer/app/inventory-internal/0123456789abcdef",
      hostname: "inventory.internal.dev.acme-example.com",
      pathPrefix: "",
    },
  });
}
