/** README-commands tier: the README's commands as subprocesses in a fresh clone of HEAD (test/commands/). */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testMatch: ["<rootDir>/test/commands/**/*.test.ts"],
  testTimeout: 900000,
  // the local lifecycle (minutes, mostly provider waits) starts at once, beside the quick commands and the coverage check
  maxWorkers: 3,
};
