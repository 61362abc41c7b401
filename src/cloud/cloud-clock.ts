/*
 * The embedded cloud's clock. In "real" mode it is the wall clock. In "skip" mode it runs at
 * real speed while the cloud works, and when the cloud has been idle for a moment it jumps
 * straight to the earliest pending timer (a visibility deadline, a delay, a long poll's end,
 * a batching window), as Temporal's test server skips time. A renewable timer (a Lambda
 * poller's long poll) is passed on the way but never jumped to on its own. Idle means: no
 * request being served except those parked in a wait, no invocation running, and no ready
 * work that a consumer of the cloud is about to take (the busy checks).
 */
import { sleepOn, type Clock, type ScheduleOptions } from "./clock.ts";

export type TimeMode = "real" | "skip";

export interface CloudClock extends Clock {
  readonly mode: TimeMode;
  /** The cloud is working: no jump until the returned function is called (once is enough). */
  hold(): () => void;
  /** A held request that now only waits on this clock (a long poll) lets time jump meanwhile. */
  idleWhile<T>(waiting: Promise<T>): Promise<T>;
  /** No jump while `check` answers true (ready work a consumer will take); returns a remover. */
  busyWhen(check: () => boolean): () => void;
  /** This clock minus the wall clock, in ms: what a worker thread adds to its own Date. */
  offset(): number;
  /** Cancels every timer (the cloud is stopping). */
  dispose(): void;
}

/** How long the cloud must stay idle before time jumps: longer than a hop between two steps. */
const IDLE_MOMENT_MS = 8;

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  /** Cancelled or fired: the heaps drop it when it reaches their top. */
  settled: boolean;
}

/** A binary min-heap of timers by due time, then by the order they were scheduled. */
class TimerHeap {
  private readonly items: Timer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Timer | undefined {
    return this.items[0];
  }

  /** The earliest timer still pending: settled ones at the top are dropped on the way. */
  firstPending(): Timer | undefined {
    while (this.items[0]?.settled) this.pop();
    return this.items[0];
  }

  push(timer: Timer): void {
    this.items.push(timer);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): Timer | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined || this.items.length === 0) return top;
    this.items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < this.items.length && this.before(left, least)) least = left;
      if (right < this.items.length && this.before(right, least)) least = right;
      if (least === i) return top;
      this.swap(i, least);
      i = least;
    }
  }

  clear(): void {
    this.items.length = 0;
  }

  private before(a: number, b: number): boolean {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
  }
}

class SkippingClock implements CloudClock {
  readonly mode = "skip";
  private shift = 0;
  private seq = 0;
  private readonly timers = new TimerHeap();
  /** The timers a jump may aim at: every one but the renewable ones. */
  private readonly targets = new TimerHeap();
  private held = 0;
  private parked = 0;
  /** Bumped by every change of activity: an idle moment must see none. */
  private epoch = 0;
  private readonly checks = new Set<() => boolean>();
  private dueTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  now(): number {
    return Date.now() + this.shift;
  }

  offset(): number {
    return this.shift;
  }

  schedule(ms: number, fn: () => void, options: ScheduleOptions = {}): () => void {
    const timer: Timer = {
      at: this.now() + Math.max(0, ms),
      seq: this.seq++,
      fn,
      settled: false,
    };
    this.timers.push(timer);
    if (!options.renewable) this.targets.push(timer);
    if (this.timers.peek() === timer) this.armDueTimer();
    this.considerJump();
    return () => {
      timer.settled = true;
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  hold(): () => void {
    this.held += 1;
    this.touch();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= 1;
      this.touch();
    };
  }

  async idleWhile<T>(waiting: Promise<T>): Promise<T> {
    this.parked += 1;
    this.touch();
    try {
      return await waiting;
    } finally {
      this.parked -= 1;
      this.touch();
    }
  }

  busyWhen(check: () => boolean): () => void {
    this.checks.add(check);
    return () => {
      this.checks.delete(check);
      this.touch();
    };
  }

  dispose(): void {
    this.timers.clear();
    this.targets.clear();
    clearTimeout(this.dueTimer);
    clearTimeout(this.idleTimer);
    this.dueTimer = undefined;
    this.idleTimer = undefined;
  }

  private touch(): void {
    this.epoch += 1;
    this.considerJump();
  }

  private idle(): boolean {
    if (this.held > this.parked) return false;
    for (const check of this.checks) if (check()) return false;
    return true;
  }

  /** Starts an idle moment when the cloud looks idle and something waits on a timer. */
  private considerJump(): void {
    if (this.idleTimer || this.held > this.parked || !this.targets.firstPending()) return;
    const epoch = this.epoch;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.epoch !== epoch) return this.considerJump();
      // A busy check may turn false without telling anyone: look again a moment later.
      if (!this.idle()) return this.considerJump();
      this.jump();
    }, IDLE_MOMENT_MS);
    this.idleTimer.unref();
  }

  private jump(): void {
    const next = this.targets.firstPending();
    if (next) this.fireDue(next.at);
  }

  /**
   * Fires every timer due by now, or by `until` when the clock jumps there: earliest first,
   * each at its own time (the clock moves to it before it fires). Then arms the wall-clock
   * timer for the next.
   */
  private fireDue(until = this.now()): void {
    clearTimeout(this.dueTimer);
    this.dueTimer = undefined;
    for (
      let next = this.timers.firstPending();
      next && next.at <= Math.max(until, this.now());
      next = this.timers.firstPending()
    ) {
      this.timers.pop();
      const ahead = next.at - this.now();
      if (ahead > 0) this.shift += ahead;
      next.settled = true;
      next.fn();
    }
    this.epoch += 1;
    this.armDueTimer();
    this.considerJump();
  }

  /** The earliest timer also fires in real time when nothing lets the clock jump. */
  private armDueTimer(): void {
    clearTimeout(this.dueTimer);
    const next = this.timers.firstPending();
    this.dueTimer = next
      ? setTimeout(() => this.fireDue(), Math.max(0, next.at - this.now()))
      : undefined;
  }
}

/** The wall clock, with the activity calls as no-ops. */
function realCloudClock(): CloudClock {
  const timers = new Set<NodeJS.Timeout>();
  return {
    mode: "real",
    now: () => Date.now(),
    schedule(ms, fn) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          fn();
        },
        Math.max(0, ms),
      );
      timers.add(timer);
      return () => {
        clearTimeout(timer);
        timers.delete(timer);
      };
    },
    sleep(ms, signal) {
      return sleepOn(this, ms, signal);
    },
    hold: () => () => {},
    idleWhile: (waiting) => waiting,
    busyWhen: () => () => {},
    offset: () => 0,
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export function createCloudClock(mode: TimeMode = "real"): CloudClock {
  return mode === "skip" ? new SkippingClock() : realCloudClock();
}
