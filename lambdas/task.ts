import type { SQSClient } from "@aws-sdk/client-sqs";
import type { S3Client } from "@aws-sdk/client-s3";
import * as z from "zod";
import { sqsSendBatcher } from "../src/aws/send-batcher.ts";
import { invoiceToJson, parseOrderMessage, priceOrder } from "../src/domain/index.ts";
import { invoiceKey, notificationKey, type NotificationMessage } from "./contract.ts";
import { awsEnvSchema, parseEnv, s3FromEnv, sqsFromEnv } from "./shared/aws.ts";
import { sqsBatchHandler, type SqsBatchHandler } from "./shared/batch.ts";
import { createLog, type Log } from "./shared/log.ts";
import { claimedOrderId, parseJson, type SqsRecord } from "./shared/sqs-record.ts";
import { objectExists, putJsonOnce } from "./shared/write-once.ts";

export interface TaskDeps {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  notificationQueueUrl: string;
  log: Log;
  now?: () => Date;
  /** The pricing rule: the domain's when absent. */
  price?: typeof priceOrder;
}

/** Thrown for a record the domain rejects: the record fails, SQS retries, then dead-letters it. */
export class RejectedOrder extends Error {
  override readonly name = "RejectedOrder";
}

function reject(log: Log, orderId: string | null, messageId: string, reason: string): never {
  log.error("order rejected", { order_id: orderId, message_id: messageId, reason });
  throw new RejectedOrder(reason);
}

export function createTaskRecordHandler(deps: TaskDeps) {
  // The batch's records run side by side: their notifications leave in one SendMessageBatch.
  const notifications = sqsSendBatcher(deps.sqs, () => deps.notificationQueueUrl);
  return async (record: SqsRecord): Promise<void> => {
    const json = parseJson(record.body);
    if (!json.ok) reject(deps.log, null, record.messageId, "body is not JSON");
    const parsed = parseOrderMessage(json.value);
    if (!parsed.ok) {
      reject(deps.log, claimedOrderId(json.value), record.messageId, parsed.error.message);
    }
    const invoice = (deps.price ?? priceOrder)(parsed.value, (deps.now ?? (() => new Date()))());
    const orderId = invoice.orderId;
    const written = await putJsonOnce(
      deps.s3,
      deps.bucket,
      invoiceKey(orderId),
      invoiceToJson(invoice),
    );
    // A redelivery after the invoice was written: notify only if the outbox has nothing yet,
    // and notification_lambda writes its outbox entry once, so a repeat send stays harmless.
    if (
      written === "exists" &&
      (await objectExists(deps.s3, deps.bucket, notificationKey(orderId)))
    ) {
      deps.log.info("order already processed", { order_id: orderId, message_id: record.messageId });
      return;
    }
    const message: NotificationMessage = {
      order_id: orderId,
      user_id: invoice.userId,
      total: invoiceToJson(invoice).total,
      currency: "USD",
      invoice_key: invoiceKey(orderId),
    };
    await notifications.send(JSON.stringify(message));
    deps.log.info(written === "written" ? "order priced" : "invoice existed; notification sent", {
      order_id: orderId,
      message_id: record.messageId,
      total: message.total,
      invoice_key: message.invoice_key,
    });
  };
}

export function createTaskHandler(deps: TaskDeps): SqsBatchHandler {
  return sqsBatchHandler(createTaskRecordHandler(deps), { log: deps.log });
}

const taskEnvSchema = awsEnvSchema.extend({
  RESULTS_BUCKET: z.string().min(1),
  NOTIFICATION_QUEUE_URL: z.url(),
});

export function taskDepsFromEnv(env: NodeJS.ProcessEnv): TaskDeps {
  const e = parseEnv(taskEnvSchema, env);
  return {
    s3: s3FromEnv(e),
    sqs: sqsFromEnv(e),
    bucket: e.RESULTS_BUCKET,
    notificationQueueUrl: e.NOTIFICATION_QUEUE_URL,
    log: createLog("task_lambda"),
  };
}

let warm: SqsBatchHandler | undefined;

/** The Lambda entry point: clients are built once per execution environment. */
export const handler: SqsBatchHandler = (event) => {
  warm ??= createTaskHandler(taskDepsFromEnv(process.env));
  return warm(event);
};
