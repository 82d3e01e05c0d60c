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

  it("costs per stack: init + plan, and `show -json` only where the plan has changes; the attribute-level text is the plan's own output", async () => {
    // every terraform command loads the provider's schema (~3 CPU-s for hashicorp/aws)
    const plans = path.join(work, "plans2");
    fs.mkdirSync(plans);
    fs.writeFileSync(path.join(plans, "dev-app-orders.json"), plan([["aws_ssm_parameter.release_1", ["update"]]]));
    const calls = path.join(work, "calls.log");
    const bin = path.join(work, "terraform2");
    fs.writeFileSync(
      bin,
      `#!/bin/sh
stack=$(basename "$PWD")
echo "$stack $*" >> "${calls}"
case "$1" in
  plan) if [ -f "${plans}/$stack.json" ]; then printf '  # aws_ssm_parameter.release_1 will be updated in-place\\n  ~ resource "aws_ssm_parameter" "release_1" {\\n      ~ value = "1.4.0" -> "1.5.0"\\n    }\\n\\nPlan: 0 to add, 1 to change, 0 to destroy.\\n'; exit 2; fi; echo "No changes."; exit 0 ;;
  show) if [ -f "${plans}/$stack.json" ]; then cat "${plans}/$stack.json"; else echo '{"resource_changes":[]}'; fi ;;
  *) exit 0 ;;
esac
`,
      { mode: 0o755 },
    );
    const file = path.join(work, "dev2.json");
    fs.writeFileSync(file, JSON.stringify(devFixture()));
    const code = await runMain("plan", ["--config", file, "--out", path.join(work, "reports2")], { terraformBin: bin, workDir: path.join(work, ".work2"), vars: { PATH: process.env.PATH }, log: () => undefined }, { out: () => undefined });
    expect(code).toBe(0);
    const byStack = new Map<string, string[]>();
    for (const l of fs.readFileSync(calls, "utf8").trim().split("\n")) {
      const [stack, cmd, ...args] = l.split(" ");
      byStack.set(stack, [...(byStack.get(stack) ?? []), cmd === "show" && args.includes("-json") ? "show -json" : cmd]);
    }
    expect(Object.fromEntries(byStack)).toEqual({
      "dev-bootstrap": ["init", "plan"],
      "dev-platform": ["init", "plan"],
      "dev-app-orders": ["init", "plan", "show -json"],
      "dev-app-payments": ["init", "plan"],
    });
    const md = fs.readFileSync(path.join(work, "reports2", "plan-dev.md"), "utf8");
    expect(md).toContain('~ value = "1.4.0" -> "1.5.0"'); // from the plan's output, no `terraform show`
  }, 60_000);
});
