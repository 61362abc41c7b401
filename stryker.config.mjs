// Mutation testing of the code whose bugs no scenario would notice quickly: the pure domain
// (parsing, money, pricing) and the API's gatekeepers (authentication, rate limiting). Each
// is tested against its own unit tests only, so a surviving mutant points at a missing unit
// test, and a run stays within minutes. See docs/mutation-testing.md.
import jestConfig, { jestRunner } from "./jest.config.ts";

// The property tests at the depth of `npm run test:deep` (1,000 cases per domain property, not
// npm test's quick 100): a mutant that breaks a property only for rare inputs must still die.
// Stryker's test runners inherit this environment.
process.env.FUZZ_SCALE ??= "10";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "jest",
  // Jest runs in native ESM mode (see the "test" script); so must Stryker's test runners.
  testRunnerNodeArgs: ["--experimental-vm-modules", "--disable-warning=ExperimentalWarning"],
  mutate: [
    "src/domain/**/*.ts",
    "!src/domain/**/*.test.ts",
    "!src/domain/testing/**",
    "!src/domain/index.ts",
    "src/api/auth.ts",
    "src/api/rate-limit.ts",
  ],
  jest: {
    projectType: "custom",
    config: {
      // One flat project instead of jest.config.ts's two: Stryker sets its own test
      // environment, which it can only do at the top level.
      projects: [],
      transform: jestRunner.transform,
      extensionsToTreatAsEsm: jestRunner.extensionsToTreatAsEsm,
      testEnvironment: jestRunner.testEnvironment,
      setupFiles: ["<rootDir>/src/testing/mutation-setup.ts"],
      testMatch: [
        "<rootDir>/src/domain/**/*.test.ts",
        "<rootDir>/src/api/auth.test.ts",
        "<rootDir>/src/api/rate-limit.test.ts",
        "<rootDir>/src/api/token-*.test.ts",
      ],
      testTimeout: jestConfig.testTimeout,
    },
  },
  coverageAnalysis: "perTest",
  // Two cores shared with everything else on a developer's machine or a CI runner.
  concurrency: 2,
  // A mutant that makes the tests run past their usual time plus this is counted as a
  // timeout, which counts as detected. A surviving mutant covered by the property tests (a
  // thousand cases each) must not pass for one just because the machine was busy.
  timeoutMS: 30_000,
  // The sandbox needs the sources and the configuration, not the benchmarks or the reports.
  ignorePatterns: ["/*", "!/src", "!/package.json", "!/jest.config.ts", "!/tsconfig.json"],
  tempDirName: "reports/stryker-tmp",
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // The score reached is about 98 %: under 95 %, `npm run mutate` fails (the weekly job too).
  thresholds: { high: 98, low: 95, break: 95 },
};
