/**
 * The fixture areas assembled into the stacks the project synthesizes (platform, one app, the
 * app's workload side, bootstrap): the whole pack finds nothing, in dev and in prod. This is the
 * reference the README's conventions describe.
 */
import { runPolicyPack, formatFindings } from "../../policy";
import { apiArea, edgeArea, ingressArea, lambdaArea, oidcArea, opsArea, stack, stateBucketArea, wafArea, workloadArea } from "./fixtures";

const stacks = () => [
  stack("dev-platform", edgeArea(), wafArea(), lambdaArea(), ingressArea(), opsArea()),
  stack("dev-app-orders", apiArea()),
  stack("dev-workload-orders", workloadArea()),
  stack("dev-bootstrap", oidcArea(), stateBucketArea()),
];

test.each([
  ["dev", false],
  ["prod", true],
])("compliant example stacks have no findings (%s rules)", (_label, isProd) => {
  const result = runPolicyPack(stacks(), { environment: "dev", isProd });
  if (result.findings.length) throw new Error(formatFindings(result));
  expect(result.findings).toEqual([]);
});
