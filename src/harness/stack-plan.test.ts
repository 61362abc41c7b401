import { localSettings, testSettings } from "../stack/settings.ts";
import { stackPlanFor } from "./stack-plan.ts";

describe("stackPlanFor", () => {
  test("the embedded backend gets the short test settings and deploy's own polling", () => {
    const plan = stackPlanFor("embedded");
    expect(plan.settingsName).toBe("test");
    expect(plan.settings).toEqual(testSettings);
    expect(plan.pollIntervalMs).toBeUndefined();
  });

  test("LocalStack gets the local settings and is polled every 250 ms while deploying", () => {
    const plan = stackPlanFor("localstack");
    expect(plan.settings).toEqual(localSettings);
    expect(plan.pollIntervalMs).toBe(250);
  });
});
