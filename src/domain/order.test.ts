import {
  ValidationError,
  orderMessageSchema,
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
  const message = (code: string) => issuesOf({ items: [keyboard], promo_code: code })[0]?.message;
  expect(message("X".repeat(10_000))).toBe(`unknown promo code "${"X".repeat(40)}…"`);
  expect(message("Y".repeat(40))).toBe(`unknown promo code "${"Y".repeat(40)}"`);
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

test("the queue message keeps the promo code, and leaves it out when there is none", () => {
  const base = {
    orderId: "ORD-7",
    userId: "alice",
    items: [],
    submittedAt: "2026-01-31T12:00:00Z",
  };
  expect(toOrderMessage({ ...base, promoCode: "SAVE20" }).promo_code).toBe("SAVE20");
  expect(toOrderMessage({ ...base, promoCode: null })).not.toHaveProperty("promo_code");
});

const message = {
  order_id: "ORD-1",
  user_id: "alice",
  items: [keyboard],
  submitted_at: "2026-01-31T12:00:00Z",
};

test("a user id is 1 to 128 of its allowed characters, and nothing around them", () => {
  const userIdError = "user_id: must match /^[A-Za-z0-9_.@:-]{1,128}$/";
  for (const userId of ["alice!", "!alice", "bad user", "", "a".repeat(129)]) {
    const result = parseOrderMessage({ ...message, user_id: userId });
    expect({ userId, reason: !result.ok && result.error.message }).toEqual({
      userId,
      reason: userIdError,
    });
  }
  for (const userId of ["a", "a".repeat(128), "alice.smith@example.com", "auth0:ab_C-9"]) {
    expect(parseOrderMessage({ ...message, user_id: userId }).ok).toBe(true);
  }
});

test("a rejected queue message gives the reason the failure record shows, word for word", () => {
  const reason = (input: unknown) => {
    const result = parseOrderMessage(input);
    return result.ok ? "accepted" : result.error.message;
  };
  expect(reason({ ...message, submitted_at: "2026-01-31T12:00:00" })).toBe(
    "submitted_at: must be an ISO 8601 date-time like 2026-01-31T12:00:00Z",
  );
  expect(reason({ ...message, user_id: "bad user", promo_code: "XYZ", submitted_at: "x" })).toBe(
    "user_id: must match /^[A-Za-z0-9_.@:-]{1,128}$/; " +
      'promo_code: unknown promo code "XYZ"; ' +
      "submitted_at: must be an ISO 8601 date-time like 2026-01-31T12:00:00Z",
  );
  expect(reason({})).toBe(
    "order_id: is required; user_id: is required; items: is required (and 1 more)",
  );
  expect(reason({ ...message, order_id: 7, user_id: "", items: [], promo_code: 5 })).toBe(
    "order_id: must be a string; user_id: must match /^[A-Za-z0-9_.@:-]{1,128}$/; " +
      "items: must have at least 1 item (and 1 more)",
  );
});

test("the schemas document themselves as JSON Schema, with descriptions and examples", async () => {
  const { z } = await import("zod");
  const { $schema: _, ...request } = z.toJSONSchema(orderRequestSchema, { io: "input" });
  expect(request).toEqual({
    type: "object",
    properties: {
      order_id: {
        type: "string",
        pattern: "^ORD-[A-Za-z0-9_-]{1,64}$",
        description: "ORD- followed by 1 to 64 of A-Z a-z 0-9 _ -",
        examples: ["ORD-1001"],
      },
      items: {
        type: "array",
        minItems: 1,
        maxItems: 100,
        items: {
          type: "object",
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200, examples: ["Keyboard"] },
            price: {
              type: "number",
              minimum: 0,
              maximum: 1000000,
              description: "Unit price in USD, at most 2 decimals",
              examples: [349.99],
            },
            quantity: { type: "integer", minimum: 1, maximum: 10000, examples: [3] },
          },
          required: ["name", "price", "quantity"],
          additionalProperties: false,
        },
      },
      promo_code: {
        type: "string",
        enum: ["SAVE10", "SAVE20", "SAVE30", "FREESHIP"],
        description: "SAVE10, SAVE20, SAVE30 or FREESHIP (5 %)",
      },
    },
    required: ["items"],
    additionalProperties: false,
  });
  const queued = z.toJSONSchema(orderMessageSchema, { io: "input" });
  expect(queued.properties?.user_id).toEqual({
    type: "string",
    pattern: "^[A-Za-z0-9_.@:-]{1,128}$",
    description: "1 to 128 of A-Z a-z 0-9 _ . @ : -",
    examples: ["alice"],
  });
});
