// Test support: a clock that moves only when a test says so, so that visibility timeouts,
// delays, retention and long polls can be tested without waiting in real time.
import { sleepOn, type Clock } from "../clock.ts";

interface Timer {
  at: number;
  order: number;
  fn: () => void;
}

/** Lets promise continuations (and the I/O callbacks they wait on) run before time moves on. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ManualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private order = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.current + Math.max(0, ms), order: this.order++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Timers waiting to run. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, running every timer that falls due on the way at its own
   * time, in order, and letting the work each one starts settle before the next.
   */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    await settle();
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.at;
      next.fn();
      await settle();
    }
    this.current = end;
    await settle();
  }

  private nextDue(end: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.at > end) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.order < best.order)) best = t;
    }
    return best;
  }
}
