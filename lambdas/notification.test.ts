import { createNotificationHandler, type NotificationDeps } from "./notification.ts";
import { memoryLog } from "./testing/memory-log.ts";
import { orderId, record, sqsEvent } from "./testing/sqs-events.ts";
import { startTestCloud, type TestCloud } from "./testing/test-cloud.ts";

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

function deps(now: Date): NotificationDeps & { log: ReturnType<typeof memoryLog> } {
  return { s3: t.clients.s3, bucket: t.bucket, log: memoryLog(), now: () => now };
}

function message(id: string): string {
  return JSON.stringify({
    order_id: id,
    user_id: "alice",
    total: "944.97",
    currency: "USD",
    invoice_key: `invoices/${id}.json`,
  });
}

test("writes the notification to the outbox once and logs the completion", async () => {
  const id = orderId("notify");
  const first = deps(new Date("2026-01-31T12:00:06Z"));
  expect(await createNotificationHandler(first)(sqsEvent(record(message(id))))).toEqual({
    batchItemFailures: [],
  });
  const expected = {
    order_id: id,
    user_id: "alice",
    total: "944.97",
    currency: "USD",
    invoice_key: `invoices/${id}.json`,
    created_at: "2026-01-31T12:00:06.000Z",
  };
  expect(await t.readJson(`notifications/${id}.json`)).toMatchObject(expected);
  expect(first.log.lines).toEqual([
    expect.objectContaining({
      level: "INFO",
      message: "order completed; notification written",
      order_id: id,
    }),
  ]);

  const again = deps(new Date("2026-01-31T13:00:00Z"));
  await createNotificationHandler(again)(sqsEvent(record(message(id))));
  expect(await t.readJson(`notifications/${id}.json`)).toMatchObject(expected);
  expect(again.log.lines).toEqual([
    expect.objectContaining({ message: "notification already written" }),
  ]);
});

test("a malformed message is logged and dropped, since retrying it cannot help", async () => {
  const d = deps(new Date());
  const answer = await createNotificationHandler(d)(
    sqsEvent(record(JSON.stringify({ order_id: "ORD-x", total: 12 }), "odd-1")),
  );
  expect(answer).toEqual({ batchItemFailures: [] });
  expect(d.log.lines).toEqual([
    expect.objectContaining({ level: "ERROR", order_id: "ORD-x", message_id: "odd-1" }),
  ]);
});
