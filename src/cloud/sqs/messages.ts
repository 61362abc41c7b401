/*
 * Sending, receiving, deleting and changing the visibility of messages, with AWS's rules:
 * FIFO groups and deduplication, delays, long polls, redrive to a dead-letter queue.
 */
import { createHash, randomUUID } from "node:crypto";
import {
  invalidParameter,
  invalidReceiptHandle,
  invalidValue,
  missingParameter,
} from "./errors.ts";
import {
  checkBody,
  checkFifoId,
  checkMessageAttributes,
  checkSystemAttributes,
  messageSize,
} from "./message-checks.ts";
import { md5Hex, md5OfAttributes, type AttributeMap } from "./md5.ts";
import type { SqsModel } from "./model.ts";
import type { DeadLetter, Queue } from "./queue.ts";
import {
  arriving,
  contentOf,
  readReceiptHandle,
  type MessageContent,
  type StoredMessage,
} from "./stored-message.ts";

export interface SendInput {
  body?: string | undefined;
  delaySeconds?: number | undefined;
  attributes?: AttributeMap | undefined;
  systemAttributes?: AttributeMap | undefined;
  groupId?: string | undefined;
  dedupId?: string | undefined;
  /** From the request's X-Amzn-Trace-Id header; an explicit AWSTraceHeader wins. */
  traceHeader?: string | undefined;
}

export interface SendResult {
  messageId: string;
  md5OfBody: string;
  md5OfAttributes?: string | undefined;
  md5OfSystemAttributes?: string | undefined;
  sequenceNumber?: string | undefined;
}

/** One message handed to a receiver, as it was at that receive. */
export interface Delivery {
  message: MessageContent;
  handle: string;
  receiveCount: number;
  firstReceiveTimestamp: number;
}

export interface ReceiveOptions {
  max: number;
  visibilityTimeout?: number;
  waitSeconds?: number;
  attemptId?: string;
  /** Ends a long poll early; asked for only when the receive has to wait. */
  clientGone?: () => AbortSignal;
  /**
   * How a long poll waits: an HTTP receive parks its request, so that a clock that skips idle
   * time may jump while it waits.
   */
  parked?: <T>(waiting: Promise<T>) => Promise<T>;
  /** A Lambda poller's receive: its long poll starts again when it ends empty. */
  renewable?: boolean;
}

const DEDUP_WINDOW_MS = 5 * 60_000;
const MAX_VISIBILITY_SECONDS = 43_200;

export const DELAY_LIMIT_REASON = "DelaySeconds must be >= 0 and <= 900.";

/** Everything a single message must satisfy on this queue; `inBatch` words size errors as AWS does there. */
function checkSend(
  queue: Queue,
  input: SendInput,
  inBatch: boolean,
): asserts input is SendInput & { body: string } {
  checkBody(input.body);
  const max = queue.seconds("MaximumMessageSize");
  if (messageSize(input.body, input.attributes) > max) {
    throw invalidParameter(
      `One or more parameters ${inBatch ? "cannot be validated" : "are invalid"}. Reason: Message must be shorter than ${max} bytes.`,
    );
  }
  checkMessageAttributes(input.attributes);
  checkSystemAttributes(input.systemAttributes);
  checkFifoId(input.dedupId, "MessageDeduplicationId");
  checkFifoId(input.groupId, "MessageGroupId");
  const delay = input.delaySeconds;
  if (delay !== undefined && (delay < 0 || delay > 900)) {
    throw invalidValue(delay, "DelaySeconds", DELAY_LIMIT_REASON);
  }
  if (!queue.fifo) {
    if (input.dedupId !== undefined) {
      throw invalidValue(
        input.dedupId,
        "MessageDeduplicationId",
        "The request includes a parameter that is not valid for this queue type.",
      );
    }
    return;
  }
  if (delay) {
    throw invalidValue(
      delay,
      "DelaySeconds",
      "The request include parameter that is not valid for this queue type.",
    );
  }
  if (input.groupId === undefined) throw missingParameter("MessageGroupId");
  if (input.dedupId === undefined && queue.attribute("ContentBasedDeduplication") !== "true") {
    throw invalidParameter(
      "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    );
  }
}

export function send(model: SqsModel, queue: Queue, input: SendInput, inBatch = false): SendResult {
  checkSend(queue, input, inBatch);
  const body = input.body;
  const now = model.clock.now();
  const traceHeader = input.systemAttributes?.AWSTraceHeader?.StringValue ?? input.traceHeader;
  const systemAttributes = traceHeader
    ? { AWSTraceHeader: { DataType: "String", StringValue: traceHeader } }
    : undefined;
  const attributesMd5 = md5OfAttributes(input.attributes);
  const bodyMd5 = md5Hex(body);
  const result = (messageId: string, sequenceNumber?: string): SendResult => ({
    messageId,
    md5OfBody: bodyMd5,
    ...(attributesMd5 ? { md5OfAttributes: attributesMd5 } : {}),
    ...(input.systemAttributes ? { md5OfSystemAttributes: md5OfAttributes(systemAttributes) } : {}),
    ...(sequenceNumber ? { sequenceNumber } : {}),
  });
  let dedupKey: string | undefined;
  let dedupId: string | undefined;
  if (queue.fifo) {
    dedupId = input.dedupId ?? createHash("sha256").update(body).digest("hex");
    dedupKey =
      queue.settings.dedupScope === "messageGroup" ? `${input.groupId}\u0000${dedupId}` : dedupId;
    const seen = queue.dedup.get(dedupKey);
    if (seen && seen.expires > now) return result(seen.messageId, seen.sequenceNumber);
  }
  const delaySeconds = queue.fifo
    ? queue.seconds("DelaySeconds")
    : (input.delaySeconds ?? queue.seconds("DelaySeconds"));
  const m = arriving(
    {
      id: randomUUID(),
      body,
      md5OfBody: bodyMd5,
      attributes: attributesMd5 ? input.attributes : undefined,
      md5OfAttributes: attributesMd5,
      traceHeader,
      sentTimestamp: now,
      senderId: model.accountId,
      groupId: input.groupId,
      dedupId,
      sequenceNumber: dedupId === undefined ? undefined : model.nextSequenceNumber(),
      receiveCount: 0,
      delayUntil: delaySeconds > 0 ? now + delaySeconds * 1000 : 0,
      retainFrom: now,
    },
    model.nextSeq(),
  );
  model.write(() => {
    queue.add(m, now);
    if (dedupKey !== undefined) {
      model.rememberDedup(queue, {
        key: dedupKey,
        messageId: m.id,
        sequenceNumber: m.sequenceNumber ?? "",
        expires: now + DEDUP_WINDOW_MS,
      });
    }
  });
  return result(m.id, m.sequenceNumber);
}

/** Moves a message past maxReceiveCount into its dead-letter queue, keeping id, body and counts. */
function deadLetterOf(model: SqsModel, source: Queue): DeadLetter {
  return (m, policy) => {
    const target = model.queueByArn(policy.deadLetterTargetArn);
    if (!target) return false;
    const now = model.clock.now();
    const moved = arriving(
      {
        ...contentOf(m),
        receiveCount: m.receiveCount,
        firstReceiveTimestamp: m.firstReceiveTimestamp,
        deadLetterQueueSourceArn: source.arn,
        // A standard dead-letter queue keeps the original enqueue time for retention; FIFO restarts it.
        retainFrom: target.fifo ? now : m.retainFrom,
      },
      model.nextSeq(),
    );
    target.add(moved, now);
    return true;
  };
}

function deliver(m: StoredMessage): Delivery {
  return {
    message: m,
    handle: m.handle as string,
    receiveCount: m.receiveCount,
    firstReceiveTimestamp: m.firstReceiveTimestamp as number,
  };
}

function receiveNow(model: SqsModel, queue: Queue, options: ReceiveOptions): Delivery[] {
  const visibility = options.visibilityTimeout ?? queue.seconds("VisibilityTimeout");
  const now = model.clock.now();
  const repeat =
    options.attemptId !== undefined && queue.fifo
      ? queue.attempts.replay(options.attemptId, now)
      : undefined;
  if (repeat) {
    model.write(() => repeat.forEach((m) => queue.changeVisibility(m, visibility, now)));
    return repeat.map(deliver);
  }
  const taken = model.write(() =>
    queue.receive(options.max, visibility, now, deadLetterOf(model, queue)),
  );
  if (options.attemptId !== undefined && queue.fifo)
    queue.attempts.record(options.attemptId, taken, now);
  return taken.map(deliver);
}

/** ReceiveMessage: at once when messages are ready, else a long poll of `waitSeconds`. */
export async function receive(
  model: SqsModel,
  queue: Queue,
  options: ReceiveOptions,
): Promise<Delivery[]> {
  const first = receiveNow(model, queue, options);
  const wait = options.waitSeconds ?? queue.seconds("ReceiveMessageWaitTimeSeconds");
  if (first.length > 0 || wait === 0) return first;
  const deadline = model.clock.now() + wait * 1000;
  const signal = options.clientGone?.();
  for (;;) {
    const woken = queue.waits.wait(deadline, signal, options.renewable);
    queue.rearm();
    if (!(await (options.parked?.(woken) ?? woken)) || model.findQueue(queue.name) !== queue)
      return [];
    const got = receiveNow(model, queue, options);
    if (got.length > 0) return got;
  }
}

function findByHandle(queue: Queue, handle: string): StoredMessage | undefined {
  const latest = queue.handles.get(handle);
  if (latest) return latest;
  const { queueArn, messageId } = readReceiptHandle(handle);
  if (queueArn !== queue.arn) throw invalidReceiptHandle(handle);
  return queue.byId.get(messageId);
}

export function deleteMessage(model: SqsModel, queue: Queue, handle: string): void {
  const m = findByHandle(queue, handle);
  if (!m) return;
  if (queue.fifo) {
    queue.settle(model.clock.now());
    if (m.state !== "inflight" || m.handle !== handle) {
      throw invalidValue(handle, "ReceiptHandle", "The receipt handle has expired.");
    }
  }
  model.write(() => queue.delete(m));
}

export function changeVisibility(
  model: SqsModel,
  queue: Queue,
  handle: string,
  seconds: number,
): void {
  const m = findByHandle(queue, handle);
  if (seconds < 0) {
    throw invalidValue(
      seconds,
      "VisibilityTimeout",
      `Must be between 0 and ${MAX_VISIBILITY_SECONDS}.`,
    );
  }
  if (!m) {
    throw invalidValue(
      handle,
      "ReceiptHandle",
      "Message does not exist or is not available for visibility timeout change.",
    );
  }
  const now = model.clock.now();
  if (
    seconds > MAX_VISIBILITY_SECONDS ||
    now + seconds * 1000 - (m.receivedAt ?? now) > MAX_VISIBILITY_SECONDS * 1000
  ) {
    throw invalidValue(
      seconds,
      "VisibilityTimeout",
      `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds].`,
    );
  }
  model.write(() => queue.changeVisibility(m, seconds, now));
}
