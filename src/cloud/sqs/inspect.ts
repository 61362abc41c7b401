// A queue's messages by state, seen from inside the process without receiving them.
import type { AttributeMap } from "./md5.ts";
import type { SqsModel } from "./model.ts";
import type { StoredMessage } from "./stored-message.ts";

export interface QueuedMessage {
  messageId: string;
  body: string;
  messageAttributes: AttributeMap;
  sentTimestamp: number;
  approximateReceiveCount: number;
  approximateFirstReceiveTimestamp?: number;
  deadLetterQueueSourceArn?: string;
}

export interface InflightMessage extends QueuedMessage {
  visibilityDeadline: number;
}

export interface QueueContents {
  ready: QueuedMessage[];
  delayed: QueuedMessage[];
  inflight: InflightMessage[];
}

function view(m: StoredMessage): QueuedMessage {
  return {
    messageId: m.id,
    body: m.body,
    messageAttributes: structuredClone(m.attributes ?? {}),
    sentTimestamp: m.sentTimestamp,
    approximateReceiveCount: m.receiveCount,
    ...(m.firstReceiveTimestamp !== undefined
      ? { approximateFirstReceiveTimestamp: m.firstReceiveTimestamp }
      : {}),
    ...(m.deadLetterQueueSourceArn ? { deadLetterQueueSourceArn: m.deadLetterQueueSourceArn } : {}),
  };
}

/** The named queue's messages (in arrival order in each state), or undefined if there is no such queue. */
export function inspectQueue(model: SqsModel, name: string): QueueContents | undefined {
  const queue = model.findQueue(name);
  if (!queue) return undefined;
  queue.settle(model.clock.now());
  const all = [...queue.byId.values()].sort((a, b) => a.seq - b.seq);
  return {
    ready: all.filter((m) => m.state === "ready").map(view),
    delayed: all.filter((m) => m.state === "delayed").map(view),
    inflight: all
      .filter((m) => m.state === "inflight")
      .map((m) => ({ ...view(m), visibilityDeadline: m.visibleAt })),
  };
}
