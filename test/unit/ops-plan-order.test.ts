/**
 * `npm run plan` ends with the apply order (ops/lifecycle.ts), end to end through runMain: the dev
 * fixture with a third app in a new account, a stand-in terraform whose plans say what a real one
 * would (the bootstrap creates the new account's deploy role, the new app stack is all creates,
 * the platform and the other apps have nothing to do).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runMain } from "../../ops/orchestrate";
import { devFixture } from "../fixtures/env";
import { addInventoryApp } from "../governance/helpers";

const plan = (changes: [string, string[]][]) => JSON.stringify({ resource_changes: changes.map(([address, actions]) => ({ address, mode: "managed", change: { actions } })) });

describe("npm run plan prints the apply order", () => {
  let work: string;
  beforeAll(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-plan-order-"))));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("adding an app in a new account: bootstrap first (administrator), then the new app; platform and the others unchanged", async () => {
    const plans = path.join(work, "plans");
    fs.mkdirSync(plans);
    fs.writeFileSync(path.join(plans, "dev-bootstrap.json"), plan([["aws_iam_role.workload-444444444444-deployer_role_1", ["create"]], ["aws_iam_role_policy.shared-deployer_pipeline_2", ["update"]]]));
    fs.writeFileSync(path.join(plans, "dev-app-inventory.json"), plan([["aws_api_gateway_rest_api.api_rest-api_3", ["create"]], ["aws_apigatewayv2_api_mapping.api_mapping_4", ["create"]]]));
    // a stand-in terraform: plans with changes where a plan file exists, none elsewhere
    const bin = path.join(work, "terraform");
    fs.writeFileSync(
      bin,
      `#!/bin/sh
stack=$(basename "$PWD")
case "$1" in
  plan) [ -f "${plans}/$stack.json" ] && exit 2; exit 0 ;;
  show) if [ -f "${plans}/$stack.json" ]; then cat "${plans}/$stack.json"; else echo '{"resource_changes":[]}'; fi ;;
  *) exit 0 ;;
esac
`,
      { mode: 0o755 },
    );
    const file = path.join(work, "dev.json");
    fs.writeFileSync(file, JSON.stringify(devFixture(addInventoryApp)));
    const out: string[] = [];
    const code = await runMain("plan", ["--config", file, "--out", path.join(work, "reports")], { terraformBin: bin, workDir: path.join(work, ".work"), vars: { PATH: process.env.PATH }, log: () => undefined }, { out: (l) => out.push(l) });
    const text = out.join("\n");
    expect(code).toBe(0);
    const order = text.slice(text.indexOf("apply order (dev):"));
    expect(order).toMatch(/^apply order \(dev\):\n  1\. dev-bootstrap +administrator \(docs\/bootstrap\.md\): first: creates the deploy role in new account 444444444444\n  2\. dev-app-inventory +npm run apply: new stack\n  unchanged: dev-platform, dev-app-orders, dev-app-payments\n/);
  }, 60_000);
});
