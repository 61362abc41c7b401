import { percentile } from "./stats.ts";

/** One order offered to the system and what became of it (epoch ms). */
export interface OrderRecord {
  orderId: string;
  submitAt: number;
  /** When the API's 202 arrived; undefined when it answered otherwise or failed. */
  acceptedAt?: number;
  status?: number;
  /** LastModified of invoices/<id>.json; undefined while it is missing. */
  invoicedAt?: number | undefined;
}

export interface LoadPlan {
  /** Orders per second. */
  rate: number;
  durationSeconds: number;
  /** Requests allowed in flight; beyond it the generator falls behind instead of piling on. */
  maxInFlight: number;
}

export interface LoadOutcome {
  records: OrderRecord[];
  /** The rate the generator actually achieved over the send window. */
  sentPerSecond: number;
  /** How late the last send left against its schedule (ms): large means the system pushed back. */
  lagMs: number;
}

/** Send offsets (ms from the start) of a steady rate: bounded in count by rate × duration. */
export function schedule(rate: number, durationSeconds: number): number[] {
  const count = Math.max(1, Math.round(rate * durationSeconds));
  return Array.from({ length: count }, (_, i) => (i * 1000) / rate);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Open-loop load: order i is sent at start + i/rate whether or not earlier ones have been
 * answered (closed loops hide queueing delay), up to maxInFlight. It stops by itself once the
 * schedule is done or 1.5 × the duration + 5 s has passed, whichever comes first.
 */
export async function offerLoad(
  plan: LoadPlan,
  newOrderId: () => string,
  submit: (orderId: string) => Promise<number>,
): Promise<LoadOutcome> {
  const offsets = schedule(plan.rate, plan.durationSeconds);
  const records: OrderRecord[] = [];
  const pending = new Set<Promise<void>>();
  const start = Date.now();
  // Slack for a busy machine, still a hard bound: a generator that falls behind stops anyway.
  const hardStop = start + plan.durationSeconds * 1500 + 5000;
  let lastSendAt = start;
  let lagMs = 0;
  for (const offset of offsets) {
    const due = start + offset;
    if (Date.now() < due) await sleep(due - Date.now());
    while (pending.size >= plan.maxInFlight) await Promise.race(pending);
    if (Date.now() > hardStop) break;
    const record: OrderRecord = { orderId: newOrderId(), submitAt: Date.now() };
    lastSendAt = record.submitAt;
    lagMs = Math.max(lagMs, record.submitAt - due);
    records.push(record);
    const p = submit(record.orderId).then(
      (status) => {
        record.status = status;
        if (status === 202) record.acceptedAt = Date.now();
      },
      () => {
        record.status = 0;
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
  await Promise.all(pending);
  const window = Math.max(1, lastSendAt - start) / 1000;
  return { records, sentPerSecond: records.length > 1 ? (records.length - 1) / window : 0, lagMs };
}

export interface StepVerdict {
  sustained: boolean;
  reasons: string[];
}

export interface StepEvidence {
  plan: LoadPlan;
  outcome: LoadOutcome;
  /** Messages still in any queue (task, notification, DLQ) after the drain. */
  leftBehind: number;
}

function latencies(records: OrderRecord[]): number[] {
  return records.filter((r) => r.invoicedAt !== undefined).map((r) => r.invoicedAt! - r.submitAt);
}

/**
 * A load is sustained when the generator kept its schedule, every order was accepted and
 * invoiced, nothing was left in a queue, invoices came out at ≥ 80% of the offered rate
 * (first submit to last invoice: a backlog that drains only after the step fails this), and
 * latency did not keep growing during the step (last quarter's median within twice the
 * first quarter's plus 100 ms).
 */
export function judgeStep(e: StepEvidence): StepVerdict {
  const reasons: string[] = [];
  const { records, sentPerSecond } = e.outcome;
  if (sentPerSecond < e.plan.rate * 0.95) {
    reasons.push(`offered only ${Math.round(sentPerSecond)}/s of ${e.plan.rate}/s`);
  }
  const refused = records.filter((r) => r.status !== 202).length;
  if (refused > 0) reasons.push(`${refused} orders not accepted`);
  const missing = records.filter((r) => r.status === 202 && r.invoicedAt === undefined).length;
  if (missing > 0) reasons.push(`${missing} accepted orders never invoiced`);
  if (e.leftBehind > 0) reasons.push(`${e.leftBehind} messages left in queues`);
  const completed = completionRate(records);
  if (records.length >= 20 && completed < e.plan.rate * 0.9) {
    reasons.push(`invoiced only ${Math.round(completed)}/s of ${e.plan.rate}/s (backlog built up)`);
  }
  const quarter = Math.floor(records.length / 4);
  if (quarter >= 5) {
    const first = latencies(records.slice(0, quarter));
    const last = latencies(records.slice(-quarter));
    if (first.length > 0 && last.length > 0) {
      const a = percentile(first, 50);
      const b = percentile(last, 50);
      if (b > 2 * a + 100) reasons.push(`latency grew from ${a} ms to ${b} ms during the step`);
    }
  }
  return { sustained: reasons.length === 0, reasons };
}

/** Invoiced orders per second, from the first submit to the last invoice. */
export function completionRate(records: OrderRecord[]): number {
  const done = records.filter((r) => r.invoicedAt !== undefined);
  if (done.length < 2) return 0;
  const first = Math.min(...done.map((r) => r.submitAt));
  const last = Math.max(...done.map((r) => r.invoicedAt!));
  return last > first ? done.length / ((last - first) / 1000) : 0;
}

/** Latency (submit → invoice readable) of every invoiced order, in ms. */
export function invoiceLatencies(records: OrderRecord[]): number[] {
  return latencies(records);
}
