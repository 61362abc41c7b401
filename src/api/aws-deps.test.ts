import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { type AwsClients, emulatorClients, destroyClients } from "../aws/clients.ts";
import { startCloud, type Cloud } from "../cloud/index.ts";
import { invoiceToJson, priceOrder } from "../domain/index.ts";
import { createAwsApiDeps, sqsSafeJson } from "./aws-deps.ts";
import { startApi } from "./server.ts";
import { TEST_AUTH, keyboard } from "./testing/test-api.ts";
import { call, postJson } from "./testing/http.ts";
import { issueToken } from "./auth.ts";
import type { OrderRecord } from "./types.ts";

const BUCKET = "results-bucket";

// The embedded cloud: our SQS, and S3 with AWS's conditional writes.
const clientsFor = (endpoint: string): AwsClients => emulatorClients(endpoint);

async function createResources(clients: AwsClients): Promise<void> {
  await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const name of ["task-queue", "task-dlq"]) {
    await clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
  }
}

function record(orderId: string, userId = "alice"): OrderRecord {
  return {
    order_id: orderId,
    user_id: userId,
    submitted_at: "2026-01-31T12:00:00.000Z",
    items: [keyboard],
    promo_code: "SAVE10",
  };
}

let cloud: Cloud;
let clients: AwsClients;
let deps: ReturnType<typeof createAwsApiDeps>;

const readyBodies = (queue: string): unknown[] =>
  cloud.inspectQueue(queue)!.ready.map((m) => JSON.parse(m.body) as unknown);

beforeAll(async () => {
  cloud = await startCloud({ port: 0 });
  clients = clientsFor(cloud.endpoint);
  await createResources(clients);
  deps = createAwsApiDeps({ clients, bucket: BUCKET, taskQueue: "task-queue", dlq: "task-dlq" });
});

afterAll(async () => {
  destroyClients(clients);
  await cloud.stop();
});

test("an order record is written to orders/<id>.json and read back", async () => {
  expect(await deps.orders.create(record("ORD-s3-1"))).toBe("created");
  const stored = await clients.s3.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: "orders/ORD-s3-1.json" }),
  );
  expect(JSON.parse(await stored.Body!.transformToString())).toEqual(record("ORD-s3-1"));
  expect(await deps.orders.get("ORD-s3-1")).toEqual(record("ORD-s3-1"));
  expect(await deps.orders.get("ORD-s3-missing")).toBeUndefined();
});

test("waiting: records older than the cut-off with no invoice and no failure record", async () => {
  await deps.orders.create(record("ORD-s3-w1"));
  await deps.orders.create(record("ORD-s3-w2"));
  await clients.s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: "invoices/ORD-s3-w2.json", Body: "{}" }),
  );
  const later = Date.now() + 60_000;
  const ids = (await deps.orders.waiting(later)).map((r) => r.order_id);
  expect(ids).toContain("ORD-s3-w1");
  expect(ids).not.toContain("ORD-s3-w2");
  expect(await deps.orders.waiting(0)).toEqual([]);
});

test("progress comes from the invoices/ and failed/ keys", async () => {
  await deps.orders.create(record("ORD-s3-p"));
  expect(await deps.orders.progress("ORD-s3-p")).toEqual({ status: "QUEUED" });
  const invoice = priceOrder({
    orderId: "ORD-s3-p",
    userId: "alice",
    items: [{ name: "Keyboard", unitPriceCents: 34999, quantity: 3 }],
    promoCode: "SAVE10",
  });
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: "invoices/ORD-s3-p.json",
      Body: JSON.stringify(invoiceToJson(invoice)),
    }),
  );
  expect(await deps.orders.progress("ORD-s3-p")).toEqual({ status: "PROCESSED", total: "944.97" });
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: "failed/ORD-s3-f.json",
      Body: JSON.stringify({ order_id: "ORD-s3-f", reason: "items[0].price: must be at least 0" }),
    }),
  );
  expect(await deps.orders.progress("ORD-s3-f")).toEqual({
    status: "FAILED",
    reason: "items[0].price: must be at least 0",
  });
});

test("enqueue sends the message body to task-queue", async () => {
  const message = {
    order_id: "ORD-sqs-1",
    user_id: "alice",
    items: [keyboard],
    submitted_at: "2026-01-31T12:00:00.000Z",
  };
  await deps.queue.enqueue(message);
  const bodies = readyBodies("task-queue");
  expect(bodies).toContainEqual(message);
});

test("DLQ stats count waiting and in-flight messages and failed/ records", async () => {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: "task-dlq" }));
  for (const body of ["a", "b", "c"]) {
    await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  }
  await clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 60 }),
  );
  for (const id of ["x1", "x2"]) {
    await clients.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `failed/${id}.json`, Body: "{}" }),
    );
  }
  const failedSoFar = 3; // x1, x2 and ORD-s3-f from the test above
  expect(await deps.dlq.stats()).toEqual({
    waiting: 2,
    in_flight: 1,
    recorded_for_review: failedSoFar,
  });
});

test("the whole API over the embedded cloud: accept, record, enqueue, report the status", async () => {
  const api = await startApi({
    port: 0,
    deps: {
      ...deps,
      auth: TEST_AUTH,
      rateLimit: { capacity: 100, refillPerSecond: 100 },
      log: () => {},
    },
  });
  try {
    const token = await issueToken(TEST_AUTH, "carol", Date.now());
    const accepted = await postJson(
      api.url,
      "/orders",
      { order_id: "ORD-e2e-1", items: [keyboard] },
      token,
    );
    expect(accepted.status).toBe(202);
    const bodies = readyBodies("task-queue");
    expect(bodies).toContainEqual(
      expect.objectContaining({ order_id: "ORD-e2e-1", user_id: "carol" }),
    );
    const status = await call(api.url, "/orders/ORD-e2e-1", { token });
    expect(status.json).toMatchObject({ order_id: "ORD-e2e-1", status: "QUEUED" });
    const stats = await call(api.url, "/dlq/stats", { token });
    expect(stats.status).toBe(200);
  } finally {
    await api.close();
  }
});

test("unreachable AWS is a 503 for the client, not a 500", async () => {
  const dead = clientsFor("http://127.0.0.1:1"); // nothing listens on port 1
  const api = await startApi({
    port: 0,
    deps: {
      ...createAwsApiDeps({
        clients: dead,
        bucket: BUCKET,
        taskQueue: "task-queue",
        dlq: "task-dlq",
      }),
      auth: TEST_AUTH,
      rateLimit: { capacity: 100, refillPerSecond: 100 },
      log: () => {},
    },
  });
  try {
    const token = await issueToken(TEST_AUTH, "carol", Date.now());
    const answer = await postJson(api.url, "/orders", { items: [keyboard] }, token);
    expect(answer.status).toBe(503);
    expect((await call(api.url, "/dlq/stats", { token })).status).toBe(503);
  } finally {
    await api.close();
    destroyClients(dead);
  }
});

test("a queue that appears later is found: a failed URL lookup is not remembered", async () => {
  const late = createAwsApiDeps({
    clients,
    bucket: BUCKET,
    taskQueue: "late-queue",
    dlq: "task-dlq",
  });
  const message = {
    order_id: "ORD-late",
    user_id: "a",
    items: [keyboard],
    submitted_at: "2026-01-31T12:00:00Z",
  };
  await expect(late.queue.enqueue(message)).rejects.toThrow();
  await clients.sqs.send(new CreateQueueCommand({ QueueName: "late-queue" }));
  await late.queue.enqueue(message);
  expect(cloud.inspectQueue("late-queue")!.ready).toHaveLength(1);
});

test("create-only records (S3 If-None-Match): a second create of the same order_id is 'exists', and the first record stays", async () => {
  // Without the condition the second PutObject would overwrite the record and answer 200.
  expect(await deps.orders.create(record("ORD-once"))).toBe("created");
  expect(await deps.orders.create(record("ORD-once", "mallory"))).toBe("exists");
  expect((await deps.orders.get("ORD-once"))?.user_id).toBe("alice");
});

test("message bodies carry only characters SQS accepts, and decode to the same order", () => {
  const odd = { name: "a\uffff\ufffeb\ud800\u0001", price: 1, quantity: 1 };
  const body = sqsSafeJson({ items: [odd] });
  const illegal = [...body].filter((c) => {
    const n = c.codePointAt(0)!;
    return n < 0x20 || n === 0xfffe || n === 0xffff || (n >= 0xd800 && n <= 0xdfff);
  });
  expect(illegal).toEqual([]);
  expect(JSON.parse(body)).toEqual({ items: [odd] });
});
