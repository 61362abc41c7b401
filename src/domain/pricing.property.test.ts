import fc from "fast-check";
import { formatCents, parseMoney } from "./money.ts";
import { order, validOrderRequest } from "./testing/order-arbitraries.ts";
import { parseOrderRequest, type Order } from "./order.ts";
import { priceOrder } from "./pricing.ts";
import { invoiceToJson, type Invoice } from "./invoice.ts";
import { propertyRuns, propertyTimeout } from "./testing/property-runs.ts";

const runs = propertyRuns(100);
const TEST_TIMEOUT = propertyTimeout();
const at = new Date("2026-01-31T12:00:00.000Z");

function amounts(invoice: Invoice): number[] {
  return [
    invoice.subtotalCents,
    invoice.discount.amountCents,
    invoice.totalCents,
    ...invoice.lines.flatMap((l) => [l.unitPriceCents, l.lineTotalCents]),
  ];
}

test(
  "total = subtotal - discount",
  () => {
    fc.assert(
      fc.property(order, (o) => {
        const invoice = priceOrder(o, at);
        expect(invoice.totalCents).toBe(invoice.subtotalCents - invoice.discount.amountCents);
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);

test(
  "0 <= discount <= subtotal",
  () => {
    fc.assert(
      fc.property(order, (o) => {
        const { discount, subtotalCents } = priceOrder(o, at);
        expect(discount.amountCents).toBeGreaterThanOrEqual(0);
        expect(discount.amountCents).toBeLessThanOrEqual(subtotalCents);
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);

test(
  "the discount is the percent of the subtotal rounded half-up to the cent",
  () => {
    // An independent oracle in BigInt: quotient and remainder of subtotal x percent / 100,
    // plus one cent when the remainder is half a cent or more.
    fc.assert(
      fc.property(order, (o) => {
        const { discount, subtotalCents } = priceOrder(o, at);
        const hundredths = BigInt(subtotalCents) * BigInt(discount.percent);
        const expected = hundredths / 100n + (hundredths % 100n >= 50n ? 1n : 0n);
        expect(BigInt(discount.amountCents)).toBe(expected);
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);

test(
  "the order of the items changes no total",
  () => {
    const orderAndShuffle = order.chain((o) =>
      fc.tuple(fc.constant(o), fc.shuffledSubarray(o.items, { minLength: o.items.length })),
    );
    fc.assert(
      fc.property(orderAndShuffle, ([o, shuffled]) => {
        const a = priceOrder(o, at);
        const b = priceOrder({ ...o, items: shuffled }, at);
        expect([b.subtotalCents, b.discount.amountCents, b.totalCents]).toEqual([
          a.subtotalCents,
          a.discount.amountCents,
          a.totalCents,
        ]);
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);

test(
  "splitting a line into two lines of the same item keeps the subtotal",
  () => {
    const orderAndSplit = order
      .filter((o) => o.items.length < 100 && o.items.some((i) => i.quantity >= 2))
      .chain((o) => {
        const splittable = o.items.flatMap((item, index) => (item.quantity >= 2 ? [index] : []));
        return fc.record({
          order: fc.constant(o),
          index: fc.constantFrom(...splittable),
          share: fc.double({ min: 0, max: 1, noNaN: true }),
        });
      });
    fc.assert(
      fc.property(orderAndSplit, ({ order: o, index, share }) => {
        const line = o.items[index]!;
        const first = Math.min(line.quantity - 1, Math.max(1, Math.floor(line.quantity * share)));
        const split: Order = {
          ...o,
          items: [
            ...o.items.slice(0, index),
            { ...line, quantity: first },
            { ...line, quantity: line.quantity - first },
            ...o.items.slice(index + 1),
          ],
        };
        const a = priceOrder(o, at);
        const b = priceOrder(split, at);
        expect(b.subtotalCents).toBe(a.subtotalCents);
        expect(b.totalCents).toBe(a.totalCents);
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);

test(
  "every amount is a whole number of cents for any request the schema accepts",
  () => {
    fc.assert(
      fc.property(validOrderRequest, (body) => {
        // Through JSON text, exactly as the API receives it.
        const parsed = parseOrderRequest(JSON.parse(JSON.stringify(body)));
        if (!parsed.ok) throw parsed.error;
        const invoice = priceOrder(parsed.value, at);
        for (const amount of amounts(invoice)) expect(Number.isSafeInteger(amount)).toBe(true);
        invoice.lines.forEach((line, i) => {
          const sent = body.items[i]!;
          // The cents equal the decimal the client wrote, and the line total is exact.
          expect(formatCents(line.unitPriceCents)).toBe(sent.price.toFixed(2));
          expect(BigInt(line.lineTotalCents)).toBe(
            BigInt(line.unitPriceCents) * BigInt(sent.quantity),
          );
        });
        const json = invoiceToJson(invoice);
        expect(parseMoney(json.total)).toBe(invoice.totalCents);
        expect(parseMoney(json.subtotal)).toBe(invoice.subtotalCents);
      }),
      runs,
    );
  },
  TEST_TIMEOUT,
);
