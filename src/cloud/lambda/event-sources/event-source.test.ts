import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from "@aws-sdk/client-lambda";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  consoleLines,
  createFunction,
  createQueue,
  createQueueWithDlq,
  eventually,
  startKit,
  type Kit,
  type TestQueue,
} from "../testing/lambda-kit.ts";

// The waits here are the cloud's own timers (visibility timeouts, batching windows, long
// polls) and no claim is about real time: a skipping clock jumps through them.
let kit: Kit;
beforeAll(async () => {
  kit = await startKit({ time: "skip" });
});
afterAll(() => kit.stop());

/** Logs every record it gets as `<messageId> <receive count> <body>`, and the batch size. */
const recorder = (answer = "") => ({
  "index.js": `exports.handler = async (event) => {
    console.log("batch " + event.Records.length);
    for (const r of event.Records) console.log("record " + r.messageId + " " + r.attributes.ApproximateReceiveCount + " " + r.body);
    ${answer}
  };`,
});

async function mapping(
  input: Partial<CreateEventSourceMappingCommandInput> & {
    FunctionName: string;
    EventSourceArn: string;
  },
) {
  const created = await kit.lambda.send(new CreateEventSourceMappingCommand(input));
  const uuid = created.UUID ?? "";
  await eventually(async () => {
    const got = await kit.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    return got.State === "Enabled" || got.State === "Disabled" ? true : undefined;
  });
  return { created, uuid };
}

const send = (queue: TestQueue, body: string) =>
  kit.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));

async function records(name: string): Promise<{ id: string; count: number; body: string }[]> {
  return (await consoleLines(kit, name))
    .map(([, message]) => message)
    .filter((m) => m.startsWith("record "))
    .map((m) => {
      const [, id = "", count = "0", ...body] = m.split(" ");
      return { id, count: Number(count), body: body.join(" ") };
    });
}

const queueEmpty = (queue: TestQueue) => () => {
  const contents = kit.cloud.inspectQueue(queue.name);
  return contents &&
    contents.ready.length + contents.inflight.length + contents.delayed.length === 0
    ? true
    : undefined;
};

test("mapping lifecycle: Create 202 Creating then Enabled, Get, List, Update, Delete 202 Deleting then gone", async () => {
  const name = await createFunction(kit, recorder());
  const queue = await createQueue(kit);
  const created = await kit.lambda.send(
    new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queue.arn }),
  );
  expect(created.$metadata.httpStatusCode).toBe(202);
  expect(created).toMatchObject({
    State: "Creating",
    BatchSize: 10,
    MaximumBatchingWindowInSeconds: 0,
    EventSourceArn: queue.arn,
    FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    StateTransitionReason: "USER_INITIATED",
    FunctionResponseTypes: [],
  });
  expect(created.LastModified).toBeInstanceOf(Date);
  const uuid = created.UUID ?? "";
  await eventually(async () =>
    (await kit.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State === "Enabled"
      ? true
      : undefined,
  );

  const byFunction = await kit.lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: name }),
  );
  expect(byFunction.EventSourceMappings?.map((m) => m.UUID)).toEqual([uuid]);
  const byQueue = await kit.lambda.send(
    new ListEventSourceMappingsCommand({ EventSourceArn: queue.arn }),
  );
  expect(byQueue.EventSourceMappings?.map((m) => m.UUID)).toEqual([uuid]);

  const updated = await kit.lambda.send(
    new UpdateEventSourceMappingCommand({
      UUID: uuid,
      BatchSize: 20,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 3 },
    }),
  );
  expect(updated.$metadata.httpStatusCode).toBe(202);
  expect(updated).toMatchObject({
    BatchSize: 20,
    MaximumBatchingWindowInSeconds: 1,
    ScalingConfig: { MaximumConcurrency: 3 },
  });

  const deleted = await kit.lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  expect(deleted.$metadata.httpStatusCode).toBe(202);
  expect(deleted.State).toBe("Deleting");
  const gone = await eventually(() =>
    kit.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid })).then(
      () => undefined,
      (error: unknown) => error,
    ),
  );
  expect(gone).toMatchObject({
    name: "ResourceNotFoundException",
    $metadata: { httpStatusCode: 404 },
  });
});

test("invalid mappings are refused as AWS refuses them", async () => {
  const name = await createFunction(kit, recorder(), { Timeout: 3 });
  const queue = await createQueue(kit, { VisibilityTimeout: "30" });
  const create = (input: Partial<CreateEventSourceMappingCommandInput>) =>
    kit.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: queue.arn,
        ...input,
      }),
    );
  await expect(create({ FunctionName: "no-such-function" })).rejects.toMatchObject({
    name: "ResourceNotFoundException",
  });
  await expect(
    create({ EventSourceArn: "arn:aws:kinesis:us-east-1:000000000000:stream/orders" }),
  ).rejects.toMatchObject({ name: "InvalidParameterValueException" });
  await expect(
    create({ EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:no-such-queue" }),
  ).rejects.toMatchObject({ name: "InvalidParameterValueException" });
  const short = await createQueue(kit, { VisibilityTimeout: "2" });
  await expect(create({ EventSourceArn: short.arn })).rejects.toMatchObject({
    name: "InvalidParameterValueException",
    message: "Queue visibility timeout: 2 seconds is less than Function timeout: 3 seconds",
  });
  await expect(create({ BatchSize: 20 })).rejects.toMatchObject({
    name: "InvalidParameterValueException",
  });
  await expect(create({ BatchSize: 0 })).rejects.toMatchObject({ name: "ValidationException" });
  await expect(
    create({ FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] } }),
  ).rejects.toMatchObject({
    name: "InvalidParameterValueException",
    message: expect.stringContaining("FilterCriteria"),
  });
  const { uuid } = await mapping({ FunctionName: name, EventSourceArn: queue.arn, Enabled: false });
  await expect(create({})).rejects.toMatchObject({
    name: "ResourceConflictException",
    message: expect.stringContaining(uuid),
  });
  await expect(
    kit.lambda.send(
      new GetEventSourceMappingCommand({ UUID: "00000000-0000-0000-0000-000000000000" }),
    ),
  ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
});

test("the function gets AWS's SQS record shape, and a successful batch is deleted", async () => {
  const name = await createFunction(kit, {
    "index.js": "exports.handler = async (event) => { console.log(JSON.stringify(event)); };",
  });
  const queue = await createQueue(kit);
  await mapping({ FunctionName: name, EventSourceArn: queue.arn });
  const sent = await kit.sqs.send(
    new SendMessageCommand({
      QueueUrl: queue.url,
      MessageBody: '{"order_id":"ORD-1"}',
      MessageAttributes: {
        source: { DataType: "String", StringValue: "api" },
        retries: { DataType: "Number", StringValue: "2" },
        blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    }),
  );
  const line = await eventually(async () =>
    (await consoleLines(kit, name)).map(([, m]) => m).find((m) => m.startsWith("{")),
  );
  const event = JSON.parse(line) as { Records: Record<string, unknown>[] };
  expect(event.Records).toHaveLength(1);
  const record = event.Records[0] ?? {};
  expect(record).toMatchObject({
    messageId: sent.MessageId,
    body: '{"order_id":"ORD-1"}',
    md5OfBody: sent.MD5OfMessageBody,
    md5OfMessageAttributes: sent.MD5OfMessageAttributes,
    eventSource: "aws:sqs",
    eventSourceARN: queue.arn,
    awsRegion: "us-east-1",
    messageAttributes: {
      source: {
        stringValue: "api",
        stringListValues: [],
        binaryListValues: [],
        dataType: "String",
      },
      retries: { stringValue: "2", stringListValues: [], binaryListValues: [], dataType: "Number" },
      blob: { binaryValue: "AQID", stringListValues: [], binaryListValues: [], dataType: "Binary" },
    },
  });
  expect(typeof record.receiptHandle).toBe("string");
  expect(record.attributes).toMatchObject({
    ApproximateReceiveCount: "1",
    SentTimestamp: expect.stringMatching(/^\d+$/),
    SenderId: expect.any(String),
    ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/),
  });
  await eventually(queueEmpty(queue));

  await send(queue, "plain");
  const plain = await eventually(async () =>
    (await consoleLines(kit, name)).map(([, m]) => m).find((m) => m.includes('"body":"plain"')),
  );
  expect(
    (
      JSON.parse(plain) as {
        Records: { md5OfMessageAttributes: unknown; messageAttributes: unknown }[];
      }
    ).Records[0],
  ).toMatchObject({
    md5OfMessageAttributes: null,
    messageAttributes: {},
  });
});

test("a function that always fails gets the message exactly maxReceiveCount times, then it is in the DLQ", async () => {
  const name = await createFunction(kit, recorder("throw new Error('cannot price this order');"), {
    Timeout: 1,
  });
  const { queue, dlq } = await createQueueWithDlq(kit, 2, 1);
  await mapping({ FunctionName: name, EventSourceArn: queue.arn });
  const sent = await send(queue, '{"order_id":"ORD-POISON","items":[{"price":-1}]}');

  const dead = await eventually(() => kit.cloud.inspectQueue(dlq.name)?.ready[0]);
  expect(dead.messageId).toBe(sent.MessageId);
  expect(dead.body).toBe('{"order_id":"ORD-POISON","items":[{"price":-1}]}');
  await eventually(queueEmpty(queue));
  // Once the message is in the DLQ nothing can deliver it again: wait for the log, then count.
  const seen = await eventually(async () => {
    const all = await records(name);
    return all.length >= 2 ? all : undefined;
  });
  expect(seen.map((r) => [r.id, r.count])).toEqual([
    [sent.MessageId, 1],
    [sent.MessageId, 2],
  ]);
});

test("ReportBatchItemFailures: only the reported messages stay; they dead-letter on their own", async () => {
  const name = await createFunction(
    kit,
    recorder(
      "return { batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })) };",
    ),
    { Timeout: 1 },
  );
  const { queue, dlq } = await createQueueWithDlq(kit, 2, 2);
  const { uuid } = await mapping({
    FunctionName: name,
    EventSourceArn: queue.arn,
    Enabled: false,
    BatchSize: 3,
    MaximumBatchingWindowInSeconds: 1,
    FunctionResponseTypes: ["ReportBatchItemFailures"],
  });
  const good1 = await send(queue, "good-1");
  const bad = await send(queue, "bad");
  const good2 = await send(queue, "good-2");
  await kit.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));

  const dead = await eventually(() => kit.cloud.inspectQueue(dlq.name)?.ready[0]);
  expect(dead.messageId).toBe(bad.MessageId);
  await eventually(queueEmpty(queue));
  // The move to the DLQ happens during a receive, so the last invocation may still be logging.
  const seen = await eventually(async () => {
    const all = await records(name);
    return all.filter((r) => r.id === bad.MessageId).length >= 2 ? all : undefined;
  });
  const times = (id: string | undefined) => seen.filter((r) => r.id === id).length;
  expect([times(good1.MessageId), times(good2.MessageId), times(bad.MessageId)]).toEqual([1, 1, 2]);
});

test("ReportBatchItemFailures: an unknown or empty identifier fails the whole batch; an empty list means all succeeded", async () => {
  const name = await createFunction(
    kit,
    recorder(`const first = event.Records.some((r) => r.attributes.ApproximateReceiveCount === "1");
      if (first) return { batchItemFailures: [{ itemIdentifier: event.Records[0].body === "a" ? "not-in-this-batch" : "" }] };
      return { batchItemFailures: [] };`),
    { Timeout: 1 },
  );
  const { queue, dlq } = await createQueueWithDlq(kit, 3, 1);
  const { uuid } = await mapping({
    FunctionName: name,
    EventSourceArn: queue.arn,
    Enabled: false,
    BatchSize: 2,
    MaximumBatchingWindowInSeconds: 1,
    FunctionResponseTypes: ["ReportBatchItemFailures"],
  });
  const a = await send(queue, "a");
  const b = await send(queue, "b");
  await kit.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
  await eventually(async () => ((await records(name)).length >= 4 ? true : undefined));
  await eventually(queueEmpty(queue));
  const seen = await records(name);
  expect(seen.filter((r) => r.id === a.MessageId).map((r) => r.count)).toEqual([1, 2]);
  expect(seen.filter((r) => r.id === b.MessageId).map((r) => r.count)).toEqual([1, 2]);
  expect(kit.cloud.inspectQueue(dlq.name)?.ready).toEqual([]);
});

test("Enabled false pauses the poller (messages wait in the queue); true resumes it", async () => {
  const name = await createFunction(kit, recorder());
  const queue = await createQueue(kit);
  const { uuid } = await mapping({ FunctionName: name, EventSourceArn: queue.arn });
  const disabling = await kit.lambda.send(
    new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }),
  );
  expect(disabling.State).toBe("Disabling");
  await eventually(async () =>
    (await kit.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State === "Disabled"
      ? true
      : undefined,
  );
  const sent = await send(queue, "while paused");
  // A long poll of another, empty queue lets the cloud's clock run past a whole poller long
  // poll: a poller still receiving would have taken the message at once.
  const pausedAt = kit.cloud.now();
  const elsewhere = await createQueue(kit);
  await kit.sqs.send(new ReceiveMessageCommand({ QueueUrl: elsewhere.url, WaitTimeSeconds: 20 }));
  expect(kit.cloud.now() - pausedAt).toBeGreaterThanOrEqual(20_000);
  const waiting = kit.cloud.inspectQueue(queue.name);
  expect(waiting?.ready.map((m) => [m.messageId, m.approximateReceiveCount])).toEqual([
    [sent.MessageId, 0],
  ]);
  expect(waiting?.inflight).toEqual([]);
  const enabling = await kit.lambda.send(
    new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }),
  );
  expect(enabling.State).toBe("Enabling");
  await eventually(async () =>
    (await records(name)).some((r) => r.id === sent.MessageId) ? true : undefined,
  );
  await eventually(queueEmpty(queue));
});

test("BatchSize and the batching window gather messages into one invocation", async () => {
  const name = await createFunction(kit, recorder());
  const queue = await createQueue(kit);
  const { uuid } = await mapping({
    FunctionName: name,
    EventSourceArn: queue.arn,
    Enabled: false,
    BatchSize: 15,
    MaximumBatchingWindowInSeconds: 2,
  });
  for (let i = 0; i < 15; i++) await send(queue, `m${i}`);
  await kit.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
  await eventually(queueEmpty(queue));
  const batches = (await consoleLines(kit, name))
    .map(([, m]) => m)
    .filter((m) => m.startsWith("batch "));
  expect(batches).toEqual(["batch 15"]);
});

test("ScalingConfig.MaximumConcurrency bounds the batches in flight", async () => {
  const name = await createFunction(kit, {
    "index.js": `exports.handler = async (event) => {
      console.log("begin " + Date.now());
      await new Promise((r) => setTimeout(r, 300));
      console.log("end " + Date.now());
    };`,
  });
  const queue = await createQueue(kit);
  const { uuid } = await mapping({
    FunctionName: name,
    EventSourceArn: queue.arn,
    Enabled: false,
    BatchSize: 1,
    ScalingConfig: { MaximumConcurrency: 2 },
  });
  for (let i = 0; i < 6; i++) await send(queue, `m${i}`);
  await kit.lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
  await eventually(queueEmpty(queue));
  const events = (await consoleLines(kit, name))
    .map(([, m]) => m.split(" "))
    .map(([kind, at]) => ({ delta: kind === "begin" ? 1 : -1, at: Number(at) }))
    .sort((x, y) => x.at - y.at || x.delta - y.delta);
  expect(events.filter((e) => e.delta === 1)).toHaveLength(6);
  let running = 0;
  let most = 0;
  for (const event of events) {
    running += event.delta;
    most = Math.max(most, running);
  }
  expect(most).toBeLessThanOrEqual(2);
});
