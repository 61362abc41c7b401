/*
 * The message actions: send, receive, delete and change visibility, singly and in batches.
 * Batch rules (entry count, ids, total size, FIFO ids) fail the whole request; a problem with
 * one message fails only its entry.
 */
import { compact, queueOf, type CallContext, type Operation } from "./call.ts";
import { invalidParameter, invalidValue, SqsError } from "./errors.ts";
import { messageSize } from "./message-checks.ts";
import { wireMessage } from "./message-view.ts";
import {
  changeVisibility,
  deleteMessage,
  receive,
  send,
  type ReceiveOptions,
  type SendInput,
  type SendResult,
} from "./messages.ts";
import type { AttributeMap } from "./md5.ts";
import type { Queue } from "./queue.ts";
import { parseRequest, schemas, type AttributeValueInput } from "./schemas.ts";

const MAX_BATCH = 10;
const MAX_BATCH_BYTES = 1_048_576;
const BATCH_ID = /^[\w-]{1,80}$/;
const ATTEMPT_ID = /^[\x21-\x7E]{1,128}$/;

function attributes(
  input: Record<string, AttributeValueInput> | undefined,
): AttributeMap | undefined {
  if (!input) return undefined;
  const out: AttributeMap = {};
  for (const [name, v] of Object.entries(input)) {
    out[name] = {
      DataType: v.DataType ?? "",
      ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { BinaryValue: v.BinaryValue } : {}),
    };
  }
  return out;
}

interface SendFields {
  MessageBody: string;
  DelaySeconds?: number | undefined;
  MessageAttributes?: Record<string, AttributeValueInput> | undefined;
  MessageSystemAttributes?: Record<string, AttributeValueInput> | undefined;
  MessageDeduplicationId?: string | undefined;
  MessageGroupId?: string | undefined;
}

function sendInput(r: SendFields, call: CallContext): SendInput {
  const input: SendInput = { body: r.MessageBody };
  if (r.DelaySeconds !== undefined) input.delaySeconds = r.DelaySeconds;
  if (r.MessageAttributes) input.attributes = attributes(r.MessageAttributes);
  if (r.MessageSystemAttributes) input.systemAttributes = attributes(r.MessageSystemAttributes);
  if (r.MessageGroupId !== undefined) input.groupId = r.MessageGroupId;
  if (r.MessageDeduplicationId !== undefined) input.dedupId = r.MessageDeduplicationId;
  if (call.traceHeader !== undefined) input.traceHeader = call.traceHeader;
  return input;
}

function sendOutput(result: SendResult) {
  const out: Record<string, string> = { MD5OfMessageBody: result.md5OfBody };
  if (result.md5OfAttributes) out.MD5OfMessageAttributes = result.md5OfAttributes;
  if (result.md5OfSystemAttributes) out.MD5OfMessageSystemAttributes = result.md5OfSystemAttributes;
  out.MessageId = result.messageId;
  if (result.sequenceNumber) out.SequenceNumber = result.sequenceNumber;
  return out;
}

function checkBatch(
  entries: { Id: string }[],
  entryName: string,
  each?: (entry: never) => void,
): void {
  if (entries.length === 0) {
    throw new SqsError(
      "EmptyBatchRequest",
      `There should be at least one ${entryName} in the request.`,
    );
  }
  if (entries.length > MAX_BATCH) {
    throw new SqsError(
      "TooManyEntriesInBatchRequest",
      `Maximum number of entries per request are ${MAX_BATCH}. You have sent ${entries.length}.`,
    );
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!BATCH_ID.test(entry.Id)) {
      throw new SqsError(
        "InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
      );
    }
    each?.(entry as never);
    if (seen.has(entry.Id))
      throw new SqsError("BatchEntryIdsNotDistinct", `Id ${entry.Id} repeated.`);
    seen.add(entry.Id);
  }
}

/** Runs each entry; an SQS error fails that entry only. */
function eachEntry<E extends { Id: string }>(
  entries: E[],
  run: (entry: E) => Record<string, unknown>,
) {
  const Successful: Record<string, unknown>[] = [];
  const Failed: Record<string, unknown>[] = [];
  for (const entry of entries) {
    try {
      Successful.push({ Id: entry.Id, ...run(entry) });
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      Failed.push({ Id: entry.Id, SenderFault: true, Code: error.code, Message: error.message });
    }
  }
  return compact({
    Successful: Successful.length > 0 ? Successful : undefined,
    Failed: Failed.length > 0 ? Failed : undefined,
  });
}

function checkFifoBatchEntry(queue: Queue) {
  return (entry: SendFields) => {
    if (!queue.fifo) return;
    if (
      entry.MessageDeduplicationId === undefined &&
      queue.attribute("ContentBasedDeduplication") !== "true"
    ) {
      throw invalidParameter(
        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
      );
    }
    if (entry.MessageGroupId === undefined) {
      throw invalidParameter("The request must contain the parameter MessageGroupId.");
    }
  };
}

function checkRange(
  value: number | undefined,
  name: string,
  min: number,
  max: number,
  reason: string,
): void {
  if (value !== undefined && (value < min || value > max)) throw invalidValue(value, name, reason);
}

export const messageOperations: Record<string, Operation> = {
  SendMessage(runtime, input, call) {
    const r = parseRequest(schemas.SendMessage, input);
    return sendOutput(send(runtime.model, queueOf(runtime, r.QueueUrl), sendInput(r, call)));
  },

  SendMessageBatch(runtime, input, call) {
    const r = parseRequest(schemas.SendMessageBatch, input);
    const queue = queueOf(runtime, r.QueueUrl);
    checkBatch(r.Entries, "SendMessageBatchRequestEntry", checkFifoBatchEntry(queue));
    const total = r.Entries.reduce(
      (sum, e) => sum + messageSize(e.MessageBody, attributes(e.MessageAttributes)),
      0,
    );
    if (total > MAX_BATCH_BYTES) {
      throw new SqsError(
        "BatchRequestTooLong",
        `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`,
      );
    }
    return eachEntry(r.Entries, (entry) =>
      sendOutput(send(runtime.model, queue, sendInput(entry, call), true)),
    );
  },

  async ReceiveMessage(runtime, input, call) {
    const r = parseRequest(schemas.ReceiveMessage, input);
    const queue = queueOf(runtime, r.QueueUrl);
    checkRange(
      r.MaxNumberOfMessages,
      "MaxNumberOfMessages",
      1,
      10,
      "Must be between 1 and 10, if provided.",
    );
    checkRange(r.WaitTimeSeconds, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.");
    checkRange(
      r.VisibilityTimeout,
      "VisibilityTimeout",
      0,
      43_200,
      "Must be >= 0 and <= 43200, if provided.",
    );
    const attemptId = r.ReceiveRequestAttemptId;
    if (attemptId !== undefined && !ATTEMPT_ID.test(attemptId)) {
      throw invalidValue(
        attemptId,
        "ReceiveRequestAttemptId",
        "ReceiveRequestAttemptId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
      );
    }
    const options: ReceiveOptions = { max: r.MaxNumberOfMessages ?? 1 };
    if (r.VisibilityTimeout !== undefined) options.visibilityTimeout = r.VisibilityTimeout;
    if (r.WaitTimeSeconds !== undefined) options.waitSeconds = r.WaitTimeSeconds;
    if (attemptId !== undefined) options.attemptId = attemptId;
    if (call.clientGone) options.clientGone = call.clientGone;
    if (call.parked) options.parked = call.parked;
    if (call.renewable) options.renewable = true;
    const deliveries = await receive(runtime.model, queue, options);
    const system = r.MessageSystemAttributeNames?.length
      ? r.MessageSystemAttributeNames
      : (r.AttributeNames ?? []);
    const names = r.MessageAttributeNames ?? [];
    const messages = deliveries.map((d) => wireMessage(d, d.handle, system, names));
    return messages.length > 0 ? { Messages: messages } : {};
  },

  DeleteMessage(runtime, input) {
    const r = parseRequest(schemas.DeleteMessage, input);
    deleteMessage(runtime.model, queueOf(runtime, r.QueueUrl), r.ReceiptHandle);
    return {};
  },

  DeleteMessageBatch(runtime, input) {
    const r = parseRequest(schemas.DeleteMessageBatch, input);
    const queue = queueOf(runtime, r.QueueUrl);
    checkBatch(r.Entries, "DeleteMessageBatchRequestEntry");
    return eachEntry(r.Entries, (entry) => {
      deleteMessage(runtime.model, queue, entry.ReceiptHandle);
      return {};
    });
  },

  ChangeMessageVisibility(runtime, input) {
    const r = parseRequest(schemas.ChangeMessageVisibility, input);
    changeVisibility(
      runtime.model,
      queueOf(runtime, r.QueueUrl),
      r.ReceiptHandle,
      r.VisibilityTimeout,
    );
    return {};
  },

  ChangeMessageVisibilityBatch(runtime, input) {
    const r = parseRequest(schemas.ChangeMessageVisibilityBatch, input);
    const queue = queueOf(runtime, r.QueueUrl);
    checkBatch(r.Entries, "ChangeMessageVisibilityBatchRequestEntry");
    return eachEntry(r.Entries, (entry) => {
      changeVisibility(runtime.model, queue, entry.ReceiptHandle, entry.VisibilityTimeout);
      return {};
    });
  },
};
