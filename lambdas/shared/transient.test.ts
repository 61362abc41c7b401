import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { noBackoff } from "../../src/aws/testing/no-backoff.ts";
import { createTaskHandler } from "../task.ts";
import { memoryLog } from "../testing/memory-log.ts";
import { orderBody, orderId, record, sqsEvent } from "../testing/sqs-events.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";
import { isTransient, retryTransient } from "./transient.ts";

let t: TestCloud | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const noWait = { attempts: 4, baseDelayMs: 1, sleep: async () => undefined };

async function errorOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

test("AWS's transient answers are transient; a refused request is not", async () => {
  t = await startTestCloud(
    {
      faults: {
        services: {
          s3: { PutObject: { throttle: 1 }, HeadObject: { error: 1 } },
          sqs: { SendMessage: { throttle: 1 } },
        },
      },
    },
    noBackoff,
  );
  const { s3, sqs } = t.clients;
  const put = new PutObjectCommand({ Bucket: t.bucket, Key: "k", Body: "x" });
  const head = new HeadObjectCommand({ Bucket: t.bucket, Key: "k" });
  const send = new SendMessageCommand({ QueueUrl: t.notificationQueueUrl, MessageBody: "m" });
  expect(isTransient(await errorOf(s3.send(put)))).toBe(true);
  expect(isTransient(await errorOf(s3.send(head)))).toBe(true);
  expect(isTransient(await errorOf(sqs.send(send)))).toBe(true);
  const missingKey = new GetObjectCommand({ Bucket: t.bucket, Key: "no-such-key" });
  expect(isTransient(await errorOf(s3.send(missingKey)))).toBe(false);
  expect(isTransient(new Error("items[0].price: must be at least 0"))).toBe(false);
});

test("a record is tried again while its failure is transient, and no more than the policy says", async () => {
  let calls = 0;
  const slowDown = Object.assign(new Error("Please reduce your request rate."), {
    name: "SlowDown",
    $metadata: { httpStatusCode: 503 },
  });
  const retried: number[] = [];
  await expect(
    retryTransient(
      async () => {
        calls += 1;
        throw slowDown;
      },
      { ...noWait, onRetry: (_e, attempt) => retried.push(attempt) },
    ),
  ).rejects.toBe(slowDown);
  expect(calls).toBe(4);
  expect(retried).toEqual([1, 2, 3]);
  calls = 0;
  await expect(
    retryTransient(async () => {
      calls += 1;
      throw new Error("not valid");
    }, noWait),
  ).rejects.toThrow("not valid");
  expect(calls).toBe(1);
});

test("the task function outlasts an S3 fault that beats the SDK's three attempts, and invoices once", async () => {
  // Seeded: the first invoice write fails three times in a row, the SDK gives up, the function
  // tries the record again and the write goes through.
  t = await startTestCloud(
    { faults: { seed: 2, services: { s3: { PutObject: { error: 0.6 } } } } },
    noBackoff,
  );
  const log = memoryLog();
  const handler = createTaskHandler({
    s3: t.clients.s3,
    sqs: t.clients.sqs,
    bucket: t.bucket,
    notificationQueueUrl: t.notificationQueueUrl,
    log,
  });
  const id = orderId("transient");
  expect(await handler(sqsEvent(record(orderBody(id))))).toEqual({ batchItemFailures: [] });
  expect(t.cloud.faultCounts()).toEqual([
    { service: "s3", action: "PutObject", kind: "InternalError", struck: 3, retriedAway: 0 },
  ]);
  expect(log.lines.some((l) => l.message === "transient failure, trying the record again")).toBe(
    true,
  );
  expect(await t.readJson(`invoices/${id}.json`)).toMatchObject({ order_id: id });
});
