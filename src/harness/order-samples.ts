import { catalogue, type OrderLine } from "./catalogue.ts";

const laptop: OrderLine = { ...catalogue.laptop, quantity: 1 };
const mice: OrderLine = { ...catalogue.mouse, quantity: 2 };

/**
 * Order bodies the API must reject, by the words a scenario uses for them. Each names the
 * field a client should be told about.
 */
export const invalidOrders: Record<string, (orderId: string) => unknown> = {
  "a negative price": (order_id) => ({ order_id, items: [{ ...laptop, price: -1 }, mice] }),
  "a quantity of zero": (order_id) => ({ order_id, items: [{ ...laptop, quantity: 0 }, mice] }),
  "no items": (order_id) => ({ order_id, items: [] }),
  "a price with three decimals": (order_id) => ({
    order_id,
    items: [laptop, { ...mice, price: 24.999 }],
  }),
  "a product without a name": (order_id) => ({ order_id, items: [laptop, { ...mice, name: "" }] }),
};

export function invalidOrder(problem: string, orderId: string): unknown {
  const make = invalidOrders[problem];
  if (!make)
    throw new Error(
      `no sample order with ${problem}; known: ${Object.keys(invalidOrders).join(", ")}`,
    );
  return make(orderId);
}

/** A good order and a poison one (rejected by the pricing rules: a negative price). */
export const goodLines = (): OrderLine[] => [laptop, mice];
export const poisonLines = (): OrderLine[] => [{ ...laptop, price: -999.99 }, mice];
