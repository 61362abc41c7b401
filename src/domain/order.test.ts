import {
  ValidationError,
  orderRequestSchema,
  parseOrderMessage,
  parseOrderRequest,
  toOrderMessage,
} from "./order.ts";

const keyboard = { name: "Keyboard", price: 349.99, quantity: 3 };

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = parseOrderRequest(input);
  if (result.ok) throw new Error("expected a rejection");
  expect(result.error).toBeInstanceOf(ValidationError);
  return result.error.issues;
}

test("a valid request becomes an order in cents", () => {
  const result = parseOrderRequest({
    order_id: "ORD-1001",
    items: [keyboard],
    promo_code: "SAVE10",
  });
  expect(result).toEqual({
    ok: true,
    value: {
      orderId: "ORD-1001",
      items: [{ name: "Keyboard", unitPriceCents: 34999, quantity: 3 }],
      promoCode: "SAVE10",
    },
  });
});

test("a request without order_id gets a generated one", () => {
  const result = parseOrderRequest({ items: [keyboard] }, { newOrderId: () => "ORD-new" });
  expect(result.ok && result.value.orderId).toBe("ORD-new");
  const generated = parseOrderRequest({ items: [keyboard] });
  expect(generated.ok && generated.value.orderId).toMatch(/^ORD-[0-9a-f-]{36}$/);
});

test("a negative price names its path", () => {
  const items = [keyboard, keyboard, { ...keyboard, price: -1 }];
  const result = parseOrderRequest({ items });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.issues).toEqual([{ path: "items[2].price", message: "must be at least 0" }]);
  expect(result.error.message).toBe("items[2].price: must be at least 0");
});

test("an unknown promo code is an error that names the code", () => {
  expect(issuesOf({ items: [keyboard], promo_code: "XYZ" })).toEqual([
    { path: "promo_code", message: 'unknown promo code "XYZ"' },
  ]);
  expect(issuesOf({ items: [keyboard], promo_code: 7 })).toEqual([
    { path: "promo_code", message: "must be a string" },
  ]);
});

test("every kind of mistake gets a plain message at its path", () => {
  const issues = issuesOf({
    order_id: "1001",
    items: [
      { name: "", price: 1.234, quantity: 1.5, colour: "red" },
      { price: "3", quantity: 10_001 },
    ],
    note: "x",
  });
  expect(issues).toEqual([
    { path: "order_id", message: "must match /^ORD-[A-Za-z0-9_-]{1,64}$/" },
    { path: "items[0].name", message: "must be at least 1 character" },
    { path: "items[0].price", message: "must have at most 2 decimal places" },
    { path: "items[0].quantity", message: "must be a whole number" },
    { path: "items[0].colour", message: "is not an allowed field" },
    { path: "items[1].name", message: "is required" },
    { path: "items[1].price", message: "must be a number" },
    { path: "items[1].quantity", message: "must be at most 10000" },
    { path: "note", message: "is not an allowed field" },
  ]);
});

test("limits on the whole order", () => {
  expect(issuesOf({ items: [] })).toEqual([
    { path: "items", message: "must have at least 1 item" },
  ]);
  expect(issuesOf({ items: Array(101).fill(keyboard) })).toEqual([
    { path: "items", message: "must have at most 100 items" },
  ]);
  expect(issuesOf(null)).toEqual([{ path: "", message: "must be an object" }]);
  expect(issuesOf([])).toEqual([{ path: "", message: "must be an object" }]);
  expect(issuesOf({})).toEqual([{ path: "items", message: "is required" }]);
});

test("huge and non-finite numbers are rejected, never rounded", () => {
  expect(issuesOf({ items: [{ ...keyboard, price: JSON.parse("1e400") as number }] })).toEqual([
    { path: "items[0].price", message: "must be a finite number" },
  ]);
  expect(issuesOf({ items: [{ ...keyboard, quantity: 2 ** 60 }] })).toEqual([
    { path: "items[0].quantity", message: "must be at most 10000" },
  ]);
  expect(issuesOf({ items: [{ ...keyboard, price: "NaN" }] })).toEqual([
    { path: "items[0].price", message: "must be a number" },
  ]);
});

test("odd keys are quoted in the path", () => {
  expect(issuesOf({ items: [keyboard], "a b": 1 })).toEqual([
    { path: '["a b"]', message: "is not an allowed field" },
  ]);
});

test("a long unknown promo code is shortened in the message", () => {
  const [issue] = issuesOf({ items: [keyboard], promo_code: "X".repeat(10_000) });
  expect(issue?.message.length).toBeLessThan(70);
});

test("the queue message round-trips through the message schema", () => {
  const request = parseOrderRequest({
    order_id: "ORD-7",
    items: [keyboard, { name: "Cable", price: 0.1, quantity: 1 }],
  });
  if (!request.ok) throw request.error;
  const message = toOrderMessage({
    ...request.value,
    userId: "alice",
    submittedAt: "2026-01-31T12:00:00.000Z",
  });
  expect(message).toEqual({
    order_id: "ORD-7",
    user_id: "alice",
    items: [keyboard, { name: "Cable", price: 0.1, quantity: 1 }],
    submitted_at: "2026-01-31T12:00:00.000Z",
  });
  const parsed = parseOrderMessage(JSON.parse(JSON.stringify(message)));
  expect(parsed).toEqual({
    ok: true,
    value: { ...request.value, userId: "alice", submittedAt: "2026-01-31T12:00:00.000Z" },
  });
});

test("a queue message needs order_id, user_id and submitted_at, and ignores extra fields", () => {
  const result = parseOrderMessage({ items: [keyboard], submitted_at: "yesterday", extra: 1 });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.issues.map((i) => i.path)).toEqual(["order_id", "user_id", "submitted_at"]);
  const ok = parseOrderMessage({
    order_id: "ORD-1",
    user_id: "bob",
    items: [keyboard],
    promo_code: null,
    submitted_at: "2026-01-31T12:00:00+01:00",
    trace: "x",
  });
  expect(ok.ok && ok.value.promoCode).toBeNull();
});

test("the request schema documents itself as JSON Schema", async () => {
  const { z } = await import("zod");
  const schema = z.toJSONSchema(orderRequestSchema, { io: "input" }) as Record<string, unknown>;
  expect(schema).toMatchObject({
    type: "object",
    required: ["items"],
    additionalProperties: false,
  });
});
