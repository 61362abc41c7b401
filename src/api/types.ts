import type { OrderMessage } from "../domain/index.ts";
import type { AuthConfig } from "./auth.ts";
import type { DlqStats, OrderRecord } from "./schemas.ts";

export type { DlqStats, OrderRecord } from "./schemas.ts";

/** Where an order stands in the pipeline, read from what the Lambdas left behind. */
export type Progress =
  | { status: "QUEUED" }
  | { status: "PROCESSED"; total: string }
  | { status: "FAILED"; reason: string };

export interface OrderStore {
  /** Records a new order once; "exists" when the order_id is already taken. */
  create(record: OrderRecord): Promise<"created" | "exists">;
  get(orderId: string): Promise<OrderRecord | undefined>;
  progress(orderId: string): Promise<Progress>;
  /**
   * Records written before `before` (epoch ms) with neither an invoice nor a failure record:
   * the orders whose message may never have been sent.
   */
  waiting(before: number): Promise<OrderRecord[]>;
}

export interface OrderQueue {
  enqueue(message: OrderMessage): Promise<void>;
}

export interface DlqStatsSource {
  stats(): Promise<DlqStats>;
}

export interface RateLimitConfig {
  /** Requests a user may make in a burst. */
  capacity: number;
  /** Requests per second added back to each user's bucket. */
  refillPerSecond: number;
}

export type LogLine = Record<string, unknown> & { level: "info" | "warn" | "error"; msg: string };

export interface ApiDeps {
  orders: OrderStore;
  queue: OrderQueue;
  dlq: DlqStatsSource;
  auth: AuthConfig;
  rateLimit: RateLimitConfig;
  /** Structured log sink; JSON lines on stdout when absent. */
  log?: (line: LogLine) => void;
  /** Clock for tokens and rate limits; Date.now when absent. */
  now?: () => number;
  /**
   * Test seam: runs after an order's record is written and before its message is sent. When
   * it rejects, the request ends there as if the process had died: no answer, no message.
   */
  betweenRecordAndMessage?: (orderId: string) => Promise<void>;
}

export function jsonLineLogger(line: LogLine): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
}
