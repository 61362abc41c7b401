// How a poller reaches its queue: in-process when the emulated SQS lives in the same process
// (startCloud), over HTTP with the SDK otherwise. Both behave the same to the poller.
import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { LocalSqs } from "../../types.ts";

export interface PollerQueue {
  /** `renewable`: the poll starts again when it ends empty (see ScheduleOptions in clock.ts). */
  receive(
    max: number,
    waitSeconds: number,
    signal: AbortSignal,
    renewable?: boolean,
  ): Promise<Message[]>;
  /** Up to 10 receipt handles. */
  delete(receiptHandles: string[]): Promise<void>;
  /** A receive failed: anything remembered about the queue (its URL) may be stale. */
  forget(): void;
  /** Whether messages wait to be received now, when that can be known without a call. */
  hasReady(): boolean;
}

export function queueNameOf(arn: string): { name: string; account: string } {
  const parts = arn.split(":");
  return { name: parts[5] ?? "", account: parts[4] ?? "" };
}

export function localQueue(sqs: LocalSqs, queueArn: string): PollerQueue {
  return {
    receive: (max, waitSeconds, signal, renewable) =>
      sqs.receive(queueArn, { max, waitSeconds, signal, renewable: renewable === true }),
    delete: (receiptHandles) => sqs.deleteBatch(queueArn, receiptHandles),
    forget() {},
    hasReady: () => sqs.hasReady(queueArn),
  };
}

export function sdkQueue(sqs: () => SQSClient, queueArn: string): PollerQueue {
  let queueUrl: string | undefined;
  const url = async (signal?: AbortSignal): Promise<string> => {
    if (queueUrl) return queueUrl;
    const { name, account } = queueNameOf(queueArn);
    const answer = await sqs().send(
      new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
      signal ? { abortSignal: signal } : {},
    );
    queueUrl = answer.QueueUrl ?? "";
    return queueUrl;
  };
  return {
    async receive(max, waitSeconds, signal) {
      const answer = await sqs().send(
        new ReceiveMessageCommand({
          QueueUrl: await url(signal),
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ["All"],
          MessageAttributeNames: ["All"],
        }),
        { abortSignal: signal },
      );
      return answer.Messages ?? [];
    },
    async delete(receiptHandles) {
      await sqs().send(
        new DeleteMessageBatchCommand({
          QueueUrl: await url(),
          Entries: receiptHandles.map((handle, n) => ({ Id: String(n), ReceiptHandle: handle })),
        }),
      );
    },
    forget() {
      queueUrl = undefined;
    },
    hasReady: () => false,
  };
}
