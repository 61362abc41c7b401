// Helpers for the API's tests (test code only): a server on port 0 over in-memory doubles,
// and an undici call that returns the status, headers and parsed body in one object.
import type { Readable } from "node:stream";
import { type Dispatcher, request } from "undici";
import { issueToken, type AuthConfig } from "./auth.ts";
import { fixedDlqStats, memoryOrderStore, memoryQueue } from "./memory-deps.ts";
import { startApi } from "./server.ts";
import type { ApiDeps, LogLine } from "./types.ts";

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

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface CallOptions {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  token?: string;
}

/** One request; a hang fails the test within seconds instead of stalling the suite. */
export async function call(base: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const answer = await request(`${base}${path}`, {
    method: options.method ?? "GET",
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
  });
  const text = await answer.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: answer.statusCode, headers: answer.headers, text, json };
}

export function postJson(base: string, path: string, body: unknown, token?: string) {
  return call(base, path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(token ? { token } : {}),
  });
}

export const keyboard = { name: "Keyboard", price: 349.99, quantity: 3 };
