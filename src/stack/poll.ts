import { setTimeout as delay } from "node:timers/promises";

export interface PollOptions {
  /** What is being waited for, for the timeout message. */
  what: string;
  timeoutMs: number;
  intervalMs: number;
}

/**
 * Calls `check` until it returns a value (not undefined) or the deadline passes.
 * `check` throws to give up early (a function that went to Failed will not recover).
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${options.timeoutMs / 1000} s waiting for ${options.what}`);
    }
    await delay(options.intervalMs);
  }
}

/**
 * Retries a call while `retryable` says the error is passing (IAM changes take seconds to
 * reach Lambda on AWS), up to the deadline.
 */
export async function retryWhile<T>(
  call: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!retryable(error) || Date.now() >= deadline) throw error;
      await delay(options.intervalMs);
    }
  }
}
