/*
 * One queue: its settings and its messages, each ready, delayed or in flight. Time is read
 * lazily: whatever fell due (a delay ending, a visibility timeout running out) is settled
 * whenever the queue is looked at, so counts are exact without a background tick; only long
 * polls arm a timer (see wait-list.ts).
 */
import type { Clock } from "../clock.ts";
import type { DedupEntry, QueueJournal, QueueSettings } from "./journal.ts";
import { FifoReady, StandardReady, type ReadySet } from "./ready-sets.ts";
import { MinHeap } from "./min-heap.ts";
import { ReceiveAttempts } from "./receive-attempts.ts";
import { readRedrivePolicy, type RedrivePolicy } from "./redrive-policy.ts";
import { newReceiptHandle, type StoredMessage } from "./stored-message.ts";
import { WaitList } from "./wait-list.ts";

/** Moves a message to the dead-letter queue; false when it cannot (the message stays). */
export type DeadLetter = (m: StoredMessage, policy: RedrivePolicy) => boolean;

interface Timed {
  m: StoredMessage;
  stamp: number;
}

export class Queue {
  readonly settings: QueueSettings;
  readonly byId = new Map<string, StoredMessage>();
  /** Messages by their latest receipt handle: a delete needs no decoding in the usual case. */
  readonly handles = new Map<string, StoredMessage>();
  /** FIFO deduplication records by key (the id, or group and id for per-group scope). */
  readonly dedup = new Map<string, DedupEntry>();
  readonly attempts = new ReceiveAttempts();
  readonly waits: WaitList;
  private readonly clock: Clock;
  private readonly journal: QueueJournal | undefined;
  private readonly ready: ReadySet;
  private readonly delayed = new MinHeap<Timed>();
  private readonly inflight = new MinHeap<Timed>();
  private delayedCount = 0;
  private inflightCount = 0;
  private redrive: { text: string | undefined; policy: RedrivePolicy | undefined } = {
    text: undefined,
    policy: undefined,
  };
  /** Hands out arrival order; shared by all queues so moved messages keep a sensible place. */
  private readonly nextSeq: () => number;

  constructor(
    settings: QueueSettings,
    clock: Clock,
    nextSeq: () => number,
    journal?: QueueJournal,
  ) {
    this.settings = settings;
    this.clock = clock;
    this.nextSeq = nextSeq;
    this.journal = journal;
    this.ready = settings.fifo ? new FifoReady() : new StandardReady();
    this.waits = new WaitList(clock);
  }

  get name(): string {
    return this.settings.name;
  }

  get arn(): string {
    return this.settings.arn;
  }

  get fifo(): boolean {
    return this.settings.fifo;
  }

  attribute(name: string): string | undefined {
    return this.settings.attributes[name];
  }

  seconds(name: string): number {
    return Number(this.settings.attributes[name] ?? 0);
  }

  get redrivePolicy(): RedrivePolicy | undefined {
    const text = this.settings.attributes.RedrivePolicy;
    if (text !== this.redrive.text) this.redrive = { text, policy: readRedrivePolicy(text) };
    return this.redrive.policy;
  }

  counts(now: number): { ready: number; delayed: number; inflight: number } {
    this.settle(now);
    return { ready: this.ready.size, delayed: this.delayedCount, inflight: this.inflightCount };
  }

  /** Places a new (or moved-in) message by its delay and wakes a waiting receive. */
  add(m: StoredMessage, now: number): void {
    this.place(m, now);
    this.journal?.putMessage(m);
    this.changed();
  }

  /** Places a message read back from disk. */
  restore(m: StoredMessage, now: number): void {
    this.place(m, now);
  }

  private place(m: StoredMessage, now: number): void {
    this.byId.set(m.id, m);
    if (m.handle) this.handles.set(m.handle, m);
    if (m.visibleAt > now) this.toInflight(m);
    else if (m.delayUntil > now) this.toDelayed(m);
    else this.toReady(m);
  }

  /**
   * Takes up to `max` messages, skipping those past their retention period and moving those
   * past the redrive policy's maxReceiveCount to the dead-letter queue, as a receive does.
   */
  receive(
    max: number,
    visibilitySeconds: number,
    now: number,
    deadLetter: DeadLetter,
  ): StoredMessage[] {
    this.settle(now);
    const taken: StoredMessage[] = [];
    const policy = this.redrivePolicy;
    const retention = this.seconds("MessageRetentionPeriod") * 1000;
    this.ready.take(max, (m) => {
      m.state = "gone";
      if (m.retainFrom + retention <= now) {
        this.forget(m);
        return false;
      }
      if (policy && m.receiveCount >= policy.maxReceiveCount && deadLetter(m, policy)) {
        this.forget(m);
        return false;
      }
      m.receiveCount++;
      m.firstReceiveTimestamp ??= now;
      m.receivedAt = now;
      if (m.handle) this.handles.delete(m.handle);
      m.handle = newReceiptHandle(this.arn, m.id);
      this.handles.set(m.handle, m);
      m.visibleAt = now + visibilitySeconds * 1000;
      this.toInflight(m);
      taken.push(m);
      return true;
    });
    for (const m of taken) {
      // A zero-second visibility timeout puts the message straight back, after the whole receive.
      if (visibilitySeconds === 0) this.comeBack(m);
      this.journal?.progress(m);
    }
    if (visibilitySeconds === 0 && taken.length > 0) this.changed();
    else this.rearm();
    return taken;
  }

  /** Removes and returns the next message a receive would get (a move task takes it). */
  shift(now: number): StoredMessage | undefined {
    this.settle(now);
    const retention = this.seconds("MessageRetentionPeriod") * 1000;
    let next: StoredMessage | undefined;
    this.ready.take(1, (m) => {
      m.state = "gone";
      this.forget(m);
      if (m.retainFrom + retention <= now) return false;
      next = m;
      return true;
    });
    return next;
  }

  /** A new visibility timeout for a message in flight; 0 makes it visible at once. */
  changeVisibility(m: StoredMessage, seconds: number, now: number): void {
    this.settle(now);
    if (m.state !== "inflight") return;
    if (seconds === 0) {
      m.visibleAt = now;
      this.comeBack(m);
      this.changed();
    } else {
      m.visibleAt = now + seconds * 1000;
      this.leaveInflight(m);
      this.toInflight(m);
      this.rearm();
    }
    this.journal?.progress(m);
  }

  delete(m: StoredMessage): void {
    if (m.state === "ready") this.ready.remove(m);
    else if (m.state === "inflight") this.leaveInflight(m);
    else if (m.state === "delayed") this.delayedCount--;
    m.state = "gone";
    this.forget(m);
    if (this.settings.fifo) this.changed();
  }

  purge(): void {
    for (const m of this.byId.values()) m.state = "gone";
    this.byId.clear();
    this.handles.clear();
    this.ready.clear();
    this.delayed.clear();
    this.inflight.clear();
    this.delayedCount = 0;
    this.inflightCount = 0;
    this.journal?.clearMessages();
  }

  /** FIFO queues apply a changed DelaySeconds to the messages still delayed. */
  redelay(now: number): void {
    const delay = this.seconds("DelaySeconds") * 1000;
    const waiting = [...this.byId.values()].filter((m) => m.state === "delayed");
    this.delayed.clear();
    this.delayedCount = 0;
    for (const m of waiting) {
      m.delayUntil = m.sentTimestamp + delay;
      if (m.delayUntil > now) this.toDelayed(m);
      else this.toReady(m);
      this.journal?.progress(m);
    }
    this.changed();
  }

  /** Whether a ready message would be delivered now (not blocked behind its FIFO group). */
  deliverable(m: StoredMessage): boolean {
    return this.ready.deliverable(m);
  }

  /** Moves whatever fell due by `now` from delayed and in flight to ready. */
  settle(now: number): void {
    for (
      let at = this.delayed.peekKey();
      at !== undefined && at <= now;
      at = this.delayed.peekKey()
    ) {
      const { m, stamp } = this.delayed.pop() as Timed;
      if (m.state !== "delayed" || m.stamp !== stamp) continue;
      this.delayedCount--;
      this.toReady(m);
    }
    for (
      let at = this.inflight.peekKey();
      at !== undefined && at <= now;
      at = this.inflight.peekKey()
    ) {
      const { m, stamp } = this.inflight.pop() as Timed;
      if (m.state !== "inflight" || m.stamp !== stamp) continue;
      this.comeBack(m);
    }
  }

  /** Ends every long poll on this queue. */
  close(): void {
    this.waits.endAll();
  }

  /** Wakes long polls for ready messages and keeps the next-event timer in place. */
  private changed(): void {
    if (this.waits.size === 0) return;
    if (this.ready.size > 0) this.waits.wake(this.ready.size);
    this.rearm();
  }

  rearm(): void {
    if (this.waits.size === 0) return;
    const next = Math.min(this.delayed.peekKey() ?? Infinity, this.inflight.peekKey() ?? Infinity);
    this.waits.arm(next === Infinity ? undefined : next, () => {
      this.settle(this.clock.now());
      this.changed();
    });
  }

  private comeBack(m: StoredMessage): void {
    this.leaveInflight(m);
    m.orderKey = this.nextSeq();
    this.toReady(m);
  }

  private toReady(m: StoredMessage): void {
    m.state = "ready";
    m.stamp++;
    this.ready.add(m);
  }

  private toDelayed(m: StoredMessage): void {
    m.state = "delayed";
    m.stamp++;
    this.delayed.push(m.delayUntil, { m, stamp: m.stamp });
    this.delayedCount++;
  }

  private toInflight(m: StoredMessage): void {
    m.state = "inflight";
    m.stamp++;
    this.inflight.push(m.visibleAt, { m, stamp: m.stamp });
    this.inflightCount++;
    this.ready.inflightChanged(m, true);
  }

  private leaveInflight(m: StoredMessage): void {
    if (m.state !== "inflight") return;
    m.state = "gone";
    this.inflightCount--;
    this.ready.inflightChanged(m, false);
  }

  private forget(m: StoredMessage): void {
    this.byId.delete(m.id);
    if (m.handle) this.handles.delete(m.handle);
    this.journal?.deleteMessage(m.id);
  }
}
