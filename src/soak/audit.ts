import type { PlannedOrder } from "./orders.ts";

/** What the campaign knows besides the bucket: what was sent and what the API answered. */
export interface CampaignRecord {
  plan: PlannedOrder[];
  /** Good orders the API answered 202. */
  accepted: Set<string>;
  /** Good orders the API did not accept, with the answer (status or error). */
  refused: Map<string, string>;
  /** Poison orders put on the task queue. */
  poisonSent: Set<string>;
  /** Orders never sent (the deadline passed) or whose send failed, with why. */
  notSent: Map<string, string>;
  /** Orders whose task message was seen back in the queue after a failed attempt. */
  retriedSeen: Set<string>;
}

/** A failure record as far as the audit reads it. */
export interface FailureSummary {
  reason: string;
  receiveCount: number | null;
}

export interface AuditInput extends CampaignRecord {
  keys: string[];
  failures: Map<string, FailureSummary>;
  /** Receives before SQS moves a task message to the dead-letter queue. */
  maxReceiveCount: number;
  /** Messages left in each queue after settling (ready + delayed + in flight). */
  queuesLeft: Record<string, number>;
}

export interface AuditFigures {
  goodSent: number;
  goodAccepted: number;
  goodRefused: number;
  notSent: number;
  poisonSent: number;
  invoicedFirstTry: number;
  invoicedAfterRetry: number;
  deadLetteredGood: number;
  poisonRecorded: number;
  lost: number;
  duplicated: number;
  incomplete: number;
  misplaced: number;
  strayKeys: number;
  queuedLeft: number;
}

export interface Audit {
  figures: AuditFigures;
  /** Every broken rule, one line each (the first few per rule). */
  violations: string[];
  ok: boolean;
}

const KEY = /^(orders|invoices|notifications|failed)\/(.+)\.json$/;
const EXAMPLES = 5;

type Place = "orders" | "invoices" | "notifications" | "failed";

function keysById(keys: string[]): { byId: Map<string, Set<Place>>; unparsed: string[] } {
  const byId = new Map<string, Set<Place>>();
  const unparsed: string[] = [];
  for (const key of keys) {
    const match = KEY.exec(key);
    if (!match) {
      unparsed.push(key);
      continue;
    }
    const id = match[2]!;
    const places = byId.get(id) ?? new Set<Place>();
    places.add(match[1] as Place);
    byId.set(id, places);
  }
  return { byId, unparsed };
}

class Violations {
  readonly lines: string[] = [];
  private readonly counts = new Map<string, number>();
  add(rule: string, detail: string): void {
    const n = (this.counts.get(rule) ?? 0) + 1;
    this.counts.set(rule, n);
    if (n <= EXAMPLES) this.lines.push(`${rule}: ${detail}`);
    else if (n === EXAMPLES + 1) this.lines.push(`${rule}: ... (more)`);
  }
}

/**
 * Checks that every order ended in exactly one place: an accepted good order in one invoice
 * and one notification, or (when every attempt met a fault) one failure record; a poison order
 * in one failure record; nothing else in the bucket and nothing left in any queue.
 */
export function audit(input: AuditInput): Audit {
  const { byId, unparsed } = keysById(input.keys);
  const v = new Violations();
  const f: AuditFigures = {
    goodSent: 0,
    goodAccepted: input.accepted.size,
    goodRefused: input.refused.size,
    notSent: input.notSent.size,
    poisonSent: input.poisonSent.size,
    invoicedFirstTry: 0,
    invoicedAfterRetry: 0,
    deadLetteredGood: 0,
    poisonRecorded: 0,
    lost: 0,
    duplicated: 0,
    incomplete: 0,
    misplaced: 0,
    strayKeys: unparsed.length,
    queuedLeft: Object.values(input.queuesLeft).reduce((a, b) => a + b, 0),
  };
  for (const key of unparsed) v.add("stray key", key);
  for (const [id, why] of input.notSent) v.add("order not sent", `${id}: ${why}`);
  for (const [refusedId, answer] of input.refused)
    v.add("order refused by the API", `${refusedId}: ${answer}`);

  const known = new Set<string>();
  for (const order of input.plan) {
    const places = byId.get(order.orderId) ?? new Set<Place>();
    known.add(order.orderId);
    if (order.kind === "good") {
      if (input.accepted.has(order.orderId) || input.refused.has(order.orderId)) f.goodSent += 1;
      checkGood(order.orderId, places, input, f, v);
    } else {
      checkPoison(order.orderId, places, input, f, v);
    }
  }
  for (const [id, places] of byId) {
    if (known.has(id)) continue;
    f.strayKeys += places.size;
    v.add("stray key", `${[...places].join(", ")} for ${id}, which no order of the campaign has`);
  }
  for (const [queue, left] of Object.entries(input.queuesLeft)) {
    if (left > 0) v.add("queue not empty", `${queue}: ${left} message(s) left`);
  }
  return { figures: f, violations: v.lines, ok: v.lines.length === 0 };
}

function checkGood(
  id: string,
  places: Set<Place>,
  input: AuditInput,
  f: AuditFigures,
  v: Violations,
): void {
  if (!input.accepted.has(id)) {
    if (places.size > 0) {
      f.misplaced += 1;
      v.add("refused order left objects", `${id}: ${[...places].join(", ")}`);
    }
    return;
  }
  if (!places.has("orders")) {
    f.lost += 1;
    v.add("accepted order has no order record", id);
  }
  const invoiced = places.has("invoices");
  const notified = places.has("notifications");
  const failed = places.has("failed");
  if (invoiced && failed) {
    f.duplicated += 1;
    v.add("order both invoiced and recorded as failed", id);
  } else if (invoiced !== notified) {
    f.incomplete += 1;
    v.add(
      "invoice and notification do not match",
      `${id}: invoice ${invoiced}, notification ${notified}`,
    );
  } else if (invoiced) {
    if (input.retriedSeen.has(id)) f.invoicedAfterRetry += 1;
    else f.invoicedFirstTry += 1;
  } else if (failed) {
    f.deadLetteredGood += 1;
    const failure = input.failures.get(id);
    // A good order only fails by meeting faults; it may be dead-lettered only after it met
    // one on every attempt of its retry budget.
    if ((failure?.receiveCount ?? 0) < input.maxReceiveCount) {
      f.misplaced += 1;
      v.add(
        "good order dead-lettered before its retry budget was spent",
        `${id}: receive_count_including_dlq ${failure?.receiveCount ?? "missing"}`,
      );
    }
  } else if (places.has("orders")) {
    f.lost += 1;
    v.add("accepted order lost (no invoice, no failure record)", id);
  }
}

function checkPoison(
  id: string,
  places: Set<Place>,
  input: AuditInput,
  f: AuditFigures,
  v: Violations,
): void {
  if (!input.poisonSent.has(id)) return;
  const others = [...places].filter((p) => p !== "failed");
  if (others.length > 0) {
    f.misplaced += 1;
    v.add("poison order has objects besides its failure record", `${id}: ${others.join(", ")}`);
  }
  if (!places.has("failed")) {
    f.lost += 1;
    v.add("poison order has no failure record", id);
    return;
  }
  f.poisonRecorded += 1;
  const reason = input.failures.get(id)?.reason ?? "";
  if (!/must be at least 0/.test(reason)) {
    f.misplaced += 1;
    v.add("poison order recorded with the wrong reason", `${id}: "${reason}"`);
  }
}
