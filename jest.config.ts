import type { Config } from "jest";

// Jest runs in native ESM mode (see the "test" script): jose and fauxqs are ESM-only and
// our sources use import.meta, so nothing is down-levelled to CommonJS.
const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript" }, target: "es2023" }, module: { type: "es6" } },
];

const config: Config = {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: { "^.+\\.ts$": swc as [string, Record<string, unknown>] },
  testMatch: [
    "<rootDir>/src/**/*.test.ts",
    "<rootDir>/lambdas/**/*.test.ts",
    "<rootDir>/steps/**/*.steps.ts",
    "<rootDir>/bench/**/*.test.ts",
  ],
  testPathIgnorePatterns: ["/node_modules/"],
};

export default config;
