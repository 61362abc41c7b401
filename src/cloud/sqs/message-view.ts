/*
 * A received message as the wire shows it: system attributes and message attributes filtered
 * by the names the receiver asked for (All, exact names, `prefix.*`), and the MD5 of the
 * message attributes actually returned.
 */
import { md5OfAttributes, type AttributeMap } from "./md5.ts";
import type { MessageContent } from "./stored-message.ts";

export interface WireMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string> | undefined;
  MD5OfMessageAttributes?: string | undefined;
  MessageAttributes?: AttributeMap | undefined;
}

export interface MessageFacts {
  message: MessageContent;
  receiveCount: number;
  firstReceiveTimestamp?: number | undefined;
}

/** Every system attribute the message has, in the order AWS lists them. */
export function systemAttributes({
  message: m,
  receiveCount,
  firstReceiveTimestamp,
}: MessageFacts) {
  const out: Record<string, string> = {
    SenderId: m.senderId,
    SentTimestamp: String(m.sentTimestamp),
    ApproximateReceiveCount: String(receiveCount),
    ApproximateFirstReceiveTimestamp: String(firstReceiveTimestamp ?? 0),
  };
  if (m.traceHeader) out.AWSTraceHeader = m.traceHeader;
  if (m.deadLetterQueueSourceArn) out.DeadLetterQueueSourceArn = m.deadLetterQueueSourceArn;
  if (m.dedupId !== undefined) out.MessageDeduplicationId = m.dedupId;
  if (m.groupId !== undefined) out.MessageGroupId = m.groupId;
  if (m.sequenceNumber !== undefined) out.SequenceNumber = m.sequenceNumber;
  return out;
}

function pickSystem(facts: MessageFacts, names: string[]): Record<string, string> | undefined {
  if (names.length === 0) return undefined;
  const all = systemAttributes(facts);
  if (names.includes("All")) return all;
  const out: Record<string, string> = {};
  for (const name of names) if (all[name] !== undefined) out[name] = all[name];
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `All`, `.*` and `*` mean every attribute; `Foo.*` every name starting with `Foo`. */
export function pickMessageAttributes(
  attributes: AttributeMap | undefined,
  names: string[],
): AttributeMap | undefined {
  if (!attributes || names.length === 0) return undefined;
  if (names.some((n) => n === "All" || n === ".*" || n === "*")) return attributes;
  const exact = new Set(names.filter((n) => !n.endsWith(".*")));
  const prefixes = names.filter((n) => n.endsWith(".*")).map((n) => n.slice(0, -2));
  const out: AttributeMap = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (exact.has(name) || prefixes.some((p) => name.startsWith(p))) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function wireMessage(
  facts: MessageFacts,
  handle: string,
  systemNames: string[],
  attributeNames: string[],
): WireMessage {
  const m = facts.message;
  const attributes = pickSystem(facts, systemNames);
  const messageAttributes = pickMessageAttributes(m.attributes, attributeNames);
  const md5 =
    messageAttributes === m.attributes ? m.md5OfAttributes : md5OfAttributes(messageAttributes);
  return {
    MessageId: m.id,
    ReceiptHandle: handle,
    MD5OfBody: m.md5OfBody,
    Body: m.body,
    ...(attributes ? { Attributes: attributes } : {}),
    ...(messageAttributes
      ? { MD5OfMessageAttributes: md5, MessageAttributes: messageAttributes }
      : {}),
  };
}
