/*
 * FIFO ReceiveRequestAttemptId: a receive retried with the same attempt id within five minutes
 * gets the same messages and receipt handles back, as long as they are still in flight under
 * those handles (AWS also resets their visibility timeout).
 */
import type { StoredMessage } from "./stored-message.ts";

const WINDOW_MS = 5 * 60_000;

interface Attempt {
  messages: StoredMessage[];
  handles: (string | undefined)[];
  expires: number;
}

export class ReceiveAttempts {
  private readonly seen = new Map<string, Attempt>();

  replay(id: string, now: number): StoredMessage[] | undefined {
    const attempt = this.seen.get(id);
    if (!attempt || attempt.expires <= now) return undefined;
    const intact = attempt.messages.every(
      (m, i) => m.state === "inflight" && m.handle === attempt.handles[i],
    );
    return intact ? attempt.messages : undefined;
  }

  record(id: string, messages: StoredMessage[], now: number): void {
    for (const [key, attempt] of this.seen) if (attempt.expires <= now) this.seen.delete(key);
    if (messages.length === 0) return;
    this.seen.set(id, {
      messages,
      handles: messages.map((m) => m.handle),
      expires: now + WINDOW_MS,
    });
  }
}
