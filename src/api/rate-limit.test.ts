import { PRUNE_AT, createRateLimiter, rateLimitFromEnv } from "./rate-limit.ts";
import { call, postJson } from "./testing/http.ts";
import { keyboard, startTestApi } from "./testing/test-api.ts";

test("a bucket allows a burst of its capacity, then refills at its rate", () => {
  const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 2 });
  const at = (ms: number) => limiter.take("alice", ms);
  expect([at(0), at(0), at(0)].every((v) => v.allowed)).toBe(true);
  expect(at(0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  expect(at(499).allowed).toBe(false);
  expect(at(500).allowed).toBe(true);
  expect(limiter.take("bob", 500).allowed).toBe(true);
});

test("Retry-After is the whole seconds until a token is back", () => {
  const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 0.1 });
  limiter.take("a", 0);
  expect(limiter.take("a", 0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  expect(limiter.take("a", 2_500)).toEqual({ allowed: false, retryAfterSeconds: 8 });
});

test("below PRUNE_AT users every bucket is kept, even one that has refilled", () => {
  const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 1 });
  limiter.take("a", 0);
  limiter.take("b", 60_000);
  expect(limiter.size()).toBe(2);
});

test("at PRUNE_AT users, a new user forgets the buckets that have refilled, and only those", () => {
  const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 1 });
  for (let i = 0; i < PRUNE_AT - 1; i++) limiter.take(`user-${i}`, 0);
  limiter.take("busy", 0);
  limiter.take("busy", 0);
  expect(limiter.size()).toBe(PRUNE_AT);
  // One second later every user is back to 2 of 2 tokens, but "busy" has only 1.
  limiter.take("newcomer", 1_000);
  expect(limiter.size()).toBe(2);
  expect(limiter.take("busy", 1_000).allowed).toBe(true);
  expect(limiter.take("busy", 1_000).allowed).toBe(false);
});

test("limits come from the environment, with defaults", () => {
  expect(rateLimitFromEnv({})).toEqual({ capacity: 20, refillPerSecond: 10 });
  expect(
    rateLimitFromEnv({ RATE_LIMIT_CAPACITY: "5", RATE_LIMIT_REFILL_PER_SECOND: "0.5" }),
  ).toEqual({ capacity: 5, refillPerSecond: 0.5 });
  expect(() => rateLimitFromEnv({ RATE_LIMIT_CAPACITY: "-1" })).toThrow(
    new Error("invalid environment: RATE_LIMIT_CAPACITY: Too small: expected number to be >0"),
  );
  expect(() => rateLimitFromEnv({ RATE_LIMIT_REFILL_PER_SECOND: "x" })).toThrow(
    new Error(
      "invalid environment: RATE_LIMIT_REFILL_PER_SECOND: Invalid input: expected number, received NaN",
    ),
  );
});

test("a burst from one user gets 429 with Retry-After; another user is unaffected", async () => {
  // A fixed clock: the bucket cannot refill during the test, so the outcome is exact.
  const api = await startTestApi({
    rateLimit: { capacity: 5, refillPerSecond: 0.5 },
    now: () => 1_700_000_000_000,
  });
  try {
    const [alice, bob] = await Promise.all([api.token("alice"), api.token("bob")]);
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        postJson(api.url, "/orders", { order_id: `ORD-burst-${i}`, items: [keyboard] }, alice),
      ),
    );
    const statuses = burst.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    const limited = burst.find((a) => a.status === 429)!;
    expect(limited.headers["retry-after"]).toBe("2");
    expect(limited.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(api.queue.messages).toHaveLength(5);
    const others = await Promise.all(
      Array.from({ length: 5 }, () => call(api.url, "/dlq/stats", { token: bob })),
    );
    expect(others.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  } finally {
    await api.close();
  }
});
