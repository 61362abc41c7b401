import { defaultTimeoutFor, SCENARIO_TIMEOUT_MS, TEST_TIMEOUT_MS } from "./test-timeout.ts";

test("a scenario file gets the scenario limit; any other file the test limit", () => {
  expect(defaultTimeoutFor("/repo/steps/promo-codes.steps.ts")).toBe(SCENARIO_TIMEOUT_MS);
  expect(defaultTimeoutFor("/repo/src/domain/pricing.test.ts")).toBe(TEST_TIMEOUT_MS);
  expect(defaultTimeoutFor(undefined)).toBe(TEST_TIMEOUT_MS);
  expect(SCENARIO_TIMEOUT_MS).toBeGreaterThan(TEST_TIMEOUT_MS);
});
