import { availableParallelism } from "node:os";
import type { Config } from "jest";

// Jest runs in native ESM mode (see the "test" script): jose and fauxqs are ESM-only and
// our sources use import.meta, so nothing is down-levelled to CommonJS.
const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript" }, target: "es2023" }, module: { type: "es6" } },
] as [string, Record<string, unknown>];

const common = {
  testEnvironment: "<rootDir>/src/testing/jest-environment.cjs",
  extensionsToTreatAsEsm: [".ts"],
  transform: { "^.+\\.ts$": swc },
  testPathIgnorePatterns: ["/node_modules/"],
  // Stryker's sandboxes (copies of the project) live under reports/ while it runs.
  modulePathIgnorePatterns: ["<rootDir>/reports/"],
};

// Two projects so that a unit run never pays for a backend: Jest runs a project's global
// setup only when that project has tests selected, so `npm test -- src/domain` starts nothing.
const config: Config = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: [
        "<rootDir>/src/**/*.test.ts",
        "<rootDir>/lambdas/**/*.test.ts",
        "<rootDir>/bench/**/*.test.ts",
        "<rootDir>/scripts/**/*.test.ts",
      ],
    },
    {
      ...common,
      displayName: "scenarios",
      testMatch: ["<rootDir>/steps/**/*.steps.ts"],
      globalSetup: "<rootDir>/src/harness/global-setup.mts",
      globalTeardown: "<rootDir>/src/harness/global-teardown.mts",
    },
  ],
  reporters: ["default", "<rootDir>/src/harness/report/reporter.ts"],
  // Most files wait (on servers, queues, Lambda environments, a visibility timeout) far more
  // than they compute. Jest's default (cores - 1: one worker on 2 cores) runs them one after
  // another; one more worker than cores keeps the CPUs busy and overlaps the waiting. Two per
  // core overlapped no more on 2 cores and cost about 10% more CPU: each worker warms up (JIT,
  // code cache) on its own.
  maxWorkers: availableParallelism() + 1,
  // Tests run against real servers and Lambda environments, several files at once; on a
  // loaded 2-core machine a test that takes 1 s alone can pass 5 s, Jest's default.
  testTimeout: 30_000,
};

export default config;
