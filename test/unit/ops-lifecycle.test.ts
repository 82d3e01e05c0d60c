/** The apply order `npm run plan` prints (ops/lifecycle.ts), on plan reports of the lifecycle's cases. */
import { applyOrder, formatApplyOrder } from "../../ops/lifecycle";
import type { PlannedChange, StackReport } from "../../ops/plan-report";

const ch = (kind: PlannedChange["kind"], address: string): PlannedChange => ({ kind, address, actions: kind === "create" ? ["create"] : kind === "delete" ? ["delete"] : kind === "replace" ? ["create", "delete"] : ["update"] });
const st = (stack: string, role: string, changes: PlannedChange[] = [], status: StackReport["status"] = changes.length ? "changes" : "no-changes"): StackReport => ({ stack, role, status, changes, ms: 0 });
const names = (stacks: StackReport[]) => applyOrder({ stacks }).steps.map((s) => s.stack);

describe("apply order", () => {
  it("adding an app in a new account: bootstrap first (administrator), then only the new app", () => {
    const stacks = [
      st("dev-bootstrap", "bootstrap", [ch("create", "aws_iam_role.workload-444444444444-deployer_role_1"), ch("update", "aws_iam_role_policy.shared-deployer_x")]),
      st("dev-platform", "platform"),
      st("dev-app-orders", "app"),
      st("dev-app-invoices", "app", [ch("create", "aws_api_gateway_rest_api.api_x"), ch("create", "aws_apigatewayv2_api_mapping.api_mapping_1")]),
    ];
    const order = applyOrder({ stacks });
    expect(order.steps).toEqual([
      { stack: "dev-bootstrap", by: "administrator", why: "first: creates the deploy role in new account 444444444444" },
      { stack: "dev-app-invoices", by: "pipeline", why: "new stack" },
    ]);
    expect(order.unchanged).toEqual(["dev-platform", "dev-app-orders"]);
    expect(order.notes.join("\n")).toMatch(/444444444444 plan cleanly only once dev-bootstrap is applied/);
  });

  it("adding an app to an existing account: the app stack alone", () => {
    expect(names([st("dev-bootstrap", "bootstrap"), st("dev-platform", "platform"), st("dev-app-invoices", "app", [ch("create", "aws_api_gateway_rest_api.api_x")])])).toEqual(["dev-app-invoices"]);
  });

  it("a base path freed by one app and claimed by another: the one that frees it first, whatever the listing order", () => {
    const stacks = [
      st("dev-app-billing", "app", [ch("create", "aws_apigatewayv2_api_mapping.api_mapping_1")]),
      st("dev-app-orders", "app", [ch("update", "aws_apigatewayv2_api_mapping.api_mapping_2")]),
    ];
    const order = applyOrder({ stacks });
    expect(order.steps.map((s) => s.stack)).toEqual(["dev-app-orders", "dev-app-billing"]);
    expect(order.steps[0].why).toMatch(/releases a base path/);
    // and a replaced listener (ingress port) too
    expect(names([st("dev-app-a", "app", [ch("create", "aws_lb_listener.ingress_listener_1")]), st("dev-app-b", "app", [ch("replace", "aws_lb_listener.ingress_listener_2")])])).toEqual(["dev-app-b", "dev-app-a"]);
  });

  it("removing the last app of an account: the bootstrap last, with the reminder to destroy the app stack first", () => {
    const stacks = [st("dev-bootstrap", "bootstrap", [ch("delete", "aws_iam_role.workload-333333333333-deployer_role_1"), ch("delete", "aws_iam_role_policy.workload-333333333333-deployer_p")]), st("dev-platform", "platform"), st("dev-app-orders", "app")];
    const order = applyOrder({ stacks });
    expect(order.steps).toEqual([{ stack: "dev-bootstrap", by: "administrator", why: "last: removes the deploy role of account 333333333333" }]);
    expect(order.notes.join("\n")).toMatch(/333333333333 left the environment: destroy the app stacks that ran there before applying dev-bootstrap/);
  });

  it("a fresh environment: bootstrap, platform, then the blocked apps", () => {
    const stacks = [st("dev-bootstrap", "bootstrap", [ch("create", "aws_s3_bucket.state")]), st("dev-platform", "platform", [ch("create", "aws_sns_topic.t")]), st("dev-app-orders", "app", [], "blocked")];
    expect(names(stacks)).toEqual(["dev-bootstrap", "dev-platform", "dev-app-orders"]);
  });

  it("prints numbered steps, who applies each, and what is unchanged", () => {
    const text = formatApplyOrder({ environment: "dev", stacks: [st("dev-bootstrap", "bootstrap", [ch("create", "aws_iam_role.workload-444444444444-deployer_role_1")]), st("dev-platform", "platform"), st("dev-app-invoices", "app", [ch("create", "aws_x.y")])] });
    expect(text).toContain("apply order (dev):");
    expect(text).toMatch(/1\. dev-bootstrap +administrator \(docs\/bootstrap\.md\): first/);
    expect(text).toMatch(/2\. dev-app-invoices +npm run apply: new stack/);
    expect(text).toContain("unchanged: dev-platform");
    expect(formatApplyOrder({ environment: "dev", stacks: [st("dev-platform", "platform")] })).toContain("nothing to apply");
  });
});
