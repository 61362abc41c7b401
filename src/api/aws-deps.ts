import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { invoiceJsonSchema } from "../domain/index.ts";
import type { DataClients } from "../aws/data-clients.ts";
import { sqsSendBatcher } from "../aws/send-batcher.ts";
import { orderRecordSchema } from "./schemas.ts";
import type {
  ApiDeps,
  DlqStatsSource,
  OrderQueue,
  OrderRecord,
  OrderStore,
  Progress,
} from "./types.ts";

export interface AwsApiSettings {
  clients: DataClients;
  bucket: string;
  /** Queue names; their URLs are looked up with GetQueueUrl on first use. */
  taskQueue: string;
  dlq: string;
}

const failedRecordSchema = z.object({ reason: z.string() });

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === "NoSuchKey" || name === "NotFound" || httpStatus(error) === 404;
}

/** Reads a JSON object from S3; undefined when the key does not exist. */
async function getJson(
  clients: DataClients,
  bucket: string,
  key: string,
): Promise<unknown | undefined> {
  try {
    const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await answer.Body?.transformToString()) ?? "null") as unknown;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** A getter that asks once and remembers; a failed lookup is retried next time. */
function queueUrl(clients: DataClients, name: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= clients.sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(
      (answer) => answer.QueueUrl ?? Promise.reject(new Error(`no URL for queue ${name}`)),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

function s3OrderStore(clients: DataClients, bucket: string): OrderStore {
  const store: OrderStore = {
    async create(record) {
      try {
        await clients.s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `orders/${record.order_id}.json`,
            Body: JSON.stringify(record),
            ContentType: "application/json",
            // Create-only: S3 answers 412 when the key exists, atomically.
            IfNoneMatch: "*",
          }),
        );
        return "created";
      } catch (error) {
        const name = (error as { name?: string }).name;
        // 409 ConditionalRequestConflict: a concurrent create of the same key won the race.
        if (
          name === "PreconditionFailed" ||
          httpStatus(error) === 412 ||
          httpStatus(error) === 409
        ) {
          return "exists";
        }
        throw error;
      }
    },
    async get(orderId) {
      const json = await getJson(clients, bucket, `orders/${orderId}.json`);
      if (json === undefined) return undefined;
      return orderRecordSchema.parse(json);
    },
    async progress(orderId): Promise<Progress> {
      const [invoice, failed] = await Promise.all([
        getJson(clients, bucket, `invoices/${orderId}.json`),
        getJson(clients, bucket, `failed/${orderId}.json`),
      ]);
      if (invoice !== undefined) {
        return { status: "PROCESSED", total: invoiceJsonSchema.parse(invoice).total };
      }
      if (failed !== undefined) {
        return { status: "FAILED", reason: failedRecordSchema.parse(failed).reason };
      }
      return { status: "QUEUED" };
    },
    async waiting(before) {
      const [orders, invoices, failed] = await Promise.all(
        ["orders/", "invoices/", "failed/"].map((prefix) => listKeys(clients, bucket, prefix)),
      );
      const settled = new Set([...invoices!, ...failed!].map((o) => idOf(o.key)));
      const records: OrderRecord[] = [];
      for (const order of orders!) {
        const id = idOf(order.key);
        if (order.modified >= before || settled.has(id)) continue;
        const record = await store.get(id);
        if (record) records.push(record);
      }
      return records;
    },
  };
  return store;
}

/** `orders/ORD-1.json` → `ORD-1`. */
const idOf = (key: string) => key.slice(key.indexOf("/") + 1, -".json".length);

/**
 * SQS accepts only XML-legal characters in a body. JSON.stringify already escapes control
 * characters and lone surrogates; U+FFFE and U+FFFF it leaves raw, so they are escaped here.
 */
export function sqsSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16)}`,
  );
}

/** Orders accepted at the same moment share one SendMessageBatch; each still hears its own fate. */
function sqsOrderQueue(clients: DataClients, url: () => Promise<string>): OrderQueue {
  const batcher = sqsSendBatcher(clients.sqs, url);
  return { enqueue: (message) => batcher.send(sqsSafeJson(message)) };
}

/** Every key under a prefix, with when it was last written (epoch ms). */
async function listKeys(
  clients: DataClients,
  bucket: string,
  prefix: string,
): Promise<{ key: string; modified: number }[]> {
  const keys: { key: string; modified: number }[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key) keys.push({ key: o.Key, modified: o.LastModified?.getTime() ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

function awsDlqStats(
  clients: DataClients,
  bucket: string,
  url: () => Promise<string>,
): DlqStatsSource {
  return {
    async stats() {
      const [attributes, recorded] = await Promise.all([
        clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: await url(),
            AttributeNames: [
              "ApproximateNumberOfMessages",
              "ApproximateNumberOfMessagesNotVisible",
            ],
          }),
        ),
        listKeys(clients, bucket, "failed/").then((keys) => keys.length),
      ]);
      const a = attributes.Attributes ?? {};
      return {
        waiting: Number(a.ApproximateNumberOfMessages ?? 0),
        in_flight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
        recorded_for_review: recorded,
      };
    },
  };
}

/** The API's backing services on AWS (or an emulator): S3 records, SQS task-queue, task-dlq. */
export function createAwsApiDeps(
  settings: AwsApiSettings,
): Pick<ApiDeps, "orders" | "queue" | "dlq"> {
  const { clients, bucket } = settings;
  return {
    orders: s3OrderStore(clients, bucket),
    queue: sqsOrderQueue(clients, queueUrl(clients, settings.taskQueue)),
    dlq: awsDlqStats(clients, bucket, queueUrl(clients, settings.dlq)),
  };
}
