/** Unit tier: fast transform (no type-checking here; `npm run typecheck` does that). */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.js"],
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/acceptance/", "<rootDir>/test/adoption/", "<rootDir>/test/commands/"],
  testTimeout: 30000,
};
