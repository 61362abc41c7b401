import { invalidOrder, invalidOrders } from "./order-samples.ts";
import { linesFromWords } from "./world.ts";

describe("linesFromWords", () => {
  test("reads the order a scenario describes into catalogue lines", () => {
    expect(linesFromWords("a laptop and two mice")).toEqual([
      { name: "Laptop", price: 999.99, quantity: 1 },
      { name: "Mouse", price: 24.99, quantity: 2 },
    ]);
    expect(linesFromWords("three keyboards, one monitor")).toEqual([
      { name: "Keyboard", price: 49.5, quantity: 3 },
      { name: "Monitor", price: 189, quantity: 1 },
    ]);
  });

  test("names the words it cannot read", () => {
    expect(() => linesFromWords("a laptop and two tablets")).toThrow(
      'no product in the catalogue for "two tablets"',
    );
  });
});

describe("invalidOrder", () => {
  test.each(Object.keys(invalidOrders))("%s keeps the order id it is given", (problem) => {
    expect(invalidOrder(problem, "ORD-x")).toMatchObject({ order_id: "ORD-x" });
  });

  test("names the samples it has when asked for another", () => {
    expect(() => invalidOrder("a price in euros", "ORD-x")).toThrow(/known: a negative price, /);
  });
});
