// The pollers' way into the emulated SQS of the same process: fauxqs' own ReceiveMessage and
// DeleteMessageBatch actions, called directly instead of over signed loopback HTTP (which
// cost about half of the main thread during a drain). The actions carry every rule the wire
// has: validation, receive counts, redrive to the dead-letter queue (with our patch's count
// and DeadLetterQueueSourceArn), visibility timeouts and which attributes are returned.
import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fauxqsPackageDir, type FauxqsSqsStore } from "../fauxqs-stores.ts";
import type { LocalSqs } from "../types.ts";

/** A message attribute as fauxqs holds it: binary values are base64 text, as on the JSON wire. */
interface WireAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

interface WireMessage extends Omit<Message, "MessageAttributes"> {
  MessageAttributes?: Record<string, WireAttribute>;
}

interface ActionQueue {
  url: string;
  waitForMessages(seconds: number): Promise<void>;
}

/** fauxqs' SqsStore, as far as this file uses it (the actions take the whole store). */
interface ActionStore {
  getQueueByArn(arn: string): ActionQueue | undefined;
}

type ReceiveAction = (
  body: Record<string, unknown>,
  store: ActionStore,
) => Promise<{ Messages?: WireMessage[] }>;
type DeleteBatchAction = (body: Record<string, unknown>, store: ActionStore) => unknown;

async function loadAction<T>(file: string, name: string): Promise<T> {
  const url = pathToFileURL(join(fauxqsPackageDir(), "dist", "sqs", "actions", file)).href;
  const action = ((await import(url)) as Record<string, unknown>)[name];
  if (typeof action !== "function") throw new Error(`fauxqs: ${file} has no export ${name}`);
  return action as T;
}

class NonExistentQueue extends Error {
  override name = "AWS.SimpleQueueService.NonExistentQueue";
}

/** The SDK decodes binary attribute values; the records code expects what the SDK gives. */
function asSdkMessage(message: WireMessage): Message {
  const { MessageAttributes: wire, ...rest } = message;
  if (!wire) return rest;
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(wire)) {
    attributes[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { BinaryValue: Buffer.from(value.BinaryValue, "base64") }
        : {}),
    };
  }
  return { ...rest, MessageAttributes: attributes };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

export async function createLocalSqs(sqsStore: FauxqsSqsStore): Promise<LocalSqs> {
  const store = sqsStore as unknown as ActionStore;
  const [receiveMessage, deleteMessageBatch] = await Promise.all([
    loadAction<ReceiveAction>("receiveMessage.js", "receiveMessage"),
    loadAction<DeleteBatchAction>("deleteMessageBatch.js", "deleteMessageBatch"),
  ]);
  const queueOf = (arn: string): ActionQueue => {
    const queue = store.getQueueByArn(arn);
    if (!queue) throw new NonExistentQueue(`The specified queue does not exist: ${arn}`);
    return queue;
  };
  const receiveNow = async (queue: ActionQueue, max: number): Promise<Message[]> => {
    const answer = await receiveMessage(
      {
        QueueUrl: queue.url,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      },
      store,
    );
    return (answer.Messages ?? []).map(asSdkMessage);
  };
  return {
    // The action's own long poll (receive, wait for a message, receive again), with the wait
    // cut short when the poller stops, as an aborted HTTP request would be.
    async receive(queueArn, { max, waitSeconds, signal }) {
      const queue = queueOf(queueArn);
      const first = await receiveNow(queue, max);
      if (first.length > 0 || waitSeconds === 0 || signal.aborted) return first;
      await Promise.race([queue.waitForMessages(waitSeconds), aborted(signal)]);
      if (signal.aborted) return [];
      return receiveNow(queueOf(queueArn), max);
    },
    async deleteBatch(queueArn, receiptHandles) {
      deleteMessageBatch(
        {
          QueueUrl: queueOf(queueArn).url,
          Entries: receiptHandles.map((handle, n) => ({ Id: String(n), ReceiptHandle: handle })),
        },
        store,
      );
    },
  };
}
