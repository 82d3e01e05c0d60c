/**
 * `npm run synth` writes, per environment and app, the OpenAPI a consumer gets
 * (`<outdir>/openapi/<env>/<app>.json`), next to the body API Gateway imports.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../../synth";
import { devFixture } from "../fixtures/env";
import { ordersOpenApi } from "../fixtures/orders-openapi";
import { fakeBundle } from "./helpers";

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("synth writes the consumer contract", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aoa-contract-"));
  const outdir = path.join(dir, "cdktf.out");
  let orders: Raw;
  let payments: Raw;
  let body: string;
  beforeAll(async () => {
    const file = path.join(dir, "dev.json");
    fs.writeFileSync(file, JSON.stringify(devFixture((e) => (e.apps[0].openApi = ordersOpenApi()))));
    await synthesize({ configFiles: [file], outdir, authorizerBundle: fakeBundle() });
    orders = JSON.parse(fs.readFileSync(path.join(outdir, "openapi", "dev", "orders.json"), "utf8"));
    payments = JSON.parse(fs.readFileSync(path.join(outdir, "openapi", "dev", "payments.json"), "utf8"));
    body = fs.readFileSync(path.join(outdir, "openapi", "dev-app-orders.json"), "utf8");
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("one contract per app, with the real server URL and no placeholder", () => {
    expect(orders.servers).toEqual([{ url: "https://api.dev.acme-example.com/orders" }]);
    expect(payments.servers).toEqual([{ url: "https://api.dev.acme-example.com/payments/v1" }]);
    expect(JSON.stringify([orders, payments])).not.toContain("${");
  });
  it("the imported body still holds the platform's references (the contract is a different document)", () => {
    expect(body).toContain("${data.aws_ssm_parameter");
    expect(JSON.stringify(orders)).not.toContain("x-amazon-apigateway");
  });
  it("the app's own document shows through, with its examples", () => {
    expect(orders.paths["/"].post.summary).toBe("Place an order");
    expect(orders.components.schemas.OrderLine.properties.sku.example).toBe("SKU-1234");
  });
});
