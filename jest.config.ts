import { availableParallelism } from "node:os";
import type { Config } from "jest";
import { TEST_TIMEOUT_MS } from "./src/testing/test-timeout.ts";

// Under Jest's own runner (Stryker's runs), Jest runs in native ESM mode (Stryker starts it with
// --experimental-vm-modules): jose and fauxqs are ESM-only and our sources use import.meta, so
// nothing is down-levelled to CommonJS.
const swc = [
  "@swc/jest",
  { jsc: { parser: { syntax: "typescript" }, target: "es2023" }, module: { type: "es6" } },
] as [string, Record<string, unknown>];

/** Jest's own runner and environment, for Stryker (stryker.config.mjs). */
export const jestRunner = {
  testEnvironment: "<rootDir>/src/testing/jest-environment.cjs",
  extensionsToTreatAsEsm: [".ts"],
  transform: { "^.+\\.ts$": swc },
  testPathIgnorePatterns: ["/node_modules/"],
  // Stryker's sandboxes (copies of the project) live under reports/ while it runs.
  modulePathIgnorePatterns: ["<rootDir>/reports/"],
};

/**
 * Both projects run on jest-light-runner: Node's own loader (types stripped by Node) in worker
 * threads, each running many files that share their modules, so the SDK clients, the cloud
 * and the harness load once per worker, not once per file (Jest's own runner gives every file
 * a fresh module registry). Files of both projects share the workers, so the scenarios'
 * waiting overlaps the unit tests' computing. Jest's environment and transform do not apply;
 * nor does testTimeout, hence the setup file. Not the runner's child_process runtime: in 0.8.2
 * a child can miss its configuration at start and wait forever.
 */
const light = {
  runner: "jest-light-runner",
  setupFilesAfterEnv: ["<rootDir>/src/testing/test-timeouts.ts"],
  testPathIgnorePatterns: jestRunner.testPathIgnorePatterns,
  modulePathIgnorePatterns: jestRunner.modulePathIgnorePatterns,
};

// Two projects so that a unit run never pays for a backend: Jest runs a project's global
// setup only when that project has tests selected, so `npm test -- src/domain` starts nothing.
const config: Config = {
  projects: [
    {
      ...light,
      displayName: "unit",
      testMatch: [
        "<rootDir>/src/**/*.test.ts",
        "<rootDir>/lambdas/**/*.test.ts",
        "<rootDir>/bench/**/*.test.ts",
        "<rootDir>/scripts/**/*.test.ts",
      ],
    },
    {
      ...light,
      displayName: "scenarios",
      testMatch: ["<rootDir>/steps/**/*.steps.ts"],
      globalSetup: "<rootDir>/src/harness/global-setup.mts",
      globalTeardown: "<rootDir>/src/harness/global-teardown.mts",
    },
  ],
  reporters: ["default", "<rootDir>/src/harness/report/reporter.ts"],
  testSequencer: "<rootDir>/src/testing/sequencer.cjs",
  // Most files wait (on servers, queues, Lambda environments, a visibility timeout) far more
  // than they compute. Jest's default (cores - 1: one worker on 2 cores) runs them one after
  // another; one more worker than cores keeps the CPUs busy and overlaps the waiting. Two per
  // core overlapped no more on 2 cores and cost about 10% more CPU: each worker warms up (JIT,
  // code cache) on its own.
  maxWorkers: availableParallelism() + 1,
  testTimeout: TEST_TIMEOUT_MS,
};

export default config;
