import { linesFromWords } from "./order-words.ts";

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

  test("knows only the catalogue's own products, not an object's inherited names", () => {
    expect(() => linesFromWords("a constructor")).toThrow(
      'no product in the catalogue for "a constructor"',
    );
  });
});
