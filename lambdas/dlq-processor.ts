import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { invoiceJsonSchema, orderIdSchema, parseOrderMessage } from "../src/domain/index.ts";
import { failedKey, invoiceKey, notificationKey, type NotificationMessage } from "./contract.ts";
import { awsEnvSchema, parseEnv, s3FromEnv, sqsFromEnv } from "./shared/aws.ts";
import { sqsBatchHandler, type SqsBatchHandler } from "./shared/batch.ts";
import { createLog, type Log } from "./shared/log.ts";
import { claimedOrderId, parseJson, type SqsRecord } from "./shared/sqs-record.ts";
import { objectExists, putJsonOnce } from "./shared/write-once.ts";

export interface DlqDeps {
  s3: S3Client;
  bucket: string;
  log: Log;
  /** Where a missing notification of an already invoiced order is sent. */
  notify?: { sqs: SQSClient; queueUrl: string };
  now?: () => Date;
}

/** Why the order could not be processed, found again by re-validating the body. */
export function failureReason(body: string): string {
  const json = parseJson(body);
  if (!json.ok) return "body is not JSON";
  const parsed = parseOrderMessage(json.value);
  if (!parsed.ok) return parsed.error.message;
  return "the order is valid but every attempt to process it failed (see task_lambda's log)";
}

function epochToIso(value: string | undefined): string | null {
  const ms = Number(value);
  return value !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export interface FailureRecord {
  order_id: string | null;
  message_id: string;
  reason: string;
  body: string;
  source_queue: string | null;
  dead_letter_queue: string | null;
  /**
   * SQS's ApproximateReceiveCount as this function got the message: the task queue's failed
   * receives (maxReceiveCount, 2) and then the dead-letter queue's own, so 3 at the first try.
   */
  receive_count_including_dlq: number | null;
  sent_at: string | null;
  first_received_at: string | null;
  recorded_at: string;
}

export function failureRecord(record: SqsRecord, now: Date): FailureRecord {
  const json = parseJson(record.body);
  const count = Number(record.attributes.ApproximateReceiveCount);
  return {
    order_id: json.ok ? claimedOrderId(json.value) : null,
    message_id: record.messageId,
    reason: failureReason(record.body),
    body: record.body,
    source_queue: record.attributes.DeadLetterQueueSourceArn ?? null,
    dead_letter_queue: record.eventSourceARN ?? null,
    receive_count_including_dlq: Number.isInteger(count) ? count : null,
    sent_at: epochToIso(record.attributes.SentTimestamp),
    first_received_at: epochToIso(record.attributes.ApproximateFirstReceiveTimestamp),
    recorded_at: now.toISOString(),
  };
}

/** A well-formed order ID names the record (the API looks it up); anything else uses the message ID. */
export function failureKeyFor(failure: FailureRecord): string {
  const id = orderIdSchema.safeParse(failure.order_id);
  return failedKey(id.success ? id.data : failure.message_id);
}

/** The order ID of a body task_lambda could have invoiced: a valid order message. */
function invoiceableOrderId(body: string): string | null {
  const json = parseJson(body);
  if (!json.ok) return null;
  const parsed = parseOrderMessage(json.value);
  return parsed.ok ? parsed.value.orderId : null;
}

async function readInvoice(deps: DlqDeps, orderId: string) {
  const answer = await deps.s3.send(
    new GetObjectCommand({ Bucket: deps.bucket, Key: invoiceKey(orderId) }),
  );
  return invoiceJsonSchema.parse(JSON.parse(await answer.Body!.transformToString()));
}

/**
 * An attempt can be cut off (crash, timeout) after task_lambda wrote the invoice but before it
 * sent the notification. If every attempt was cut off that way, the order is done except for
 * its notification: send it here. notification_lambda writes its outbox entry once, so a
 * notification that was already on its way is not doubled.
 */
async function completeNotification(deps: DlqDeps, orderId: string, messageId: string) {
  if (await objectExists(deps.s3, deps.bucket, notificationKey(orderId))) return "present";
  if (!deps.notify) {
    deps.log.error("invoiced order has no notification and no queue is configured to send it", {
      order_id: orderId,
      message_id: messageId,
    });
    return "missing";
  }
  const invoice = await readInvoice(deps, orderId);
  const message: NotificationMessage = {
    order_id: orderId,
    user_id: invoice.user_id,
    total: invoice.total,
    currency: "USD",
    invoice_key: invoiceKey(orderId),
  };
  await deps.notify.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.notify.queueUrl,
      MessageBody: JSON.stringify(message),
    }),
  );
  return "sent";
}

/**
 * True when the dead-lettered message's order was invoiced after all: an injected crash or a
 * timeout struck after the invoice was written. Every order ends in exactly one place, so such
 * an order gets no failure record.
 */
async function alreadyInvoiced(deps: DlqDeps, record: SqsRecord): Promise<boolean> {
  const orderId = invoiceableOrderId(record.body);
  if (!orderId || !(await objectExists(deps.s3, deps.bucket, invoiceKey(orderId)))) return false;
  const notification = await completeNotification(deps, orderId, record.messageId);
  deps.log.info("already invoiced, nothing to review", {
    order_id: orderId,
    message_id: record.messageId,
    notification,
  });
  return true;
}

export function createDlqRecordHandler(deps: DlqDeps) {
  return async (record: SqsRecord): Promise<void> => {
    if (await alreadyInvoiced(deps, record)) return;
    const failure = failureRecord(record, (deps.now ?? (() => new Date()))());
    const key = failureKeyFor(failure);
    const written = await putJsonOnce(deps.s3, deps.bucket, key, failure);
    deps.log.warn(
      written === "written" ? "order recorded for manual review" : "failure already recorded",
      {
        order_id: failure.order_id,
        message_id: failure.message_id,
        reason: failure.reason,
        receive_count_including_dlq: failure.receive_count_including_dlq,
        failure_key: key,
      },
    );
  };
}

export function createDlqHandler(deps: DlqDeps): SqsBatchHandler {
  return sqsBatchHandler(createDlqRecordHandler(deps), { log: deps.log });
}

const dlqEnvSchema = awsEnvSchema.extend({
  RESULTS_BUCKET: z.string().min(1),
  NOTIFICATION_QUEUE_URL: z.url().optional(),
});

export function dlqDepsFromEnv(env: NodeJS.ProcessEnv): DlqDeps {
  const e = parseEnv(dlqEnvSchema, env);
  return {
    s3: s3FromEnv(e),
    bucket: e.RESULTS_BUCKET,
    log: createLog("dlq_processor_lambda"),
    ...(e.NOTIFICATION_QUEUE_URL
      ? { notify: { sqs: sqsFromEnv(e), queueUrl: e.NOTIFICATION_QUEUE_URL } }
      : {}),
  };
}

let warm: SqsBatchHandler | undefined;

export const handler: SqsBatchHandler = (event) => {
  warm ??= createDlqHandler(dlqDepsFromEnv(process.env));
  return warm(event);
};
