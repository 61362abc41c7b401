/*
 * Long polls waiting on one queue. A waiter wakes when messages become ready, when its wait
 * ends, or when its caller gives up (the HTTP request closed). While anyone waits, one timer
 * stands at the queue's next event (a visibility timeout running out, a delay ending), so a
 * message coming back is delivered to a waiting poller at once, with no periodic tick.
 */
import type { Clock } from "../clock.ts";

interface Waiter {
  resolve(woken: boolean): void;
}

export class WaitList {
  private readonly clock: Clock;
  private readonly waiters = new Set<Waiter>();
  private alarmAt = Infinity;
  private cancelAlarm: (() => void) | undefined;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  get size(): number {
    return this.waiters.size;
  }

  /**
   * Resolves true when woken for new messages, false at the deadline or on abort. A renewable
   * wait (a Lambda poller's) does not make a skipping clock jump to its deadline.
   */
  wait(deadline: number, signal?: AbortSignal, renewable = false): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve(false);
        return;
      }
      const finish = (woken: boolean) => {
        if (!this.waiters.delete(waiter)) return;
        cancelTimer();
        signal?.removeEventListener("abort", onAbort);
        if (this.waiters.size === 0) this.disarm();
        resolve(woken);
      };
      const onAbort = () => finish(false);
      const waiter: Waiter = { resolve: finish };
      this.waiters.add(waiter);
      const cancelTimer = this.clock.schedule(deadline - this.clock.now(), () => finish(false), {
        renewable,
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Wakes up to `count` waiters, longest waiting first. */
  wake(count: number): void {
    for (const waiter of [...this.waiters].slice(0, count)) waiter.resolve(true);
  }

  /** Ends every wait (the queue is going away). */
  endAll(): void {
    for (const waiter of [...this.waiters]) waiter.resolve(false);
    this.disarm();
  }

  /** Keeps one timer at `at` while anyone waits; `fire` runs when it falls due. */
  arm(at: number | undefined, fire: () => void): void {
    if (this.waiters.size === 0 || at === undefined) {
      this.disarm();
      return;
    }
    if (at === this.alarmAt && this.cancelAlarm) return;
    this.disarm();
    this.alarmAt = at;
    this.cancelAlarm = this.clock.schedule(at - this.clock.now(), () => {
      this.cancelAlarm = undefined;
      this.alarmAt = Infinity;
      fire();
    });
  }

  private disarm(): void {
    this.cancelAlarm?.();
    this.cancelAlarm = undefined;
    this.alarmAt = Infinity;
  }
}
