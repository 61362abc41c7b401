import { PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
} from "@aws-sdk/client-sqs";
import { invoiceToJson, parseOrderMessage, priceOrder } from "../src/domain/index.ts";
import { createDlqHandler, type DlqDeps } from "./dlq-processor.ts";
import { objectExists } from "./shared/write-once.ts";
import { memoryLog } from "./testing/memory-log.ts";
import { orderBody, orderId, record, sqsEvent } from "./testing/sqs-events.ts";
import { startTestCloud, type TestCloud } from "./testing/test-cloud.ts";

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

const now = new Date("2026-01-31T12:01:00Z");

function deps(): DlqDeps & { log: ReturnType<typeof memoryLog> } {
  return { s3: t.clients.s3, bucket: t.bucket, log: memoryLog(), now: () => now };
}

/** The record the event source mapping would build from a received message. */
function recordOf(m: Message, queueArn: string) {
  return {
    ...record(m.Body!, m.MessageId!, m.Attributes as Record<string, string>),
    eventSourceARN: queueArn,
  };
}

async function queue(name: string, attributes: Record<string, string> = {}) {
  const { QueueUrl } = await t.clients.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await t.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

async function receive(url: string): Promise<Message[]> {
  const answer = await t.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MessageSystemAttributeNames: ["All"],
      VisibilityTimeout: 0,
      MaxNumberOfMessages: 10,
    }),
  );
  return answer.Messages ?? [];
}

test("records a dead-lettered order with the reason, the source queue, the receive count and the times", async () => {
  const dlq = await queue("task-dlq");
  const source = await queue("task-queue", {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
  });
  const id = orderId("dead");
  await t.clients.sqs.send(
    new SendMessageCommand({ QueueUrl: source.url, MessageBody: orderBody(id, -5) }),
  );
  // Two receives that end without a delete, as two failed invocations would; the third moves it.
  expect(await receive(source.url)).toHaveLength(1);
  expect(await receive(source.url)).toHaveLength(1);
  expect(await receive(source.url)).toHaveLength(0);
  const [dead] = await receive(dlq.url);

  const d = deps();
  expect(await createDlqHandler(d)(sqsEvent(recordOf(dead!, dlq.arn)))).toEqual({
    batchItemFailures: [],
  });
  const failure = (await t.readJson(`failed/${id}.json`)) as Record<string, unknown>;
  expect(failure).toMatchObject({
    order_id: id,
    message_id: dead!.MessageId,
    reason: "items[0].price: must be at least 0",
    body: orderBody(id, -5),
    source_queue: source.arn,
    dead_letter_queue: dlq.arn,
    recorded_at: now.toISOString(),
  });
  expect(failure.receive_count_including_dlq).toBeGreaterThanOrEqual(2);
  expect(Date.parse(failure.sent_at as string)).not.toBeNaN();
  expect(Date.parse(failure.first_received_at as string)).not.toBeNaN();
  expect(d.log.lines).toEqual([
    expect.objectContaining({
      level: "WARN",
      message: "order recorded for manual review",
      order_id: id,
    }),
  ]);
});

test("the source queue comes from the DeadLetterQueueSourceArn attribute", async () => {
  const id = orderId("sourced");
  const sourceArn = "arn:aws:sqs:us-east-1:000000000000:task-queue";
  await createDlqHandler(deps())(
    sqsEvent(record(orderBody(id, -1), "dl-src", { DeadLetterQueueSourceArn: sourceArn })),
  );
  expect(await t.readJson(`failed/${id}.json`)).toMatchObject({
    order_id: id,
    source_queue: sourceArn,
  });
});

test("a body that is not JSON is recorded under its message ID", async () => {
  const d = deps();
  await createDlqHandler(d)(
    sqsEvent(record("<order>1</order>", "msg-not-json", { ApproximateReceiveCount: "3" })),
  );
  expect(await t.readJson("failed/msg-not-json.json")).toMatchObject({
    order_id: null,
    message_id: "msg-not-json",
    reason: "body is not JSON",
    body: "<order>1</order>",
    source_queue: null,
    receive_count_including_dlq: 3,
    sent_at: "2026-01-31T12:00:00.000Z",
    first_received_at: null,
  });
});

test("an order ID that is not a well-formed ID does not name the record", async () => {
  await createDlqHandler(deps())(
    sqsEvent(record(JSON.stringify({ order_id: "../../etc" }), "msg-odd-id")),
  );
  expect(await t.readJson("failed/msg-odd-id.json")).toMatchObject({
    order_id: "../../etc",
    reason: expect.stringContaining("order_id"),
  });
});

test("a redelivered dead letter keeps the first record", async () => {
  const id = orderId("twice");
  const first = deps();
  await createDlqHandler(first)(sqsEvent(record(orderBody(id, -1), "dl-1")));
  const second = deps();
  await createDlqHandler(second)(sqsEvent(record(orderBody(id, -1), "dl-2")));
  expect(await t.readJson(`failed/${id}.json`)).toMatchObject({ message_id: "dl-1" });
  expect(second.log.lines).toEqual([
    expect.objectContaining({ message: "failure already recorded" }),
  ]);
});

/** The invoice task_lambda writes for a body, as if an attempt got that far before it was cut off. */
async function putInvoice(body: string) {
  const parsed = parseOrderMessage(JSON.parse(body));
  if (!parsed.ok) throw parsed.error;
  const invoice = invoiceToJson(priceOrder(parsed.value, now));
  await t.clients.s3.send(
    new PutObjectCommand({
      Bucket: t.bucket,
      Key: `invoices/${invoice.order_id}.json`,
      Body: JSON.stringify(invoice),
    }),
  );
  return invoice;
}

describe("a dead letter whose order was invoiced after all (a fault struck after the invoice)", () => {
  test("writes no failure record and says there is nothing to review", async () => {
    const id = orderId("invoiced");
    const body = orderBody(id);
    await putInvoice(body);
    await t.clients.s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: `notifications/${id}.json`, Body: "{}" }),
    );
    const d = { ...deps(), notify: { sqs: t.clients.sqs, queueUrl: t.notificationQueueUrl } };
    expect(await createDlqHandler(d)(sqsEvent(record(body, "dl-invoiced")))).toEqual({
      batchItemFailures: [],
    });
    expect(await objectExists(t.clients.s3, t.bucket, `failed/${id}.json`)).toBe(false);
    expect(d.log.lines).toEqual([
      expect.objectContaining({
        level: "INFO",
        message: "already invoiced, nothing to review",
        order_id: id,
        notification: "present",
      }),
    ]);
  });

  test("sends the notification the cut-off attempts never sent", async () => {
    const id = orderId("unnotified");
    const body = orderBody(id);
    const invoice = await putInvoice(body);
    const d = { ...deps(), notify: { sqs: t.clients.sqs, queueUrl: t.notificationQueueUrl } };
    await createDlqHandler(d)(sqsEvent(record(body, "dl-unnotified")));
    expect(await objectExists(t.clients.s3, t.bucket, `failed/${id}.json`)).toBe(false);
    const sent = (await receive(t.notificationQueueUrl)).map((m) => JSON.parse(m.Body!) as unknown);
    expect(sent).toContainEqual({
      order_id: id,
      user_id: "alice",
      total: invoice.total,
      currency: "USD",
      invoice_key: `invoices/${id}.json`,
    });
    expect(d.log.lines).toEqual([
      expect.objectContaining({
        message: "already invoiced, nothing to review",
        notification: "sent",
      }),
    ]);
  });

  test("a poison message is recorded even when an invoice exists under its order ID", async () => {
    const id = orderId("poison-twin");
    await putInvoice(orderBody(id));
    await createDlqHandler(deps())(sqsEvent(record(orderBody(id, -1), "dl-twin")));
    expect(await t.readJson(`failed/${id}.json`)).toMatchObject({
      reason: "items[0].price: must be at least 0",
    });
  });
});
