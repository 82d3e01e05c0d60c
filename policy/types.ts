/**
 * Types of the policy pack. `index.ts` re-exports them; rules import them from here (type-only)
 * so the rule files and the engine never import each other at run time.
 */
import type { StackView } from "./stack-view";
import type { Finding, RuleFinding, Severity } from "./findings";

export type { Finding, RuleFinding, Severity } from "./findings";

/** One synthesized cdktf stack: `cdktf.out/stacks/<name>/cdk.tf.json` parsed. */
export interface SynthStack {
  readonly name: string;
  readonly json: any;
}

export interface PolicyContext {
  /** Environment name (`dev`, `staging`, `prod`, ...). */
  readonly environment: string;
  /** Turns on the production-only strictness. */
  readonly isProd: boolean;
}

export interface Suppression {
  /** Rule id (`AOA-APIG-004`); `*` glob allowed. */
  readonly rule: string;
  /** `<stack>/<type>.<logicalId>` or `<stack>/stack`; `*` glob allowed in each part. */
  readonly resource: string;
  /** Why the finding is acceptable. Required: empty or whitespace-only reasons are rejected. */
  readonly reason: string;
}

export interface Rule {
  /** `AOA-<AREA>-<NNN>`, unique. */
  readonly id: string;
  readonly title: string;
  /** Default (and maximum) severity of the rule's findings. */
  readonly severity: Severity;
  /**
   * What the rule mirrors: scanner/control IDs (`APIGateway.4`, `CKV2_AWS_29`, `AWS-0005`,
   * `AwsSolutions-APIG4`, `Serverless-APIGWDefaultThrottling`) or, where no scanner has the
   * check, a `ref:` to the upstream source of the requirement (`ref:terraform-provider-aws#19805`).
   */
  readonly mirrors: readonly string[];
  /** Resource (or data source) types the rule looks at. */
  readonly resourceTypes: readonly string[];
  /** One line: what must hold for a stack to pass (used in the README table). */
  readonly description?: string;
  check(stack: StackView, ctx: PolicyContext): RuleFinding[];
}

export interface PolicyResult {
  readonly findings: Finding[];
  readonly suppressed: { readonly finding: Finding; readonly reason: string }[];
  readonly unusedSuppressions: Suppression[];
}
