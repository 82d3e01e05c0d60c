import { GetParameterCommand } from "@aws-sdk/client-ssm";
import {
  CachedRoutes,
  RouteTableError,
  parseRouteTable,
  ssmRouteLoader,
  staticRouteLoader,
  type SsmLike,
} from "../../authorizer/src/routes";
import { ORDERS_TABLE } from "./support/apigw";

describe("parseRouteTable", () => {
  test("accepts the contract example", () => {
    const t = parseRouteTable(
      '{"version":1,"app":"orders","routes":[{"method":"GET","path":"/orders/{id}","scopes":["orders:read"]},{"method":"ANY","path":"/orders/{proxy+}","scopes":[]},{"method":"POST","path":"/orders","scopes":["orders:write"]}]}',
    );
    expect(t.routes).toHaveLength(3);
    expect(t.routes[1]).toEqual({ method: "ANY", path: "/orders/{proxy+}", scopes: [] });
  });

  test.each([
    ["not JSON", "{"],
    ["wrong version", '{"version":2,"app":"a","routes":[]}'],
    ["missing app", '{"version":1,"routes":[]}'],
    ["routes not array", '{"version":1,"app":"a","routes":{}}'],
    ["bad method", '{"version":1,"app":"a","routes":[{"method":"TRACE","path":"/a","scopes":[]}]}'],
    ["wildcard in path", '{"version":1,"app":"a","routes":[{"method":"GET","path":"/a/*","scopes":[]}]}'],
    ["? in path", '{"version":1,"app":"a","routes":[{"method":"GET","path":"/a?","scopes":[]}]}'],
    ["relative path", '{"version":1,"app":"a","routes":[{"method":"GET","path":"a","scopes":[]}]}'],
    ["greedy not last", '{"version":1,"app":"a","routes":[{"method":"GET","path":"/{p+}/x","scopes":[]}]}'],
    ["scopes missing", '{"version":1,"app":"a","routes":[{"method":"GET","path":"/a"}]}'],
    ["scope with space", '{"version":1,"app":"a","routes":[{"method":"GET","path":"/a","scopes":["a b"]}]}'],
    ["null route", '{"version":1,"app":"a","routes":[null]}'],
  ])("rejects %s", (_n, json) => {
    expect(() => parseRouteTable(json)).toThrow(RouteTableError);
  });
});

describe("ssmRouteLoader", () => {
  function fakeSsm(impl: (name: string) => Promise<{ Parameter?: { Value?: string } }>): SsmLike & { names: string[] } {
    const names: string[] = [];
    return {
      names,
      send: async (cmd: GetParameterCommand) => {
        names.push(cmd.input.Name as string);
        return impl(cmd.input.Name as string);
      },
    };
  }

  test("reads `${prefix}${apiId}` and parses it", async () => {
    const ssm = fakeSsm(async () => ({ Parameter: { Value: JSON.stringify(ORDERS_TABLE) } }));
    const table = await ssmRouteLoader("/acme/dev/authz/", ssm)("a1b2c3d4e5");
    expect(ssm.names).toEqual(["/acme/dev/authz/a1b2c3d4e5"]);
    expect(table.app).toBe("orders");
  });

  test("ParameterNotFound propagates (caller fails closed)", async () => {
    const ssm = fakeSsm(async () => {
      throw Object.assign(new Error("not found"), { name: "ParameterNotFound" });
    });
    await expect(ssmRouteLoader("/p/", ssm)("a1b2c3d4e5")).rejects.toMatchObject({ name: "ParameterNotFound" });
  });

  test("refuses api ids that could escape the prefix", async () => {
    const ssm = fakeSsm(async () => ({ Parameter: { Value: "{}" } }));
    await expect(ssmRouteLoader("/p/", ssm)("../other")).rejects.toThrow(RouteTableError);
    expect(ssm.names).toEqual([]);
  });

  test("empty parameter value is an error", async () => {
    const ssm = fakeSsm(async () => ({ Parameter: {} }));
    await expect(ssmRouteLoader("/p/", ssm)("abc")).rejects.toThrow(RouteTableError);
  });
});

describe("CachedRoutes", () => {
  test("caches per apiId for the TTL and shares in-flight loads", async () => {
    const clock = { t: 0 };
    const calls: string[] = [];
    const cache = new CachedRoutes(
      async (id) => {
        calls.push(id);
        return staticRouteLoader({ a: ORDERS_TABLE, b: ORDERS_TABLE })(id);
      },
      60,
      () => clock.t,
    );
    await Promise.all([cache.get("a"), cache.get("a"), cache.get("b")]);
    expect(calls).toEqual(["a", "b"]);
    clock.t = 59_999;
    await cache.get("a");
    expect(calls).toEqual(["a", "b"]);
    clock.t = 60_000;
    await cache.get("a");
    expect(calls).toEqual(["a", "b", "a"]);
  });

  test("failures are remembered briefly, never replaced by a stale table", async () => {
    const clock = { t: 0 };
    let fail = false;
    let calls = 0;
    const cache = new CachedRoutes(
      async () => {
        calls++;
        if (fail) throw new Error("throttled");
        return ORDERS_TABLE;
      },
      60,
      () => clock.t,
    );
    await cache.get("a");
    fail = true;
    clock.t = 61_000;
    await expect(cache.get("a")).rejects.toThrow("throttled");
    fail = false;
    clock.t = 62_000;
    await expect(cache.get("a")).rejects.toThrow("throttled"); // negative-cached
    expect(calls).toBe(2);
    clock.t = 66_000;
    await expect(cache.get("a")).resolves.toBe(ORDERS_TABLE);
  });

  test("TTL 0 disables caching", async () => {
    let calls = 0;
    const cache = new CachedRoutes(async () => (calls++, ORDERS_TABLE), 0, () => 0);
    await cache.get("a");
    await cache.get("a");
    expect(calls).toBe(2);
  });
});
