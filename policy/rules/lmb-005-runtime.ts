import type { Rule, RuleFinding } from "../types";
import { literal } from "../lib/values";

/** Runtimes that are deprecated (or about to be) in Lambda. */
export const DEPRECATED_RUNTIMES = /^(nodejs(\d|1\d|20)?(\.\d+)?(\.x)?|nodejs|python2\.7|python3\.[0-9]|java8|go1\.x|ruby2\.\d|dotnetcore\d\.\d|dotnet[5-7]|provided)$/;

export const rule: Rule = {
  id: "AOA-LMB-005",
  title: "Lambda runtime is supported",
  severity: "error",
  mirrors: ["Lambda.2", "CKV_AWS_363", "AwsSolutions-L1"],
  resourceTypes: ["aws_lambda_function"],
  description: "`runtime` is not deprecated (nodejs <= 18, python <= 3.9, java8, go1.x, ruby 2.x, dotnet <= 7, provided (AL1)).",
  check(view) {
    const out: RuleFinding[] = [];
    for (const fn of view.resources("aws_lambda_function")) {
      const rt = literal(fn.config.runtime);
      if (rt && DEPRECATED_RUNTIMES.test(rt)) out.push(view.at(fn, `runtime ${rt} is deprecated`));
    }
    return out;
  },
};
