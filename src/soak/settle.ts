import { setTimeout as delay } from "node:timers/promises";
import type { Cloud } from "../cloud/index.ts";

/** Messages a queue still holds: ready, delayed and in flight (received, not yet deleted). */
export function queueDepth(cloud: Cloud, queue: string): number {
  const contents = cloud.inspectQueue(queue);
  if (!contents) throw new Error(`queue ${queue} does not exist`);
  return contents.ready.length + contents.delayed.length + contents.inflight.length;
}

export function depths(cloud: Cloud, queues: string[]): Record<string, number> {
  return Object.fromEntries(queues.map((q) => [q, queueDepth(cloud, q)]));
}

/**
 * Waits until every queue is empty, in flight included, on two looks a short while apart: a
 * message between two hops (task done, notification sent, task message not yet deleted) is
 * always in flight somewhere, so an empty look means the work is done; the second look lets
 * a write from a worker cut off by a fault land first. Returns what was left at the deadline.
 */
export async function waitUntilSettled(
  cloud: Cloud,
  queues: string[],
  deadline: number,
  options: { intervalMs?: number; onProgress?: (left: Record<string, number>) => void } = {},
): Promise<{ settled: boolean; left: Record<string, number> }> {
  const intervalMs = options.intervalMs ?? 250;
  let emptyLooks = 0;
  let lastReport = Date.now();
  for (;;) {
    const left = depths(cloud, queues);
    const empty = Object.values(left).every((n) => n === 0);
    emptyLooks = empty ? emptyLooks + 1 : 0;
    if (emptyLooks >= 2) return { settled: true, left };
    if (Date.now() >= deadline) return { settled: false, left };
    if (options.onProgress && Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      options.onProgress(left);
    }
    await delay(intervalMs);
  }
}

/**
 * Watches the task queue for messages that come back after a failed attempt (a receive count
 * of 1 or more once visible again, or 2 or more at all) and notes their order IDs. It samples,
 * so the count it gives is a lower bound.
 */
export function watchRetries(
  cloud: Cloud,
  queue: string,
  intervalMs = 100,
): { seen: Set<string>; stop(): void } {
  const seen = new Set<string>();
  const byMessage = new Map<string, string | null>();
  const note = (messageId: string, body: string) => {
    if (!byMessage.has(messageId)) byMessage.set(messageId, orderIdOf(body));
    const id = byMessage.get(messageId);
    if (id) seen.add(id);
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sample = () => {
    const started = performance.now();
    const contents = cloud.inspectQueue(queue);
    for (const m of contents?.ready ?? []) {
      if (m.approximateReceiveCount >= 1) note(m.messageId, m.body);
    }
    for (const m of contents?.inflight ?? []) {
      if (m.approximateReceiveCount >= 2) note(m.messageId, m.body);
    }
    // A look copies the whole queue: with a long backlog, look less often, so that watching
    // costs the system under test at most a few percent of the main thread.
    const cost = performance.now() - started;
    if (!stopped) timer = setTimeout(sample, Math.max(intervalMs, cost * 20));
  };
  timer = setTimeout(sample, intervalMs);
  return {
    seen,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function orderIdOf(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { order_id?: unknown }).order_id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}
