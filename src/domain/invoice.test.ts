import { invoiceJsonSchema, invoiceToJson } from "./invoice.ts";
import { priceOrder } from "./pricing.ts";

// Built in each test, not when the file loads: a broken priceOrder then fails a test.
function invoiceJson() {
  return invoiceToJson(
    priceOrder(
      {
        orderId: "ORD-1",
        userId: "alice",
        items: [{ name: "Keyboard", unitPriceCents: 34999, quantity: 3 }],
        promoCode: "SAVE10",
      },
      new Date("2026-01-31T12:00:00.000Z"),
    ),
  );
}

type Money = "unit_price" | "line_total" | "subtotal" | "amount" | "total";

/** The invoice with one money field replaced, and the path of that field. */
function withMoney(field: Money, value: string): [unknown, (string | number)[]] {
  const copy = invoiceJson();
  if (field === "unit_price" || field === "line_total") {
    copy.lines[0]![field] = value;
    return [copy, ["lines", 0, field]];
  }
  if (field === "amount") {
    copy.discount.amount = value;
    return [copy, ["discount", "amount"]];
  }
  copy[field] = value;
  return [copy, [field]];
}

test("an invoice we wrote reads back as it was", () => {
  const json = invoiceJson();
  expect(invoiceJsonSchema.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
});

test("every money field must be a whole money string like 12.34", () => {
  const fields: Money[] = ["unit_price", "line_total", "subtotal", "amount", "total"];
  for (const field of fields) {
    for (const value of ["12.345", "x12.34", "12.3", "12"]) {
      const [invoice, path] = withMoney(field, value);
      const result = invoiceJsonSchema.safeParse(invoice);
      expect({ field, value, ok: result.success }).toEqual({ field, value, ok: false });
      expect(result.error?.issues.map((i) => i.path)).toEqual([path]);
    }
    const [negative] = withMoney(field, "-0.05");
    expect(invoiceJsonSchema.safeParse(negative).success).toBe(true);
  }
});
