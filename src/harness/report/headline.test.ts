import { EventuallyError } from "../eventually.ts";
import { headlineOf } from "./headline.ts";

function thrownBy(check: () => void): unknown {
  try {
    check();
  } catch (error) {
    return error;
  }
  throw new Error("the check passed");
}

describe("headlineOf", () => {
  test("names only the fields that differ when objects are compared", () => {
    const error = thrownBy(() =>
      expect({ subtotal: "1049.97", discount: "104.99", total: "944.98" }).toEqual({
        subtotal: "1049.97",
        discount: "105.00",
        total: "944.97",
      }),
    );
    expect(headlineOf(error)).toBe(
      "expect(received).toEqual(expected) // deep equality: " +
        "expected discount '105.00', total '944.97'; received discount '104.99', total '944.98'",
    );
  });

  test("shows both values of a plain comparison", () => {
    expect(headlineOf(thrownBy(() => expect(1).toBe(2)))).toBe(
      "expect(received).toBe(expected) // Object.is equality: expected 2, received 1",
    );
  });

  test("reads through a wait that gave up to the assertion that failed last", () => {
    const cause = thrownBy(() => expect(1).toBe(2));
    const error = new EventuallyError(
      "task_lambda to have tried ORD-1 2 times did not happen within 30000 ms (300 attempts); the last attempt failed: expect(received).toBe(expected)\n\nExpected: 2",
      undefined,
      cause,
    );
    expect(headlineOf(error)).toBe(
      "task_lambda to have tried ORD-1 2 times did not happen within 30000 ms (300 attempts); the last attempt failed: expect(received).toBe(expected): expected 2, received 1",
    );
  });

  test("any other error is its first line", () => {
    expect(headlineOf(new Error("\n  no record of order ORD-9 to deliver again\n  at x"))).toBe(
      "no record of order ORD-9 to deliver again",
    );
    expect(headlineOf("a string")).toBe("a string");
  });
});
