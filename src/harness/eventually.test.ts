import { EventuallyError, eventually } from "./eventually.ts";
import { toMilliseconds } from "./duration.ts";

describe("eventually", () => {
  test("returns the first value the probe answers", async () => {
    let calls = 0;
    const value = await eventually(() => (++calls >= 3 ? `ready after ${calls}` : undefined), {
      timeout: "2s",
      interval: "1ms",
    });
    expect(value).toBe("ready after 3");
  });

  test("retries a probe whose assertion throws until it holds", async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls += 1;
        expect(calls).toBeGreaterThanOrEqual(2);
        return calls;
      },
      { timeout: "2s", interval: "1ms" },
    );
    expect(value).toBe(2);
  });

  test("gives up naming what it awaited and the last value seen", async () => {
    let calls = 0;
    const failure = eventually(
      () => {
        calls += 1;
        return undefined;
      },
      { timeout: 30, interval: 5, what: "the invoice for ORD-1" },
    );
    await expect(failure).rejects.toThrow(/the invoice for ORD-1 did not happen within 30 ms/);
    await expect(failure).rejects.toThrow(/the last value seen was undefined/);
    expect(calls).toBeGreaterThan(1);
  });

  test("reports the last error when the probe kept throwing", async () => {
    let calls = 0;
    const failure = eventually(
      () => {
        calls += 1;
        throw new Error(`status was QUEUED (read ${calls})`);
      },
      { timeout: 30, interval: 5 },
    );
    await expect(failure).rejects.toBeInstanceOf(EventuallyError);
    await expect(failure).rejects.toThrow(
      /the last attempt failed: status was QUEUED \(read \d+\)/,
    );
  });
});

describe("toMilliseconds", () => {
  test.each([
    [250, 250],
    ["250ms", 250],
    ["2s", 2000],
    ["1.5s", 1500],
    ["1m", 60_000],
  ])("%p is %p ms", (input, expected) => {
    expect(toMilliseconds(input)).toBe(expected);
  });

  test("refuses a duration without a unit, naming it", () => {
    expect(() => toMilliseconds("2")).toThrow('not a duration: "2"');
  });
});
