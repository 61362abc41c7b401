// The SQS event a function receives and how its ReportBatchItemFailures answer is read:
// both exactly as Lambda's SQS event source does it.
import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";

export interface SqsRecordAttribute {
  stringValue?: string;
  binaryValue?: string;
  stringListValues: string[];
  binaryListValues: string[];
  dataType: string;
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, SqsRecordAttribute>;
  md5OfMessageAttributes: string | null;
  md5OfBody: string;
  eventSource: "aws:sqs";
  eventSourceARN: string;
  awsRegion: string;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function toRecordAttribute(value: MessageAttributeValue): SqsRecordAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: base64(value.BinaryValue) } : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: value.DataType ?? "String",
  };
}

export function toRecord(message: Message, queueArn: string, region: string): SqsRecord {
  const attributes = Object.fromEntries(
    Object.entries(message.Attributes ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      toRecordAttribute(value),
    ]),
  );
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes,
    messageAttributes,
    md5OfMessageAttributes: message.MD5OfMessageAttributes ?? null,
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Which messages of a successfully invoked batch failed. */
export type BatchVerdict =
  | { kind: "all-succeeded" }
  | { kind: "all-failed"; reason: string }
  | { kind: "some-failed"; failed: Set<string> };

/**
 * Reads a ReportBatchItemFailures answer. Success: null, an empty answer, a missing, null or
 * empty list. Whole-batch failure: invalid JSON, or any entry whose itemIdentifier is missing,
 * empty, not a string or not a message of this batch.
 */
export function readBatchItemFailures(
  payload: string,
  messageIds: readonly string[],
): BatchVerdict {
  let answer: unknown;
  try {
    answer = JSON.parse(payload);
  } catch {
    return { kind: "all-failed", reason: "the function's answer is not JSON" };
  }
  if (answer === null || typeof answer !== "object" || Array.isArray(answer))
    return { kind: "all-succeeded" };
  const list = (answer as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return { kind: "all-succeeded" };
  if (!Array.isArray(list))
    return { kind: "all-failed", reason: "batchItemFailures is not a list" };
  const inBatch = new Set(messageIds);
  const failed = new Set<string>();
  for (const item of list) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || id === "" || !inBatch.has(id)) {
      return { kind: "all-failed", reason: `invalid itemIdentifier ${JSON.stringify(id ?? null)}` };
    }
    failed.add(id);
  }
  return failed.size === 0 ? { kind: "all-succeeded" } : { kind: "some-failed", failed };
}
