import type { Invoice } from "./invoice.ts";
import type { Order } from "./order.ts";
import { promoPercent } from "./promo.ts";

/**
 * The discount rule: percent of the subtotal, rounded half-up to the cent, computed in
 * integers. subtotal × percent is a whole number of hundredths of a cent; adding 50 and
 * dividing by 100 rounds it, with exact halves going up (1005 cents at 10 % = 100.5 -> 101).
 * The largest schema-valid subtotal is 100 × 10,000 × $1,000,000 = 10^14 cents, and
 * 10^14 × 30 stays far below 2^53, so no step loses precision.
 */
export function discountCents(subtotalCents: number, percent: number): number {
  return Math.floor((subtotalCents * percent + 50) / 100);
}

export function priceOrder(order: Order, pricedAt: Date = new Date()): Invoice {
  const lines = order.items.map((item) => ({
    name: item.name,
    quantity: item.quantity,
    unitPriceCents: item.unitPriceCents,
    lineTotalCents: item.unitPriceCents * item.quantity,
  }));
  const subtotalCents = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
  const percent = promoPercent(order.promoCode);
  const amountCents = discountCents(subtotalCents, percent);
  return {
    orderId: order.orderId,
    userId: order.userId ?? null,
    currency: "USD",
    lines,
    subtotalCents,
    discount: { code: order.promoCode, percent, amountCents },
    totalCents: subtotalCents - amountCents,
    pricedAt: pricedAt.toISOString(),
  };
}
