import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { setTimeout as delay } from "node:timers/promises";
import { request } from "undici";
import { noBackoff } from "../../aws/testing/no-backoff.ts";
import { holdClock } from "../testing/hold-clock.ts";
import { startTestCloud, stopTestCloud, type TestCloud } from "../testing/test-cloud.ts";
import type { FaultOptions } from "../types.ts";
import { createServiceDice } from "./dice.ts";

let run: TestCloud | undefined;
afterEach(async () => {
  if (run) await stopTestCloud(run);
  run = undefined;
});

// The claims are about what the SDK retries and how often, not how long it waits between.
async function cloudWith(faults: FaultOptions): Promise<TestCloud> {
  run = await startTestCloud({ faults }, noBackoff);
  return run;
}

async function failure(work: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e as Record<string, unknown>,
  );
  if (!error) throw new Error("expected the call to fail");
  return error;
}

const attemptsOf = (error: Record<string, unknown>) =>
  (error.$metadata as { attempts?: number; httpStatusCode?: number } | undefined) ?? {};

test("S3 SlowDown on every PutObject: the SDK tries three times, then surfaces SlowDown (503); other actions are untouched", async () => {
  const { aws, cloud } = await cloudWith({ services: { s3: { PutObject: { throttle: 1 } } } });
  await aws.s3.send(new CreateBucketCommand({ Bucket: "bkt" }));
  const error = await failure(
    aws.s3.send(new PutObjectCommand({ Bucket: "bkt", Key: "k", Body: "x" })),
  );
  expect(error.name).toBe("SlowDown");
  expect(attemptsOf(error)).toMatchObject({ httpStatusCode: 503, attempts: 3 });
  expect(
    (error as { $response?: { headers: Record<string, string> } }).$response?.headers[
      "x-amz-request-id"
    ],
  ).toMatch(/^[0-9A-F]{16}$/);
  const missing = await failure(aws.s3.send(new GetObjectCommand({ Bucket: "bkt", Key: "k" })));
  expect(missing.name).toBe("NoSuchKey");
  expect(cloud.faultCounts()).toEqual([
    { service: "s3", action: "PutObject", kind: "SlowDown", struck: 3, retriedAway: 0 },
  ]);
});

test("S3 InternalError answers 500 with AWS's error document", async () => {
  const { aws } = await cloudWith({ services: { s3: { "*": { error: 1 } } } });
  const error = await failure(aws.s3.send(new CreateBucketCommand({ Bucket: "bkt" })));
  expect(error.name).toBe("InternalError");
  expect(error.message).toBe("We encountered an internal error. Please try again.");
  expect(attemptsOf(error)).toMatchObject({ httpStatusCode: 500, attempts: 3 });
});

test("SQS throttling and unavailability, as the JSON protocol answers them", async () => {
  const { aws } = await cloudWith({
    services: { sqs: { SendMessage: { throttle: 1 }, ReceiveMessage: { error: 1 } } },
  });
  const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "q" }));
  const throttled = await failure(
    aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "m" })),
  );
  expect(throttled.name).toBe("RequestThrottled");
  expect(throttled.Code).toBe("RequestThrottled");
  expect(attemptsOf(throttled)).toMatchObject({ httpStatusCode: 400, attempts: 3 });
  const unavailable = await failure(aws.sqs.send(new ReceiveMessageCommand({ QueueUrl })));
  expect(unavailable.name).toBe("ServiceUnavailable");
  expect(unavailable.Code).toBe("ServiceUnavailable");
  expect(unavailable.Type).toBe("Receiver");
  expect(attemptsOf(unavailable)).toMatchObject({ httpStatusCode: 503, attempts: 3 });
});

test("the Query protocol gets the same faults as XML", async () => {
  const { aws, cloud } = await cloudWith({ services: { sqs: { ListQueues: { error: 1 } } } });
  await aws.sqs.send(new CreateQueueCommand({ QueueName: "q" }));
  const answer = await request(`${cloud.endpoint}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "Action=ListQueues&Version=2012-11-05",
  });
  const xml = await answer.body.text();
  expect(answer.statusCode).toBe(503);
  expect(xml).toContain("<Type>Receiver</Type><Code>ServiceUnavailable</Code>");
  expect(answer.headers["x-amzn-requestid"]).toBeDefined();
});

test("a fault that strikes some attempts is retried away: each call takes the attempts the seeded dice predict", async () => {
  // Server errors only: the SDK waits longer before retrying a throttled call.
  const faults = { seed: 5, services: { s3: { PutObject: { error: 0.4 } } } };
  const { aws, cloud } = await cloudWith(faults);
  await aws.s3.send(new CreateBucketCommand({ Bucket: "bkt" }));
  // The same dice, rolled beside the cloud's: CreateBucket rolled once, then each attempt.
  const twin = createServiceDice(faults.services, faults.seed);
  twin.roll("s3", "CreateBucket");
  let retriedAway = 0;
  for (let i = 0; i < 8; i++) {
    let predicted = 1;
    while (predicted <= 3 && twin.roll("s3", "PutObject").strike) predicted += 1;
    const put = aws.s3.send(new PutObjectCommand({ Bucket: "bkt", Key: `k${i}`, Body: "x" }));
    if (predicted > 3) {
      expect(attemptsOf(await failure(put)).attempts).toBe(3);
      continue;
    }
    expect((await put).$metadata.attempts).toBe(predicted);
    retriedAway += predicted - 1;
  }
  expect(retriedAway).toBeGreaterThan(0);
  const counts = cloud.faultCounts();
  expect(counts.reduce((n, c) => n + c.retriedAway, 0)).toBe(retriedAway);
});

test("a connection reset mid-answer is retried by the SDK, and the action had happened", async () => {
  const faults = { seed: 3, services: { sqs: { SendMessage: { reset: 0.5 } } } };
  const { aws, cloud } = await cloudWith(faults);
  const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "q" }));
  let retried = 0;
  for (let i = 0; i < 6; i++) {
    const sent = await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
    retried += (sent.$metadata.attempts ?? 1) - 1;
  }
  expect(retried).toBeGreaterThan(0);
  // Each cut send had been done before its answer was cut: a retried send leaves a duplicate.
  const inQueue = cloud.inspectQueue("q")?.ready.length ?? 0;
  expect(inQueue).toBe(6 + retried);
  const [reset] = cloud.faultCounts();
  expect(reset).toMatchObject({
    action: "SendMessage",
    kind: "reset",
    struck: retried,
    retriedAway: retried,
  });
});

test("a reset on every attempt surfaces as a network error after three attempts", async () => {
  const { aws, cloud } = await cloudWith({ services: { sqs: { SendMessage: { reset: 1 } } } });
  const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "q" }));
  const error = await failure(aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "m" })));
  // The answer was cut while the SDK read it: its deserializer reports the aborted read.
  expect(String(error.message)).toMatch(/aborted|ECONNRESET|socket hang up/);
  expect(cloud.faultCounts()).toEqual([
    { service: "sqs", action: "SendMessage", kind: "reset", struck: 3, retriedAway: 0 },
  ]);
  expect(cloud.inspectQueue("q")?.ready).toHaveLength(3);
});

test("a reset in the middle of an object's body reaches its reader: the SDK does not retry a stream it handed over", async () => {
  const { aws, cloud } = await cloudWith({ services: { s3: { GetObject: { reset: 1 } } } });
  await aws.s3.send(new CreateBucketCommand({ Bucket: "bkt" }));
  await aws.s3.send(new PutObjectCommand({ Bucket: "bkt", Key: "k", Body: "some body to cut" }));
  const read = aws.s3
    .send(new GetObjectCommand({ Bucket: "bkt", Key: "k" }))
    .then((o) => o.Body?.transformToString());
  expect((await failure(read)).code).toBe("ECONNRESET");
  expect(cloud.faultCounts()).toEqual([
    { service: "s3", action: "GetObject", kind: "reset", struck: 1, retriedAway: 0 },
  ]);
});

test("latency holds requests back on the cloud's clock and is counted; no fault, no change", async () => {
  const { aws, cloud } = await cloudWith({
    services: { latency: { baseMs: 2, jitterMs: 3, jitter: "uniform" } },
  });
  await aws.s3.send(new CreateBucketCommand({ Bucket: "bkt" }));
  await aws.s3.send(new PutObjectCommand({ Bucket: "bkt", Key: "k", Body: "x" }));
  const body = await (
    await aws.s3.send(new GetObjectCommand({ Bucket: "bkt", Key: "k" }))
  ).Body?.transformToString();
  expect(body).toBe("x");
  expect(cloud.faultCounts().map((c) => [c.action, c.kind, c.struck])).toEqual([
    ["CreateBucket", "latency", 1],
    ["PutObject", "latency", 1],
    ["GetObject", "latency", 1],
  ]);
});

test("the same seed rolls the same faults; wrong rates are refused with where they are", () => {
  const options = { s3: { "*": { error: 0.2, reset: 0.1 } }, latency: { baseMs: 1, jitterMs: 4 } };
  const a = createServiceDice(options, 9);
  const b = createServiceDice(options, 9);
  const rolls = (d: typeof a) => Array.from({ length: 50 }, () => d.roll("s3", "PutObject"));
  expect(rolls(a)).toEqual(rolls(b));
  expect(() => createServiceDice({ sqs: { SendMessage: { error: 0.7, throttle: 0.5 } } })).toThrow(
    "faults.services.sqs.SendMessage: error + throttle + reset must be at most 1, not 1.2",
  );
  expect(() => createServiceDice({ s3: { "*": { reset: -1 } } })).toThrow(
    "faults.services.s3.*.reset must be within 0 and 1, not -1",
  );
});

test("a caller that leaves while its request is held back leaves nothing holding the clock", async () => {
  run = await startTestCloud({ time: "skip" });
  const { aws, cloud } = run;
  const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "q" }));
  // Held from outside, the clock cannot skip the latency: the request really waits in it.
  const release = await holdClock(cloud.endpoint);
  cloud.setServiceFaults({ latency: { baseMs: 300 } });
  const left = new AbortController();
  const abandoned = request(cloud.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "AmazonSQS.SendMessage",
    },
    body: JSON.stringify({ QueueUrl, MessageBody: "never sent" }),
    signal: left.signal,
  });
  setTimeout(() => left.abort(), 50);
  await expect(abandoned).rejects.toThrow();
  await delay(400);
  cloud.setServiceFaults(undefined);
  await release();
  await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "later", DelaySeconds: 10 }));
  // A long poll parks: an idle cloud skips to the delayed message, a held one waits it out.
  const got = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  expect(got.Messages?.map((m) => m.Body)).toEqual(["later"]);
  expect(cloud.now() - Date.now()).toBeGreaterThanOrEqual(9_000);
}, 40_000);
