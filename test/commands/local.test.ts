/**
 * The README's local lifecycle, run as written in a fresh clone of HEAD against moto, with one
 * `npm run local -- up` shared by everything that needs a deployed environment:
 * status → up → status → preflight → (edit a route) plan → apply → drift → promote --dry-run →
 * tf pass-through → down, then: no process left running in the clone, no lock file.
 * Needs terraform, moto and the provider mirror (TF_PLUGIN_MIRROR); skipped with a banner without
 * them, a failure under CI=true / AOA_REQUIRE_ACCEPTANCE=1.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describeIfTools } from "../acceptance/harness/tools";
import { emulatorAccountConfig } from "../../ops/emulator";
import { cloneHead, npmRun, processesUnder, type Clone } from "./support";

const LONG = 600_000;

function lockFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.lock\.info$/.test(f));
}

describeIfTools("README local lifecycle (fresh clone of HEAD, one local up)", () => {
  let c: Clone;
  const times: Record<string, number> = {};
  beforeAll(() => {
    c = cloneHead("local");
  });
  afterAll(async () => {
    if (!c) return;
    // whatever happened above: nothing of this clone keeps running
    if (fs.existsSync(path.join(c.dir, ".work", "local", "moto.json"))) await npmRun(c.dir, "npm run local -- down --skip-destroy", { timeoutMs: 60_000 });
    process.stderr.write(`[commands] times: ${JSON.stringify(times)}\n`);
    c.remove();
  }, 120_000);

  it("npm run local -- status before up: exit 1, says how to start", async () => {
    const r = await npmRun(c.dir, "npm run local -- status");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/emulator: not running — run `npm run local -- up`/);
  });

  it("npm run local -- up: applies the local environment, prints routes and URLs", async () => {
    const r = await npmRun(c.dir, "npm run local -- up", { timeoutMs: LONG });
    times.up = r.ms;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GET +https:\/\/api\.local\.acme-example\.com\/orders\/\{orderId\} +scopes: orders:read/);
    expect(r.stdout).toMatch(/orders +\d+\.\d+\.\d+ +https:\/\/api\.local\.acme-example\.com\/orders +\w{6,} +\d+ resources/);
    expect(r.stdout).toMatch(/local environment is up in/);
    const env = JSON.parse(fs.readFileSync(path.join(c.dir, ".work", "local", "local.json"), "utf8"));
    expect(env.network.vpcId).not.toBe("vpc-00000000000000001"); // the fixture's real id, not the placeholder
    expect(env.state).toEqual({ backend: "local", directory: ".work/local/state" });
  }, LONG);

  it("npm run local -- status: the emulator, the resources per stack, the URLs", async () => {
    const r = await npmRun(c.dir, "npm run local -- status");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/local-platform +\d{2}/);
    expect(r.stdout).toMatch(/https:\/\/api\.local\.acme-example\.com\/payments\/v1/);
  });

  it("npm run preflight -- --env local / --config FILE --role-arn: every account of the local environment", async () => {
    const r = await npmRun(c.dir, "npm run preflight -- --env local");
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/200000000002/);
    const arn = await npmRun(c.dir, "npm run preflight -- --config .work/local/local.json --role-arn 200000000002=arn:aws:iam::200000000002:role/aoa-deployer");
    expect(arn.code).toBe(0);
  });

  it("an edit in environments/ reaches --env local: npm run plan -- --env local shows only that app changing", async () => {
    const file = path.join(c.dir, "environments", "apps", "orders.ts");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/routes: \[/, 'routes: [\n    { method: "PUT", path: "/{orderId}", scopes: ["orders:write"] },'));
    const r = await npmRun(c.dir, "npm run plan -- --env local", { timeoutMs: LONG });
    times.plan = r.ms;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/environments\/local\.ts changed since the last run[\s\S]*\+ orders: PUT \/\{orderId\}/);
    expect(r.stdout).toMatch(/local-app-orders +\d+ +[1-9]\d* +\d+ +\d+ +changes/);
    for (const s of ["local-bootstrap", "local-platform", "local-app-payments"]) expect(r.stdout).toMatch(new RegExp(`${s} +0 +0 +0 +0 +no-changes`));
    const report = fs.readFileSync(path.join(c.dir, "reports", "plan-local.md"), "utf8");
    expect(report).not.toContain(c.dir);
    // route-level summary computed from the API before/after, attribute-level text on the console and in the report
    expect(r.stderr).toMatch(/\[local-app-orders\] routes:\n +\+ PUT \/\{orderId\} scopes orders:write\n/);
    expect(r.stderr).toMatch(/\[local-app-orders\] +# aws_api_gateway_rest_api\.\S+ will be updated in-place/);
    expect(report).toMatch(/```diff\n\+ PUT \/\{orderId\} scopes orders:write\n```/);
    const flags = await npmRun(c.dir, "npm run plan -- --env local --stack local-app-orders --skip-bootstrap --parallel 1 --detailed-exitcode --out reports/nested/plans", { timeoutMs: LONG });
    expect(flags.code).toBe(2); // changes
    expect(fs.existsSync(path.join(c.dir, "reports", "nested", "plans", "plan-local.md"))).toBe(true);
  }, LONG);

  it("npm run apply -- --env local --stack local-app-orders, then drift is clean; an out-of-band security-group change shows with its real values", async () => {
    const a = await npmRun(c.dir, "npm run apply -- --env local --stack local-app-orders --skip-bootstrap --parallel 1", { timeoutMs: LONG });
    times.apply = a.ms;
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/local-app-orders .* applied/);
    const d = await npmRun(c.dir, "npm run drift -- --env local", { timeoutMs: LONG });
    times.drift = d.ms;
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/no drift/);
    // out of band: a wider ingress rule on the orders endpoint's security group (built from the
    // platform contract's VPC CIDR, an SSM data source): drift shows it with its real values
    const moto = JSON.parse(fs.readFileSync(path.join(c.dir, ".work", "local", "moto.json"), "utf8"));
    const ec2 = new EC2Client(await emulatorAccountConfig(moto.endpoint, "us-east-1", "100000000001", "aoa-deployer"));
    const sg = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["*orders-endpoint"] }] }))).SecurityGroups![0];
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
    ec2.destroy();
    const one = await npmRun(c.dir, "npm run drift -- --env local --stack local-app-orders --skip-bootstrap --parallel 1", { timeoutMs: LONG });
    expect(one.code).toBe(2);
    expect(one.stdout).toMatch(/local-app-orders: aws_security_group\.\S+ ingress/);
    expect(one.stdout).not.toMatch(/\(sensitive\)/);
    const report = fs.readFileSync(path.join(c.dir, "reports", "drift-local.md"), "utf8");
    expect(report).toMatch(/0\.0\.0\.0\/0/);
    expect(report).toMatch(/10\.10\.0\.0\/16/); // the platform VPC CIDR from the contract, not (sensitive)
    expect(report).not.toMatch(/\(sensitive\)/);
  }, LONG);

  it("npm run promote -- --from local --to next --app orders --dry-run: decides from what is deployed, writes nothing; up to date exits 0", async () => {
    const dir = path.join(c.dir, ".work", "promo");
    fs.mkdirSync(dir, { recursive: true });
    const local = JSON.parse(fs.readFileSync(path.join(c.dir, ".work", "local", "local.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "local.json"), JSON.stringify(local, null, 2));
    // `next` pins an older orders than the one local runs (whatever environments/local.ts deploys)
    const live: string = local.apps.find((a: { name: string }) => a.name === "orders").version;
    const older = (local.apps.find((a: { name: string }) => a.name === "orders").releases ?? []).map((r: { version: string }) => r.version).filter((v: string) => v.localeCompare(live, undefined, { numeric: true }) < 0).pop() ?? "0.0.1";
    const next = { ...local, name: "next", promotesFrom: "local", state: { backend: "local", directory: ".work/promo/state" }, suppressions: [], apps: local.apps.map((a: { name: string }) => (a.name === "orders" ? { ...a, version: older } : a)) };
    const nextFile = path.join(dir, "next.json");
    fs.writeFileSync(nextFile, JSON.stringify(next, null, 2));
    const before = fs.readFileSync(nextFile, "utf8");
    const dry = await npmRun(c.dir, "npm run promote -- --from local --to next --app orders --config-dir .work/promo --dry-run");
    expect(dry.code).toBe(0);
    expect(dry.output).toContain(`${older} → ${live}`);
    expect(fs.readFileSync(nextFile, "utf8")).toBe(before);
    const real = await npmRun(c.dir, "npm run promote -- --from local --to next --config-dir .work/promo");
    expect(real.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(nextFile, "utf8")).apps.find((a: { name: string }) => a.name === "orders").version).toBe(live);
    const again = await npmRun(c.dir, "npm run promote -- --from local --to next --app orders --config-dir .work/promo");
    expect(again.code).toBe(0); // already up to date is success, with --app too
    expect(again.output).toMatch(/already pins/);
  });

  it("npm run tf -- <stack> <terraform args>: terraform in the stack's directory with backend and endpoint", async () => {
    const list = await npmRun(c.dir, "npm run tf -- local-platform state list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/aws_api_gateway_domain_name\./);
    const out = await npmRun(c.dir, "npm run tf -- local-app-orders output version");
    expect(out.code).toBe(0);
    const live = JSON.parse(fs.readFileSync(path.join(c.dir, ".work", "local", "local.json"), "utf8")).apps.find((a: { name: string }) => a.name === "orders").version;
    expect(out.stdout).toContain(`"${live}"`);
  });

  it("npm run local -- down: destroys, stops moto; nothing keeps running in the clone, no lock file", async () => {
    const r = await npmRun(c.dir, "npm run local -- down", { timeoutMs: LONG });
    times.down = r.ms;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/local environment is down in .* \(destroyed local-app-\w+, local-app-\w+, local-platform, local-bootstrap\)|local environment is down in/);
    expect(processesUnder(c.dir)).toEqual([]);
    expect(lockFiles(path.join(c.dir, ".work"))).toEqual([]);
    const s = await npmRun(c.dir, "npm run local -- status");
    expect(s.code).toBe(1);
  }, LONG);
});
