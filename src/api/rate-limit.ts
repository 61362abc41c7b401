import type { RateLimitConfig } from "./types.ts";
import * as z from "zod";
import { formatPath } from "../domain/index.ts";

export interface RateLimiter {
  /** Takes one token from `key`'s bucket; when empty, the seconds until one is back. */
  take(
    key: string,
    nowMs: number,
  ): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** How many users' buckets are held: what pruning keeps bounded. */
  size(): number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Past this many users, buckets that have refilled completely are forgotten. */
export const PRUNE_AT = 10_000;

export function createRateLimiter(config: RateLimitConfig): RateLimiter {
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, nowMs: number): void {
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(config.capacity, bucket.tokens + elapsed * config.refillPerSecond);
    bucket.updatedMs = nowMs;
  }

  function prune(nowMs: number): void {
    for (const [key, bucket] of buckets) {
      refill(bucket, nowMs);
      if (bucket.tokens >= config.capacity) buckets.delete(key);
    }
  }

  return {
    take(key, nowMs) {
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= PRUNE_AT) prune(nowMs);
        bucket = { tokens: config.capacity, updatedMs: nowMs };
        buckets.set(key, bucket);
      }
      refill(bucket, nowMs);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      const seconds = (1 - bucket.tokens) / config.refillPerSecond;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
    },
    size: () => buckets.size,
  };
}

const rateEnvSchema = z.object({
  RATE_LIMIT_CAPACITY: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_REFILL_PER_SECOND: z.coerce.number().positive().default(10),
});

/** RATE_LIMIT_CAPACITY (default 20) and RATE_LIMIT_REFILL_PER_SECOND (default 10). */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const parsed = rateEnvSchema.safeParse(env);
  if (!parsed.success) {
    // zod reports at least one issue for a failed parse.
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid environment: ${formatPath(issue.path)}: ${issue.message}`);
  }
  return {
    capacity: parsed.data.RATE_LIMIT_CAPACITY,
    refillPerSecond: parsed.data.RATE_LIMIT_REFILL_PER_SECOND,
  };
}
