import type { S3Client } from "@aws-sdk/client-s3";
import * as z from "zod";
import { notificationKey, notificationMessageSchema } from "./contract.ts";
import { awsEnvSchema, parseEnv, s3FromEnv } from "./shared/aws.ts";
import { sqsBatchHandler, type SqsBatchHandler } from "./shared/batch.ts";
import { createLog, type Log } from "./shared/log.ts";
import { claimedOrderId, parseJson, type SqsRecord } from "./shared/sqs-record.ts";
import { putJsonOnce } from "./shared/write-once.ts";

export interface NotificationDeps {
  s3: S3Client;
  bucket: string;
  log: Log;
  now?: () => Date;
}

export function createNotificationRecordHandler(deps: NotificationDeps) {
  return async (record: SqsRecord): Promise<void> => {
    const json = parseJson(record.body);
    const parsed = json.ok ? notificationMessageSchema.safeParse(json.value) : undefined;
    if (!parsed?.success) {
      // Retrying a malformed message can never succeed and this queue has no DLQ: say so, drop it.
      deps.log.error("notification dropped: malformed message", {
        order_id: json.ok ? claimedOrderId(json.value) : null,
        message_id: record.messageId,
        reason: parsed ? (parsed.error.issues[0]?.message ?? "invalid") : "body is not JSON",
      });
      return;
    }
    const n = parsed.data;
    const key = notificationKey(n.order_id);
    const written = await putJsonOnce(deps.s3, deps.bucket, key, {
      order_id: n.order_id,
      user_id: n.user_id,
      subject: `Order ${n.order_id} is confirmed`,
      text: `Your order ${n.order_id} was processed. Total: ${n.total} ${n.currency}.`,
      total: n.total,
      currency: n.currency,
      invoice_key: n.invoice_key,
      created_at: (deps.now ?? (() => new Date()))().toISOString(),
    });
    deps.log.info(
      written === "written"
        ? "order completed; notification written"
        : "notification already written",
      {
        order_id: n.order_id,
        message_id: record.messageId,
        total: n.total,
        notification_key: key,
      },
    );
  };
}

export function createNotificationHandler(deps: NotificationDeps): SqsBatchHandler {
  return sqsBatchHandler(createNotificationRecordHandler(deps), { log: deps.log });
}

const notificationEnvSchema = awsEnvSchema.extend({ RESULTS_BUCKET: z.string().min(1) });

export function notificationDepsFromEnv(env: NodeJS.ProcessEnv): NotificationDeps {
  const e = parseEnv(notificationEnvSchema, env);
  return { s3: s3FromEnv(e), bucket: e.RESULTS_BUCKET, log: createLog("notification_lambda") };
}

let warm: SqsBatchHandler | undefined;

export const handler: SqsBatchHandler = (event) => {
  warm ??= createNotificationHandler(notificationDepsFromEnv(process.env));
  return warm(event);
};
