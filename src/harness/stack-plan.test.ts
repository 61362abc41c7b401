import { localSettings, productionSettings, testSettings } from "../stack/settings.ts";
import { stackPlanFor } from "./stack-plan.ts";

describe("stackPlanFor", () => {
  test("the embedded backend runs production settings on a clock that skips idle time", () => {
    const plan = stackPlanFor("embedded");
    expect(plan).toMatchObject({ settingsName: "production", clock: "skip" });
    expect(plan.settings).toEqual(productionSettings);
    expect(plan.pollIntervalMs).toBeUndefined();
  });

  test("TEST_CLOCK=real runs the embedded backend in real time with the short test settings", () => {
    const plan = stackPlanFor("embedded", { TEST_CLOCK: "real" });
    expect(plan).toMatchObject({ settingsName: "test", clock: "real" });
    expect(plan.settings).toEqual(testSettings);
  });

  test("an unknown TEST_CLOCK is refused, naming it", () => {
    expect(() => stackPlanFor("embedded", { TEST_CLOCK: "fast" })).toThrow(
      'TEST_CLOCK="fast" is not one of skip, real',
    );
  });

  test("LocalStack keeps real time, gets the local settings and is polled every 250 ms while deploying", () => {
    const plan = stackPlanFor("localstack", { TEST_CLOCK: "skip" });
    expect(plan).toMatchObject({ clock: "real", pollIntervalMs: 250 });
    expect(plan.settings).toEqual(localSettings);
  });
});
