// In-memory doubles of the API's backing services, for the API's own unit tests only. They
// record every call, so a test can prove that a rejected request reached none of them.
import type { OrderMessage } from "../../domain/index.ts";
import type {
  DlqStats,
  DlqStatsSource,
  OrderQueue,
  OrderRecord,
  OrderStore,
  Progress,
} from "../types.ts";

export interface MemoryOrderStore extends OrderStore {
  records: Map<string, OrderRecord>;
  progressById: Map<string, Progress>;
  calls: string[];
}

export function memoryOrderStore(): MemoryOrderStore {
  const records = new Map<string, OrderRecord>();
  const progressById = new Map<string, Progress>();
  const createdAt = new Map<string, number>();
  const calls: string[] = [];
  return {
    records,
    progressById,
    calls,
    async create(record) {
      calls.push(`create ${record.order_id}`);
      if (records.has(record.order_id)) return "exists";
      records.set(record.order_id, structuredClone(record));
      createdAt.set(record.order_id, Date.now());
      return "created";
    },
    async get(orderId) {
      calls.push(`get ${orderId}`);
      return records.get(orderId);
    },
    async waiting(before) {
      calls.push(`waiting ${before}`);
      return [...records.values()].filter(
        (r) =>
          (createdAt.get(r.order_id) ?? 0) < before &&
          (progressById.get(r.order_id)?.status ?? "QUEUED") === "QUEUED",
      );
    },
    async progress(orderId) {
      calls.push(`progress ${orderId}`);
      return progressById.get(orderId) ?? { status: "QUEUED" };
    },
  };
}

export interface MemoryQueue extends OrderQueue {
  messages: OrderMessage[];
  /** Set to make the next enqueue fail like an unreachable SQS. */
  failNext: boolean;
}

export function memoryQueue(): MemoryQueue {
  const queue: MemoryQueue = {
    messages: [],
    failNext: false,
    async enqueue(message) {
      if (queue.failNext) {
        queue.failNext = false;
        throw new Error("queue unreachable");
      }
      queue.messages.push(structuredClone(message));
    },
  };
  return queue;
}

export function fixedDlqStats(stats: DlqStats): DlqStatsSource & { calls: number } {
  const source = {
    calls: 0,
    async stats() {
      source.calls += 1;
      return stats;
    },
  };
  return source;
}
