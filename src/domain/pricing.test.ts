import { invoiceJsonSchema, invoiceToJson } from "./invoice.ts";
import type { Order } from "./order.ts";
import { discountCents, priceOrder } from "./pricing.ts";

const at = new Date("2026-01-31T12:00:00.000Z");

function order(promoCode: Order["promoCode"], ...items: [string, number, number][]): Order {
  return {
    orderId: "ORD-1",
    userId: "alice",
    items: items.map(([name, unitPriceCents, quantity]) => ({ name, unitPriceCents, quantity })),
    promoCode,
  };
}

test("three keyboards with SAVE10: the discount is rounded half-up to the cent", () => {
  const invoice = priceOrder(order("SAVE10", ["Keyboard", 34999, 3]), at);
  expect(invoice.subtotalCents).toBe(104997);
  expect(invoice.discount).toEqual({ code: "SAVE10", percent: 10, amountCents: 10500 });
  expect(invoice.totalCents).toBe(94497);
});

test("an exact half cent goes up, less than a half goes down", () => {
  expect(discountCents(1005, 10)).toBe(101); // 100.5
  expect(discountCents(1004, 10)).toBe(100); // 100.4
  expect(discountCents(10, 5)).toBe(1); // 0.5
  expect(discountCents(1, 30)).toBe(0); // 0.3
  expect(discountCents(0, 30)).toBe(0);
});

test("each promo code has its own percent and no code means no discount", () => {
  const percents = (["SAVE10", "SAVE20", "SAVE30", "FREESHIP", null] as const).map(
    (code) => priceOrder(order(code, ["Mouse", 1000, 1]), at).discount.percent,
  );
  expect(percents).toEqual([10, 20, 30, 5, 0]);
});

test("the invoice document shows money as decimal strings", () => {
  const invoice = priceOrder(order("SAVE20", ["Keyboard", 34999, 3], ["Cable", 5, 1]), at);
  const json = invoiceToJson(invoice);
  expect(json).toEqual({
    order_id: "ORD-1",
    user_id: "alice",
    currency: "USD",
    lines: [
      { name: "Keyboard", quantity: 3, unit_price: "349.99", line_total: "1049.97" },
      { name: "Cable", quantity: 1, unit_price: "0.05", line_total: "0.05" },
    ],
    subtotal: "1050.02",
    discount: { code: "SAVE20", percent: 20, amount: "210.00" },
    total: "840.02",
    priced_at: "2026-01-31T12:00:00.000Z",
  });
  expect(invoiceJsonSchema.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
});

test("the largest order the schema allows is priced without losing a cent", () => {
  const items = Array.from(
    { length: 100 },
    () => ["Big", 100_000_000, 10_000] as [string, number, number],
  );
  const invoice = priceOrder(order("SAVE30", ...items), at);
  expect(invoice.subtotalCents).toBe(100_000_000_000_000);
  expect(invoice.discount.amountCents).toBe(30_000_000_000_000);
  expect(invoiceToJson(invoice).total).toBe("700000000000.00");
});
