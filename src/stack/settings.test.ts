import {
  describeSettings,
  localSettings,
  productionSettings,
  settingsInBrief,
  testSettings,
  validateSettings,
  withSettings,
} from "./settings.ts";

test("production: 30 s functions, 180 s visibility, two receives before the dead-letter queue", () => {
  expect(productionSettings).toMatchObject({
    prefix: "",
    functionTimeoutSeconds: 30,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 2,
  });
});

test("tests: short timeouts, so the dead-letter path takes seconds", () => {
  expect(testSettings.functionTimeoutSeconds).toBeLessThanOrEqual(5);
  expect(testSettings.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
    testSettings.functionTimeoutSeconds,
  );
  expect(testSettings.visibilityTimeoutSeconds).toBeLessThanOrEqual(5);
});

test("a visibility timeout below the function timeout is refused, as AWS refuses the mapping", () => {
  expect(() => withSettings(productionSettings, { visibilityTimeoutSeconds: 10 })).toThrow(
    "invalid stack settings: visibilityTimeoutSeconds: visibilityTimeoutSeconds must be at least functionTimeoutSeconds",
  );
});

test("a prefix must fit bucket, queue, role and function names", () => {
  expect(withSettings(testSettings, { prefix: "run-42-" }).prefix).toBe("run-42-");
  expect(() => withSettings(testSettings, { prefix: "Run_42" })).toThrow(
    /prefix: must be lowercase/,
  );
  expect(() => validateSettings({ ...testSettings, batchSize: 11 })).toThrow(/batchSize/);
});

test("settings read as a person needs them, with the dead-letter timing", () => {
  expect(settingsInBrief(localSettings)).toBe(
    "function timeout 10 s, visibility timeout 30 s, dead letter after 2 failed receives from the task queue (about 60 s)",
  );
  expect(describeSettings(productionSettings)).toEqual([
    "functions: timeout 30 s, memory 256 MB",
    "queues: visibility timeout 180 s, dead letter after 2 failed receives from the task queue (about 360 s); the dead-letter queue keeps a message 14 days",
    "queue triggers: batch size 10, batching window 0 s",
  ]);
});
