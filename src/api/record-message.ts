import type { OrderMessage } from "../domain/index.ts";
import type { OrderRecord } from "./schemas.ts";

/**
 * An order's task message, made from its record: the same message whether the API sends it
 * at once, again on the client's retry, or the reconciler sends it, so that whichever copy
 * is processed writes the same invoice.
 */
export function messageOf(record: OrderRecord): OrderMessage {
  return {
    order_id: record.order_id,
    user_id: record.user_id,
    items: record.items,
    // The API wrote the record from a checked order: its promo code is one of the known ones.
    ...(record.promo_code ? { promo_code: record.promo_code as OrderMessage["promo_code"] } : {}),
    submitted_at: record.submitted_at,
  };
}

/** Whether a new request is the recorded order sent again: same user, items and promo code. */
export function sameOrder(stored: OrderRecord, again: OrderRecord): boolean {
  return (
    stored.user_id === again.user_id &&
    stored.promo_code === again.promo_code &&
    JSON.stringify(stored.items) === JSON.stringify(again.items)
  );
}
