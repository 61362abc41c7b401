import { createServer } from "node:net";
import { once } from "node:events";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { request } from "undici";
import { startTestCloud, stopTestCloud, type TestCloud } from "../cloud/testing/test-cloud.ts";
import { issueToken } from "./auth.ts";
import { TEST_AUTH } from "./testing/test-api.ts";
import { startApiThread, type ApiThreadOptions } from "./thread.ts";

let t: TestCloud;
let queueUrl: string;

beforeAll(async () => {
  t = await startTestCloud();
  await t.aws.s3.send(new CreateBucketCommand({ Bucket: "thread-bucket" }));
  queueUrl = (await t.aws.sqs.send(new CreateQueueCommand({ QueueName: "thread-tasks" })))
    .QueueUrl!;
  await t.aws.sqs.send(new CreateQueueCommand({ QueueName: "thread-dlq" }));
});

afterAll(() => stopTestCloud(t));

function options(overrides: Partial<ApiThreadOptions> = {}): ApiThreadOptions {
  return {
    aws: t.aws.config,
    bucket: "thread-bucket",
    taskQueue: "thread-tasks",
    dlq: "thread-dlq",
    auth: TEST_AUTH,
    rateLimit: { capacity: 100, refillPerSecond: 100 },
    port: 0,
    host: "127.0.0.1",
    log: "none",
    ...overrides,
  };
}

test("the API on its own thread accepts an order onto the task queue", async () => {
  const api = await startApiThread(options());
  try {
    const token = await issueToken(TEST_AUTH, "alice", Date.now());
    const res = await request(`${api.url}/orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        order_id: "ORD-thread-1",
        items: [{ name: "Pen", price: 2.5, quantity: 4 }],
      }),
    });
    expect(res.statusCode).toBe(202);
    expect(await res.body.json()).toEqual({ order_id: "ORD-thread-1", status: "QUEUED" });
    const got = await t.aws.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
    );
    expect(JSON.parse(got.Messages![0]!.Body!)).toMatchObject({ order_id: "ORD-thread-1" });
    const status = await request(`${api.url}/orders/ORD-thread-1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await status.body.json()).toMatchObject({ order_id: "ORD-thread-1", status: "QUEUED" });
  } finally {
    await api.close();
  }
  await expect(request(`${api.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
});

test("a port that is taken fails the start with the listen error's code", async () => {
  const taken = createServer().listen(0, "127.0.0.1");
  await once(taken, "listening");
  const port = (taken.address() as { port: number }).port;
  try {
    await expect(startApiThread(options({ port }))).rejects.toMatchObject({ code: "EADDRINUSE" });
  } finally {
    taken.close();
  }
});
