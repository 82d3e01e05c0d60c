/** Adoption tier: the README's lifecycle steps applied to a copy of the repository (minutes, not seconds). */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testMatch: ["<rootDir>/test/adoption/**/*.test.ts"],
  testTimeout: 600000,
};
