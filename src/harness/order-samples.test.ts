import { invalidOrder, invalidOrders } from "./order-samples.ts";

describe("invalidOrder", () => {
  test.each(Object.keys(invalidOrders))("%s keeps the order id it is given", (problem) => {
    expect(invalidOrder(problem, "ORD-x")).toMatchObject({ order_id: "ORD-x" });
  });

  test("names the samples it has when asked for another", () => {
    expect(() => invalidOrder("a price in euros", "ORD-x")).toThrow(/known: a negative price, /);
  });
});
