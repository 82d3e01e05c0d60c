/**
 * Acceptance files, longest first (longest-processing-time scheduling): on a clean clone jest has
 * no timings of its own and would order by file size, which can leave the longest file (minutes
 * of provider waits) to start last and run alone at the end. Seconds measured by `.ci/run`
 * (2-core machine, clean-clone `.ci/run` of 2026-12-07; apps.test.ts and promote-versions.test.ts estimated from a run beside the unit tier); a file not listed counts as jest's own timing from
 * an earlier run in the same checkout, or 120 s. Add a new file here once `.ci/run` timed it.
 */
const path = require("path");
const Sequencer = require("@jest/test-sequencer").default;

const SECONDS = {
  "ops.test.ts": 400,
  "least-privilege.test.ts": 307,
  "apps.test.ts": 300,
  "shards.test.ts": 243,
  "promote-versions.test.ts": 190,
  "interrupt.test.ts": 148,
  "harness.test.ts": 125,
  "preflight.test.ts": 100,
  "validate.test.ts": 94,
  "saved-plans.test.ts": 15,
  "moto-strict.test.ts": 5,
};
const DEFAULT = 120;

class LongestFirst extends Sequencer {
  sort(tests) {
    const cost = (t) => SECONDS[path.basename(t.path)] ?? (this.time(t) > 0 ? this.time(t) / 1000 : DEFAULT);
    return [...tests].sort((a, b) => cost(b) - cost(a) || a.path.localeCompare(b.path));
  }
}

module.exports = LongestFirst;
module.exports.SECONDS = SECONDS;
