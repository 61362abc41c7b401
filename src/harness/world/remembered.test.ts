import { Remembered } from "./remembered.ts";

describe("Remembered", () => {
  test("gives back what a step kept", () => {
    const invoice = new Remembered<{ etag: string }>("the invoice");
    invoice.set({ etag: "e1" });
    expect(invoice.get()).toEqual({ etag: "e1" });
  });

  test("names what no earlier step kept", () => {
    expect(() => new Remembered<number>("the statistics").get()).toThrow(
      "the scenario has not seen the statistics: an earlier step should have",
    );
  });
});
