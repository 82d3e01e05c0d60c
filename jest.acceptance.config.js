/** Acceptance tier: real terraform against moto_server. Serial, long timeouts. */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testMatch: ["<rootDir>/test/acceptance/**/*.test.ts"],
  testTimeout: 1800000,
  maxWorkers: 1,
};
