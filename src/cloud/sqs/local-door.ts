/*
 * The Lambda pollers' way into SQS in the same process: the very ReceiveMessage and
 * DeleteMessageBatch actions the wire runs (same checks, long polls, receive counts, redrive),
 * called without HTTP, with the answer shaped as the SDK v3 client would give it.
 */
import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { LocalSqs } from "../types.ts";
import type { SqsRuntime } from "./call.ts";
import { queueDoesNotExist } from "./errors.ts";
import type { WireMessage } from "./message-view.ts";
import { messageOperations } from "./message-operations.ts";
import { parseQueueArn, queueUrlOf } from "./queue-names.ts";

/** The SDK decodes binary attribute values from base64. */
function asSdkMessage(wire: WireMessage): Message {
  const { MessageAttributes, ...rest } = wire;
  if (!MessageAttributes) return rest;
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, v] of Object.entries(MessageAttributes)) {
    attributes[name] = {
      DataType: v.DataType,
      ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { BinaryValue: Buffer.from(v.BinaryValue, "base64") } : {}),
    };
  }
  return { ...rest, MessageAttributes: attributes };
}

export function localSqs(runtime: SqsRuntime): LocalSqs {
  const urlOf = (arn: string): string => {
    const parsed = parseQueueArn(arn);
    if (!parsed) throw queueDoesNotExist();
    return queueUrlOf("http://in-process", parsed.accountId, parsed.name);
  };
  const call = { baseUrl: "http://in-process" };
  return {
    async receive(queueArn, { max, waitSeconds, signal, renewable = false }) {
      const answer = (await messageOperations.ReceiveMessage?.(
        runtime,
        {
          QueueUrl: urlOf(queueArn),
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        },
        { ...call, clientGone: () => signal, renewable },
      )) as { Messages?: WireMessage[] };
      return (answer.Messages ?? []).map(asSdkMessage);
    },
    hasReady(queueArn) {
      const queue = runtime.model.queueByArn(queueArn);
      return queue ? queue.counts(runtime.model.clock.now()).ready > 0 : false;
    },
    async deleteBatch(queueArn, receiptHandles) {
      await messageOperations.DeleteMessageBatch?.(
        runtime,
        {
          QueueUrl: urlOf(queueArn),
          Entries: receiptHandles.map((handle, n) => ({ Id: String(n), ReceiptHandle: handle })),
        },
        call,
      );
    },
  };
}
