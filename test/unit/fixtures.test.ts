/**
 * The product's test fixtures have one source, test/fixtures/environments/ (environment files as
 * a user writes them): devFixture()/localFixture() are those files' environments with each app's
 * routes resolved at its pin and the release log dropped, so tests keep addressing routes by index.
 */
import { validateEnvironment } from "../../config/load";
import devFile from "../fixtures/environments/dev";
import localFile from "../fixtures/environments/local";
import stagingFile from "../fixtures/environments/staging";
import prodFile from "../fixtures/environments/prod";
import { devFixture, localFixture } from "../fixtures/env";

const withoutApps = ({ apps: _apps, ...rest }: Record<string, unknown>) => rest; // eslint-disable-line @typescript-eslint/no-unused-vars

describe("one fixture source", () => {
  it.each([["dev", devFile], ["staging", stagingFile], ["prod", prodFile], ["local", localFile]])("the %s fixture file is a valid environment", (_n, file) => {
    const r = validateEnvironment(file);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it("devFixture() is dev.ts, orders at 1.4.0 (the file's routes live then), no release logs", () => {
    const fx = devFixture() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(withoutApps(fx)).toEqual(withoutApps(devFile as any)); // eslint-disable-line @typescript-eslint/no-explicit-any
    const fileOrders = devFile.apps!.find((a) => a.name === "orders")!;
    const orders = fx.apps.find((a: any) => a.name === "orders"); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(fileOrders.version).toBe("1.5.0");
    expect(orders.version).toBe("1.4.0");
    expect(orders.routes).toEqual(fileOrders.routes.filter((r) => !r.since || r.since === "1.4.0"));
    expect(fx.apps.map((a: any) => a.releases)).toEqual([undefined, undefined]); // eslint-disable-line @typescript-eslint/no-explicit-any
    // a doctored copy that kept the release log would be told apart
    expect({ ...orders, releases: fileOrders.releases }).not.toEqual(orders);
  });

  it("localFixture() is local.ts with the same apps", () => {
    const fx = localFixture() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(withoutApps(fx)).toEqual(withoutApps(localFile as any)); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(fx.apps.map((a: any) => `${a.name}@${a.version}`)).toEqual(localFile.apps!.map((a) => `${a.name}@${a.version}`)); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
});
