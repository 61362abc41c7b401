// Test support for the handler tests: a cloud with the stack's bucket and queues, records, a log.
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../src/aws/clients.ts";
import type { Cloud } from "../../src/cloud/index.ts";
import { startTestCloud as startCloudAndClients, stopTestCloud } from "../../src/cloud/test-kit.ts";
import type { Log } from "./log.ts";

export interface LogLine {
  level: "INFO" | "WARN" | "ERROR";
  message: string;
  [key: string]: unknown;
}

/** Keeps the lines a handler logs, shaped as the Powertools logger prints them. */
export function memoryLog(): Log & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (message: string, extra: Record<string, unknown>) => {
    lines.push({ level, message, ...extra });
  };
  return { lines, info: at("INFO"), warn: at("WARN"), error: at("ERROR") };
}

export interface TestCloud {
  cloud: Cloud;
  clients: AwsClients;
  bucket: string;
  notificationQueueUrl: string;
  readJson(key: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startTestCloud(): Promise<TestCloud> {
  const { cloud, aws: clients } = await startCloudAndClients();
  const bucket = "results-bucket";
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const queue = await clients.sqs.send(new CreateQueueCommand({ QueueName: "notification-queue" }));
  return {
    cloud,
    clients,
    bucket,
    notificationQueueUrl: queue.QueueUrl!,
    async readJson(key) {
      const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return JSON.parse(await answer.Body!.transformToString()) as unknown;
    },
    stop: () => stopTestCloud({ cloud, aws: clients }),
  };
}

let counter = 0;

/** A fresh order ID per call, so tests never see each other's objects. */
export function orderId(label: string): string {
  counter += 1;
  return `ORD-${label}-${process.pid}-${counter}`;
}

export function orderBody(id: string, price = 349.99, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    order_id: id,
    user_id: "alice",
    items: [{ name: "Keyboard", price, quantity: 3 }],
    promo_code: "SAVE10",
    submitted_at: "2026-01-31T12:00:00Z",
    ...extra,
  });
}

export function record(
  body: string,
  messageId = `m-${++counter}`,
  attributes: Record<string, string> = {},
) {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: "1", SentTimestamp: "1769860800000", ...attributes },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:task-queue",
    awsRegion: "us-east-1",
  };
}

export function sqsEvent(...records: ReturnType<typeof record>[]) {
  return { Records: records };
}
