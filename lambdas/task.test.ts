import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createTaskHandler, type TaskDeps } from "./task.ts";
import { memoryLog } from "./testing/memory-log.ts";
import { orderBody, orderId, record, sqsEvent } from "./testing/sqs-events.ts";
import { startTestCloud, type TestCloud } from "./testing/test-cloud.ts";

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

function deps(
  log = memoryLog(),
  now = new Date("2026-01-31T12:00:05Z"),
): TaskDeps & { log: ReturnType<typeof memoryLog> } {
  return {
    s3: t.clients.s3,
    sqs: t.clients.sqs,
    bucket: t.bucket,
    notificationQueueUrl: t.notificationQueueUrl,
    log,
    now: () => now,
  };
}

function notificationsFor(id: string): unknown[] {
  const q = t.cloud.inspectQueue("notification-queue")!;
  return [...q.ready, ...q.inflight]
    .map((m) => JSON.parse(m.body) as { order_id: string })
    .filter((m) => m.order_id === id);
}

async function exists(key: string): Promise<boolean> {
  try {
    await t.clients.s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

test("prices an order, writes its invoice and sends the notification message", async () => {
  const id = orderId("ok");
  const handler = createTaskHandler(deps());
  const answer = await handler(sqsEvent(record(orderBody(id))));
  expect(answer).toEqual({ batchItemFailures: [] });
  const invoice = (await t.readJson(`invoices/${id}.json`)) as Record<string, unknown>;
  expect(invoice).toMatchObject({
    order_id: id,
    user_id: "alice",
    subtotal: "1049.97",
    discount: { code: "SAVE10", percent: 10, amount: "105.00" },
    total: "944.97",
    priced_at: "2026-01-31T12:00:05.000Z",
  });
  expect(notificationsFor(id)).toEqual([
    {
      order_id: id,
      user_id: "alice",
      total: "944.97",
      currency: "USD",
      invoice_key: `invoices/${id}.json`,
    },
  ]);
});

test("a rejected order fails its own record only, with one log line naming it and the reason", async () => {
  const good = orderId("good");
  const bad = orderId("negative");
  const d = deps();
  const answer = await createTaskHandler(d)(
    sqsEvent(record(orderBody(good), "good-1"), record(orderBody(bad, -1), "bad-1")),
  );
  expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: "bad-1" }] });
  expect(await exists(`invoices/${good}.json`)).toBe(true);
  expect(await exists(`invoices/${bad}.json`)).toBe(false);
  const errors = d.log.lines.filter((l) => l.level === "ERROR");
  expect(errors).toEqual([
    expect.objectContaining({
      level: "ERROR",
      message: "order rejected",
      order_id: bad,
      reason: "items[0].price: must be at least 0",
    }),
  ]);
});

test("a body that is not JSON fails its record with that reason", async () => {
  const d = deps();
  const answer = await createTaskHandler(d)(sqsEvent(record("{not json", "garbled-1")));
  expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: "garbled-1" }] });
  expect(d.log.lines).toEqual([
    expect.objectContaining({ level: "ERROR", reason: "body is not JSON" }),
  ]);
});

test("a redelivered message keeps the first invoice and re-sends only while no notification exists", async () => {
  const id = orderId("redelivered");
  const first = createTaskHandler(deps(memoryLog(), new Date("2026-01-31T12:00:05Z")));
  const later = createTaskHandler(deps(memoryLog(), new Date("2026-01-31T13:00:00Z")));
  const message = record(orderBody(id));
  await first(sqsEvent(message));

  // Redelivered before notification_lambda ran: the invoice stays, the message goes again.
  expect(await later(sqsEvent(message))).toEqual({ batchItemFailures: [] });
  expect(((await t.readJson(`invoices/${id}.json`)) as { priced_at: string }).priced_at).toBe(
    "2026-01-31T12:00:05.000Z",
  );
  expect(notificationsFor(id)).toHaveLength(2);

  // Once the notification is in the outbox, a redelivery sends nothing.
  await t.clients.s3.send(
    new PutObjectCommand({ Bucket: t.bucket, Key: `notifications/${id}.json`, Body: "{}" }),
  );
  const quiet = deps();
  expect(await createTaskHandler(quiet)(sqsEvent(message))).toEqual({ batchItemFailures: [] });
  expect(notificationsFor(id)).toHaveLength(2);
  expect(quiet.log.lines).toEqual([
    expect.objectContaining({ message: "order already processed", order_id: id }),
  ]);
});
