/** The API's request body for a typical order. */
export function sampleOrderRequest(orderId: string): Record<string, unknown> {
  return {
    order_id: orderId,
    items: [
      { name: "Laptop stand", price: 49.99, quantity: 1 },
      { name: "USB-C cable", price: 9.5, quantity: 3 },
      { name: "Desk lamp", price: 31.25, quantity: 2 },
    ],
    promo_code: "SAVE10",
  };
}

/** The same order as a task-queue body shaped like the API's (prices as numbers). */
export function sampleOrderMessage(orderId: string, userId = "bench-user"): string {
  return JSON.stringify({
    ...sampleOrderRequest(orderId),
    user_id: userId,
    submitted_at: new Date().toISOString(),
  });
}

/** An order the domain rejects (negative price): the dead-letter path's input. */
export function poisonOrderMessage(orderId: string): string {
  return JSON.stringify({
    order_id: orderId,
    user_id: "bench-user",
    items: [{ name: "Broken", price: -1, quantity: 1 }],
    submitted_at: new Date().toISOString(),
  });
}

export interface OrderIds {
  /** Every id starts with it, so one listing finds a run's invoices. */
  prefix: string;
  next(): string;
}

/** Unique, sortable order ids for one benchmark run. */
export function orderIds(tag: string): OrderIds {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const prefix = `ORD-${tag}-${run}-`;
  let n = 0;
  return { prefix, next: () => `${prefix}${String(n++).padStart(6, "0")}` };
}
