// The API for its own tests: a server on port 0 over in-memory doubles, and a sample line.
import { issueToken, type AuthConfig } from "../auth.ts";
import { fixedDlqStats, memoryOrderStore, memoryQueue } from "./memory-deps.ts";
import { startApi } from "../server.ts";
import type { ApiDeps, LogLine } from "../types.ts";

export const TEST_AUTH: AuthConfig = {
  secret: new TextEncoder().encode("a-test-secret-that-is-long-enough-for-hs256"),
  issuer: "orderflow",
  audience: "orderflow-api",
  ttlSeconds: 3600,
  maxRememberedTokens: 10_000,
};

export async function startTestApi(overrides: Partial<ApiDeps> = {}) {
  const orders = memoryOrderStore();
  const queue = memoryQueue();
  const dlq = fixedDlqStats({ waiting: 2, in_flight: 1, recorded_for_review: 3 });
  const logs: LogLine[] = [];
  const api = await startApi({
    port: 0,
    deps: {
      orders,
      queue,
      dlq,
      auth: TEST_AUTH,
      rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
      log: (line) => logs.push(line),
      ...overrides,
    },
  });
  return {
    ...api,
    orders,
    queue,
    dlq,
    logs,
    token: (userId: string) => issueToken(TEST_AUTH, userId, (overrides.now ?? Date.now)()),
  };
}

export const keyboard = { name: "Keyboard", price: 349.99, quantity: 3 };
