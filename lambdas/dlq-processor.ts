import type { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { orderIdSchema, parseOrderMessage } from "../src/domain/index.ts";
import { failedKey } from "./contract.ts";
import { awsEnvSchema, parseEnv, s3FromEnv } from "./shared/aws.ts";
import { sqsBatchHandler, type SqsBatchHandler } from "./shared/batch.ts";
import { createLog, type Log } from "./shared/log.ts";
import { claimedOrderId, parseJson, type SqsRecord } from "./shared/sqs-record.ts";
import { putJsonOnce } from "./shared/write-once.ts";

export interface DlqDeps {
  s3: S3Client;
  bucket: string;
  log: Log;
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
  receive_count: number | null;
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
    receive_count: Number.isInteger(count) ? count : null,
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

export function createDlqRecordHandler(deps: DlqDeps) {
  return async (record: SqsRecord): Promise<void> => {
    const failure = failureRecord(record, (deps.now ?? (() => new Date()))());
    const key = failureKeyFor(failure);
    const written = await putJsonOnce(deps.s3, deps.bucket, key, failure);
    deps.log.warn(
      written === "written" ? "order recorded for manual review" : "failure already recorded",
      {
        order_id: failure.order_id,
        message_id: failure.message_id,
        reason: failure.reason,
        receive_count: failure.receive_count,
        failure_key: key,
      },
    );
  };
}

export function createDlqHandler(deps: DlqDeps): SqsBatchHandler {
  return sqsBatchHandler(createDlqRecordHandler(deps));
}

const dlqEnvSchema = awsEnvSchema.extend({ RESULTS_BUCKET: z.string().min(1) });

export function dlqDepsFromEnv(env: NodeJS.ProcessEnv): DlqDeps {
  const e = parseEnv(dlqEnvSchema, env);
  return { s3: s3FromEnv(e), bucket: e.RESULTS_BUCKET, log: createLog("dlq_processor_lambda") };
}

let warm: SqsBatchHandler | undefined;

export const handler: SqsBatchHandler = (event) => {
  warm ??= createDlqHandler(dlqDepsFromEnv(process.env));
  return warm(event);
};
