/*
 * A fault of S3 or SQS that outlived the SDK's own three attempts, met again by the function:
 * a server error, throttling, or a connection cut. The record is tried again in the function
 * before it is failed, so that a good order is not dead-lettered by two short bad spells. A
 * record can be run again whole, because every write it makes is a create-once or harmless
 * twice (the invoice's conditional create, the notification's outbox).
 */
import { BatchEntryError } from "../../src/aws/send-batcher.ts";

interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  "SlowDown",
  "RequestThrottled",
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
]);
const NETWORK = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNREFUSED", "UND_ERR_SOCKET"]);

/** Whether trying again later may succeed: the service's fault, not the request's. */
export function isTransient(error: unknown): boolean {
  if (error instanceof BatchEntryError) return !error.senderFault;
  const e = (error ?? {}) as AwsErrorShape;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  if (e.$retryable !== undefined || THROTTLING.has(e.name ?? "")) return true;
  if (NETWORK.has(e.code ?? "")) return true;
  // A cut answer the SDK was still reading: its deserializer reports the aborted read.
  return status === undefined && /aborted|socket hang up|ECONNRESET/.test(e.message ?? "");
}

export interface RetryPolicy {
  /** Tries of the whole record, the first included. */
  attempts: number;
  /** The wait before the second try; it doubles after each, with up to half again of jitter. */
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of each transient failure that will be tried again. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/** Four tries in about 1.5 s at most: short against the functions' 30 s timeout. */
export const RECORD_RETRIES: RetryPolicy = { attempts: 4, baseDelayMs: 200 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryTransient<T>(work: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error)) throw error;
      policy.onRetry?.(error, attempt);
      const delay = policy.baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay + Math.random() * delay * 0.5);
    }
  }
}
