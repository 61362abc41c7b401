// Tests run against real servers and Lambda environments, several files at once; on a loaded
// 2-core machine a test that takes 1 s alone can pass 5 s, Jest's default.
export const TEST_TIMEOUT_MS = 30_000;

/**
 * A scenario (a `.steps.ts` file) waits for the whole pipeline: the dead-letter path alone
 * takes two visibility timeouts, and LocalStack starts a container per function.
 */
export const SCENARIO_TIMEOUT_MS = 180_000;

/** The limit for a test or hook of the file at `testPath` that names none of its own. */
export function defaultTimeoutFor(testPath: string | undefined): number {
  return testPath?.endsWith(".steps.ts") ? SCENARIO_TIMEOUT_MS : TEST_TIMEOUT_MS;
}
