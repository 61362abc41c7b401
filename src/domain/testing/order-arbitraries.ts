// fast-check arbitraries shared by the domain and API property tests (test code only).
// They build plain objects from small readable pieces so a shrunk counterexample reads
// like an order someone could have typed: `{ name: "Mouse", unitPriceCents: 0, quantity: 1 }`.
import fc from "fast-check";
import { MAX_ITEMS, MAX_QUANTITY, type Order, type OrderItem } from "../order.ts";
import { PROMO_CODES, type PromoCode } from "../promo.ts";

const MAX_PRICE_CENTS = 100_000_000;

export const itemName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("Keyboard", "Mouse", "Cable", "Monitor", "Desk") },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }) },
);

/**
 * Mostly small prices so a failure is usually found, and shrunk, among readable numbers;
 * the full range and the limits themselves are still tried often.
 */
export const priceCents = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX_PRICE_CENTS }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 5, 50, 99, MAX_PRICE_CENTS) },
);

export const quantity = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_QUANTITY }) },
  { weight: 1, arbitrary: fc.constant(MAX_QUANTITY) },
);

export const promoCode: fc.Arbitrary<PromoCode | null> = fc.constantFrom(null, ...PROMO_CODES);

export const orderItem: fc.Arbitrary<OrderItem> = fc.record({
  name: itemName,
  unitPriceCents: priceCents,
  quantity,
});

export const order: fc.Arbitrary<Order> = fc.record({
  orderId: fc.constant("ORD-1"),
  items: fc.array(orderItem, { minLength: 1, maxLength: MAX_ITEMS }),
  promoCode,
});

/** A POST /orders body the schema accepts, prices as the JSON numbers a client sends. */
export const validOrderRequest = fc.record(
  {
    order_id: fc.stringMatching(/^ORD-[A-Za-z0-9_-]{1,64}$/),
    items: fc.array(
      fc.record({ name: itemName, price: priceCents.map((c) => c / 100), quantity }),
      { minLength: 1, maxLength: 20 },
    ),
    promo_code: fc.constantFrom(...PROMO_CODES),
  },
  { requiredKeys: ["items"] },
);
