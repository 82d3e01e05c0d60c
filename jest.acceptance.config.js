/** Acceptance tier: real terraform against moto_server. Long timeouts. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testMatch: ["<rootDir>/test/acceptance/**/*.test.ts"],
  testTimeout: 1800000,
  // each file starts its own moto; most of the time is the provider waiting on load balancers
  maxWorkers: 2,
};
