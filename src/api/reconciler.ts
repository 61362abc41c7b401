/*
 * The backstop for the window between an order's record and its message: a process that dies
 * between the two writes, or a 503 whose client never retries, leaves a record that no message
 * will ever settle. Every so often the reconciler looks for records older than a deadline with
 * neither an invoice nor a failure record, and sends their messages again. A message that was
 * not lost after all is then delivered twice, which the task function's create-once invoice
 * makes harmless; the deadline must outlast a message's life in the queues (every receive
 * and the dead-letter queue's processing) so that a second copy is rare.
 */
import { messageOf } from "./record-message.ts";
import type { ApiDeps, LogLine } from "./types.ts";

export interface ReconcilerOptions {
  /** A record with no outcome this long after it was written has its message sent again. */
  olderThanMs: number;
  /** Time between two passes. */
  intervalMs: number;
}

/**
 * Fifteen minutes: production's messages live at most two receives of 180 s, then a few
 * seconds in the dead-letter queue's function. A pass a minute.
 */
export const RECONCILE_DEFAULTS: ReconcilerOptions = {
  olderThanMs: 15 * 60_000,
  intervalMs: 60_000,
};

type Deps = Pick<ApiDeps, "orders" | "queue">;

/** One pass: sends again the message of every order still waiting at `cutoff`; answers their IDs. */
export async function resendWaiting(
  deps: Deps,
  cutoff: number,
  log: (line: LogLine) => void,
): Promise<string[]> {
  const sent: string[] = [];
  for (const record of await deps.orders.waiting(cutoff)) {
    await deps.queue.enqueue(messageOf(record));
    log({ level: "warn", msg: "order message sent again", order_id: record.order_id });
    sent.push(record.order_id);
  }
  return sent;
}

export interface Reconciler {
  stop(): Promise<void>;
}

export function startReconciler(
  deps: Deps,
  options: ReconcilerOptions,
  log: (line: LogLine) => void,
  now: () => number,
): Reconciler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const pass = async () => {
    try {
      await resendWaiting(deps, now() - options.olderThanMs, log);
    } catch (error) {
      // The stores are failing right now; the next pass looks again.
      log({ level: "warn", msg: "reconciler pass failed", error: String(error) });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
