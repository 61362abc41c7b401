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

/**
 * Checks that `probe` keeps answering `undefined` (absent) for the whole window, reading it
 * again and again, and fails at the first read that finds something. One read at the end
 * would miss a thing that appears and is then removed, or one that appears late.
 */
export async function staysAbsent<T>(
  probe: Probe<T>,
  options: PollOptions & { for: DurationLike },
): Promise<void> {
  const window = toMilliseconds(options.for);
  const interval = toMilliseconds(options.interval ?? "100ms");
  const what = options.what ?? "the thing";
  const started = Date.now();
  const deadline = started + window;
  let reads = 0;
  for (;;) {
    reads += 1;
    const value = await probe();
    if (value !== undefined) {
      throw new EventuallyError(
        `${what} was expected to stay absent for ${window} ms but appeared after ${Date.now() - started} ms (read ${reads}): ${show(value)}`,
        value,
      );
    }
    if (Date.now() >= deadline) return;
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}
