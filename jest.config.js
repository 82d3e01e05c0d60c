/** Unit tier: fast transform (no type-checking here; `npm run typecheck` does that). */
const os = require("os");

module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.js"],
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/acceptance/", "<rootDir>/test/adoption/", "<rootDir>/test/commands/"],
  testTimeout: 30000,
  // jest's default (cores - 1) runs this tier in one process on a 2-core CI machine while the
  // other core idles between the child processes some tests start: two workers at least.
  maxWorkers: Number(process.env.AOA_UNIT_WORKERS) || Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
};
