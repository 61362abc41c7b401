// Test support: the SDK's own retries, without the waits between them.
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type { ClientTuning } from "../config.ts";

/**
 * The SDK's standard retries (three attempts, the same errors retried, the same retry quota)
 * with no backoff between attempts: for tests whose claims are about which calls are retried
 * and how often, not about how long the SDK waits in between.
 */
export const noBackoff: ClientTuning = {
  retryStrategy: () => new ConfiguredRetryStrategy(3, 0),
};
