// A message as a queue holds it: what was sent (never changes, except when a redrive marks
// where it came from) and where it stands now (ready, delayed, in flight), with its handles.
import { randomBytes } from "node:crypto";
import { invalidReceiptHandle } from "./errors.ts";
import type { AttributeMap } from "./md5.ts";

export interface MessageContent {
  id: string;
  body: string;
  md5OfBody: string;
  attributes?: AttributeMap | undefined;
  md5OfAttributes?: string | undefined;
  /** AWSTraceHeader, the only system attribute a sender may set. */
  traceHeader?: string | undefined;
  sentTimestamp: number;
  senderId: string;
  groupId?: string | undefined;
  dedupId?: string | undefined;
  sequenceNumber?: string | undefined;
  deadLetterQueueSourceArn?: string | undefined;
}

export type MessageState = "ready" | "delayed" | "inflight" | "gone";

/** Where a message stands; persisted beside its content. */
export interface MessageProgress {
  receiveCount: number;
  firstReceiveTimestamp?: number | undefined;
  /** When the last receive happened: the 12-hour visibility limit counts from it. */
  receivedAt?: number | undefined;
  /** In flight until then. */
  visibleAt: number;
  delayUntil: number;
  /** Retention counts from here: the send, or for a FIFO dead-letter queue, the move. */
  retainFrom: number;
  /** The most recent receipt handle. */
  handle?: string | undefined;
}

export interface StoredMessage extends MessageContent, MessageProgress {
  /** Order of arrival in this queue. */
  seq: number;
  /** Where a FIFO message stands among groups: its arrival, or when it last became visible. */
  orderKey: number;
  state: MessageState;
  /** Changes with every visibility change, so that stale timer entries can be recognized. */
  stamp: number;
}

export type ArrivalFields = MessageContent &
  Omit<MessageProgress, "visibleAt" | "delayUntil"> & { visibleAt?: number; delayUntil?: number };

/**
 * A message about to be placed in a queue: it gets its position there; `add` sets its state.
 * Every field is written, in one order, so that all messages share one object shape (the
 * queue's hot paths read them by the thousand).
 */
export function arriving(f: ArrivalFields, seq: number): StoredMessage {
  return {
    id: f.id,
    body: f.body,
    md5OfBody: f.md5OfBody,
    attributes: f.attributes,
    md5OfAttributes: f.md5OfAttributes,
    traceHeader: f.traceHeader,
    sentTimestamp: f.sentTimestamp,
    senderId: f.senderId,
    groupId: f.groupId,
    dedupId: f.dedupId,
    sequenceNumber: f.sequenceNumber,
    deadLetterQueueSourceArn: f.deadLetterQueueSourceArn,
    receiveCount: f.receiveCount,
    firstReceiveTimestamp: f.firstReceiveTimestamp,
    receivedAt: f.receivedAt,
    visibleAt: f.visibleAt ?? 0,
    delayUntil: f.delayUntil ?? 0,
    retainFrom: f.retainFrom,
    handle: f.handle,
    seq,
    orderKey: seq,
    state: "gone",
    stamp: 0,
  };
}

const ARN = /^arn:aws[\w-]*:sqs:[\w-]+:\d{12}:[\w.-]+$/;

/** Unique per process (a random prefix) and per receive (a counter): no entropy drawn per call. */
const nonceSalt = randomBytes(9).toString("base64url");
let nonceCount = 0;

export function newReceiptHandle(queueArn: string, messageId: string): string {
  const nonce = `${nonceSalt}${(++nonceCount).toString(36)}`;
  return Buffer.from(`${nonce} ${queueArn} ${messageId}`, "utf8").toString("base64");
}

/** The queue and message a receipt handle names; a malformed handle is ReceiptHandleIsInvalid. */
export function readReceiptHandle(handle: string): { queueArn: string; messageId: string } {
  const parts = Buffer.from(handle, "base64").toString("utf8").split(" ");
  const [, queueArn, messageId] = parts;
  if (parts.length !== 3 || !queueArn || !messageId || !ARN.test(queueArn)) {
    throw invalidReceiptHandle(handle);
  }
  return { queueArn, messageId };
}

/** What was sent (undefined members drop out of the JSON it is stored as). */
export function contentOf(m: StoredMessage): MessageContent {
  return {
    id: m.id,
    body: m.body,
    md5OfBody: m.md5OfBody,
    attributes: m.attributes,
    md5OfAttributes: m.md5OfAttributes,
    traceHeader: m.traceHeader,
    sentTimestamp: m.sentTimestamp,
    senderId: m.senderId,
    groupId: m.groupId,
    dedupId: m.dedupId,
    sequenceNumber: m.sequenceNumber,
    deadLetterQueueSourceArn: m.deadLetterQueueSourceArn,
  };
}

export function progressOf(m: StoredMessage): MessageProgress {
  return {
    receiveCount: m.receiveCount,
    firstReceiveTimestamp: m.firstReceiveTimestamp,
    receivedAt: m.receivedAt,
    visibleAt: m.visibleAt,
    delayUntil: m.delayUntil,
    retainFrom: m.retainFrom,
    handle: m.handle,
  };
}
