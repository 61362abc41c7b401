import { setTimeout as delay } from "node:timers/promises";
import { inspect } from "node:util";
import { type DurationLike, toMilliseconds } from "./duration.ts";

export interface PollOptions {
  timeout?: DurationLike;
  interval?: DurationLike;
  /** Names the thing being waited for in the error: "the invoice for ORD-1". */
  what?: string;
}

/** A probe answers a value; `undefined` means "not yet". */
export type Probe<T> = () => Promise<T | undefined> | T | undefined;

export class EventuallyError extends Error {
  readonly lastValue: unknown;
  constructor(message: string, lastValue: unknown, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "EventuallyError";
    this.lastValue = lastValue;
  }
}

function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: 120 });
}

/**
 * Polls `probe` until it answers something other than `undefined` (or an assertion inside it
 * stops throwing) and returns that value. When the deadline passes, the error names what was
 * awaited and shows the last value or error seen, because "timed out" alone explains nothing.
 */
export async function eventually<T>(probe: Probe<T>, options: PollOptions = {}): Promise<T> {
  const timeout = toMilliseconds(options.timeout ?? "10s");
  const interval = toMilliseconds(options.interval ?? "50ms");
  const what = options.what ?? "the condition";
  const deadline = Date.now() + timeout;
  let last: { value?: unknown; error?: unknown };
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) break;
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
  const seen =
    "error" in last && last.error !== undefined
      ? `the last attempt failed: ${last.error instanceof Error ? last.error.message : show(last.error)}`
      : `the last value seen was ${show(last.value)}`;
  throw new EventuallyError(
    `${what} did not happen within ${timeout} ms (${attempts} attempts); ${seen}`,
    last.value,
    last.error,
  );
}
