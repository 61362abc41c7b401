import { requireMatchingScenarios } from "./tag-filter.ts";

describe("requireMatchingScenarios", () => {
  test("lets a run through when its expression selects a scenario, or when there is none", () => {
    expect(() => requireMatchingScenarios("@smoke")).not.toThrow();
    expect(() => requireMatchingScenarios("@pricing and not @slow")).not.toThrow();
    expect(() => requireMatchingScenarios(undefined)).not.toThrow();
  });

  test("stops a run whose expression selects nothing, naming it and the tags there are", () => {
    expect(() => requireMatchingScenarios("@typo")).toThrow(
      /^TAGS="@typo" matches no scenario in features\/ \(the tags there: .*@smoke/,
    );
    expect(() => requireMatchingScenarios("@smoke and @dead-letter")).toThrow(
      'TAGS="@smoke and @dead-letter" matches no scenario',
    );
  });

  test("stops a run whose expression cannot be read, naming it", () => {
    expect(() => requireMatchingScenarios("@smoke and")).toThrow(
      /^TAGS="@smoke and" is not a tag expression/,
    );
  });
});
