import { orderIds, poisonOrderMessage, sampleOrderMessage } from "./orders.ts";

describe("orderIds", () => {
  it("makes distinct ids under one prefix that the API's order_id pattern accepts", () => {
    const ids = orderIds("s200");
    const a = ids.next();
    const b = ids.next();
    expect(a).not.toBe(b);
    expect(a.startsWith(ids.prefix)).toBe(true);
    expect(a).toMatch(/^ORD-[A-Za-z0-9_-]{1,64}$/);
    expect(a < b).toBe(true);
  });
});

describe("sample messages", () => {
  it("shape a task-queue body with prices as numbers, and a poison one with a negative price", () => {
    const good = JSON.parse(sampleOrderMessage("ORD-1"));
    expect(good).toMatchObject({ order_id: "ORD-1", user_id: "bench-user", promo_code: "SAVE10" });
    expect(typeof good.items[0].price).toBe("number");
    expect(JSON.parse(poisonOrderMessage("ORD-2")).items[0].price).toBeLessThan(0);
  });
});
