import { seededRandom } from "../cloud/lambda/faults.ts";

export type OrderKind = "good" | "poison";

export interface PlannedOrder {
  orderId: string;
  kind: OrderKind;
  userId: string;
  /** The API body for a good order; the task-queue body for a poison one. */
  body: string;
}

const PRODUCTS = ["Keyboard", "Mouse", "Monitor", "Cable", "Dock", "Headset", "Webcam"];
const PROMOS = [undefined, "SAVE10", "SAVE20", "SAVE30", "FREESHIP"];

/**
 * The campaign's orders in sending order, poison ones spread among the good ones. Order IDs
 * carry the seed and a run tag, so two campaigns never share an ID.
 */
export function planOrders(
  count: number,
  options: { poisonShare: number; seed: number; users: number; runTag: string },
): PlannedOrder[] {
  const random = seededRandom(options.seed ^ 0x5eed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const poisonCount = Math.round(count * options.poisonShare);
  const plan: PlannedOrder[] = [];
  for (let i = 0; i < count; i += 1) {
    // Evenly spread: order i is poison when it crosses the next multiple of the share.
    const poison =
      Math.floor(((i + 1) * poisonCount) / count) > Math.floor((i * poisonCount) / count);
    const orderId = `ORD-soak-${options.runTag}-${i}`;
    const userId = `soak-user-${i % options.users}`;
    const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
      name: pick(PRODUCTS),
      price: Math.floor(random() * 100_000) / 100,
      quantity: 1 + Math.floor(random() * 5),
    }));
    const promo = pick(PROMOS);
    if (poison) {
      items[0]!.price = -(1 + Math.floor(random() * 10_000) / 100);
      const body = {
        order_id: orderId,
        user_id: userId,
        items,
        ...(promo ? { promo_code: promo } : {}),
        submitted_at: new Date().toISOString(),
      };
      plan.push({ orderId, kind: "poison", userId, body: JSON.stringify(body) });
    } else {
      const body = { order_id: orderId, items, ...(promo ? { promo_code: promo } : {}) };
      plan.push({ orderId, kind: "good", userId, body: JSON.stringify(body) });
    }
  }
  return plan;
}
