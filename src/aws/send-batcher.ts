import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** SendMessageBatch takes at most ten entries. */
export const MAX_BATCH_ENTRIES = 10;
/**
 * The whole batch's bodies together. AWS and fauxqs take 1 MiB since 2025; older emulators
 * (and LocalStack's defaults) 256 KiB, so batches stay under the smaller figure.
 */
export const MAX_BATCH_BYTES = 256 * 1024;

/** One entry SQS refused in a batch; `senderFault` says whether resending can help. */
export class BatchEntryError extends Error {
  override readonly name = "BatchEntryError";
  readonly code: string;
  readonly senderFault: boolean;
  constructor(code: string, detail: string, senderFault: boolean) {
    super(`SQS refused the message: ${code}: ${detail}`);
    this.code = code;
    this.senderFault = senderFault;
  }
}

interface Pending {
  body: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface SendBatcher {
  /** Resolves once SQS has accepted this message; rejects with why it did not. */
  send(body: string): Promise<void>;
}

function settle(entries: Pending[], answer: SendMessageBatchCommandOutput): void {
  const failed = new Map((answer.Failed ?? []).map((f) => [f.Id, f]));
  const succeeded = new Set((answer.Successful ?? []).map((s) => s.Id));
  entries.forEach((entry, i) => {
    const id = String(i);
    const failure = failed.get(id);
    if (succeeded.has(id)) entry.resolve();
    else if (failure) {
      const code = failure.Code ?? "Unknown";
      entry.reject(new BatchEntryError(code, failure.Message ?? "", failure.SenderFault ?? false));
    } else entry.reject(new BatchEntryError("Missing", "the answer did not mention it", false));
  });
}

/**
 * How long a message waits for the batch in flight to be answered before it goes out anyway:
 * long enough for a call to a nearby endpoint, short next to a slow one.
 */
export const HOLD_MS = 5;

/**
 * Coalesces the messages sent to one queue into SendMessageBatch calls, and each caller still
 * learns whether its own message was taken. With no call in flight a message waits at most
 * until the current round of I/O callbacks is done, so a lone message goes out alone, as soon
 * as it would have anyway. While a call is in flight, messages gather until it is answered
 * (at most HOLD_MS): under load that turns several requests into one.
 */
export function sqsSendBatcher(
  sqs: SQSClient,
  queueUrl: () => Promise<string> | string,
): SendBatcher {
  let pending: Pending[] = [];
  let bytes = 0;
  let inFlight = 0;
  let scheduled: NodeJS.Immediate | undefined;
  let held: NodeJS.Timeout | undefined;

  const dispatch = async (entries: Pending[]) => {
    inFlight++;
    try {
      const answer = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: await queueUrl(),
          Entries: entries.map((e, i) => ({ Id: String(i), MessageBody: e.body })),
        }),
      );
      settle(entries, answer);
    } catch (error) {
      for (const entry of entries) entry.reject(error);
    } finally {
      inFlight--;
      if (inFlight === 0) flush();
    }
  };

  function flush() {
    if (scheduled) clearImmediate(scheduled);
    if (held) clearTimeout(held);
    scheduled = undefined;
    held = undefined;
    const entries = pending;
    pending = [];
    bytes = 0;
    if (entries.length > 0) void dispatch(entries);
  }

  return {
    send(body) {
      const size = Buffer.byteLength(body);
      if (pending.length > 0 && bytes + size > MAX_BATCH_BYTES) flush();
      const accepted = new Promise<void>((resolve, reject) => {
        pending.push({ body, resolve, reject });
      });
      bytes += size;
      if (pending.length >= MAX_BATCH_ENTRIES) flush();
      else if (inFlight === 0) scheduled ??= setImmediate(flush);
      else held ??= setTimeout(flush, HOLD_MS);
      return accepted;
    },
  };
}
