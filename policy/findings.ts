/**
 * What the policy pack reports: severities and findings. Its own file so that `stack-view.ts`
 * (which builds findings) and `types.ts` (whose `Rule.check` takes a StackView) do not import
 * each other; `types.ts` re-exports these.
 */
export type Severity = "error" | "warning";

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  /** `<type>.<logicalId>` (a resource of the stack) or `stack` (the stack as a whole, e.g. its providers). */
  readonly resource: string;
  /** The construct path from the resource's `//.metadata.path`, when cdktf wrote one. */
  readonly constructPath?: string;
  readonly message: string;
  /** IDs of the scanner rules / controls this rule mirrors (copied from the rule). */
  readonly mirrors: readonly string[];
}

/**
 * What a rule's `check` returns. `severity` is optional: when left out the rule's own severity
 * applies; a rule may lower it (e.g. to `warning` outside prod) but the rule's `severity` is the
 * documented maximum.
 */
export type RuleFinding = Omit<Finding, "ruleId" | "severity" | "mirrors" | "stack"> & { readonly severity?: Severity };
