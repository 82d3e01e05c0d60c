/** Acceptance tier: real terraform against moto_server. Long timeouts. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testMatch: ["<rootDir>/test/acceptance/**/*.test.ts"],
  testTimeout: 1800000,
  // Each file starts its own moto; most of a file's wall time is the provider's fixed waits
  // (2 x 30 s per load balancer created, test/acceptance/harness/README.md), not CPU, so more
  // files run side by side than there are cores. Longest first, so the slowest never starts last.
  // Three: on 2 cores two files kept 1.3 cores busy alone; in CI (other tiers beside this one) the
  // 2-worker packing of ~2,900 file-seconds was the critical path (1,470 s of a 1,507 s run).
  maxWorkers: Number(process.env.AOA_ACCEPTANCE_WORKERS) || 3,
  testSequencer: "<rootDir>/test/acceptance/harness/sequencer.js",
  // set-up hooks are CPU-bound and share the cores with the other files and tiers: at least 10 min
  setupFilesAfterEnv: ["<rootDir>/test/acceptance/harness/setup-hooks.js"],
};
