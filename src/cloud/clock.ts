/*
 * The cloud's one source of time. Every wait a service does (a long poll, a message's delay,
 * a visibility timeout that should wake a poller, a paced background task) goes through
 * `schedule` or `sleep`, never through a periodic tick, so that a clock that skips idle time
 * can jump straight to the next thing anybody is waiting for.
 */

export interface ScheduleOptions {
  /**
   * The wait's end only starts the same wait again (a Lambda poller's long poll on an empty
   * queue): a clock that skips idle time passes it on the way to another timer, but never
   * jumps just to reach it. Otherwise an idle stack's pollers would drive the clock ahead from
   * one long poll to the next, as fast as the machine runs.
   */
  renewable?: boolean;
}

export interface Clock {
  /** Milliseconds since the epoch, on this clock. */
  now(): number;
  /** Runs fn once, `ms` from now on this clock; returns a function that cancels it. */
  schedule(ms: number, fn: () => void, options?: ScheduleOptions): () => void;
  /** Resolves after `ms` on this clock, or early (resolving, not rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Builds `sleep` from `schedule`, for any clock. */
export function sleepOn(clock: Pick<Clock, "schedule">, ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      cancel();
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const cancel = clock.schedule(ms, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}

export const realClock: Clock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
  sleep(ms, signal) {
    return sleepOn(realClock, ms, signal);
  },
};
