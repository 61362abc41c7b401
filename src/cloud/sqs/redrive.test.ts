// Dead-letter queues and message move tasks through the SDK v3 client. Runs against
// CLOUD_ENDPOINT when it is set.
import {
  CancelMessageMoveTaskCommand,
  ListMessageMoveTasksCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { sqsCalls } from "./testing/sqs-calls.ts";
import { sqsError, sqsSuite, until, type TestQueue } from "./testing/sqs-target.ts";

const t = sqsSuite();

const { send, receive } = sqsCalls(t);
const redriveTo = (dlq: TestQueue, maxReceiveCount = 1) => ({
  RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
});

/** A source queue whose messages land in its dead-letter queue after one receive. */
async function pipe(count: number, dlq?: TestQueue) {
  const dead = dlq ?? (await t.queue("dlq"));
  const source = await t.queue("source", redriveTo(dead));
  for (let i = 0; i < count; i++) await send(source.url, `message-${i}`);
  for (let i = 0; i < count * 2; i++) await receive(source.url, { VisibilityTimeout: 0 });
  return { source, dead };
}

const tasks = (SourceArn: string) =>
  t.sqs.send(new ListMessageMoveTasksCommand({ SourceArn })).then((r) => r.Results ?? []);

describe("dead-letter queues", () => {
  it("receive a message with its id, body and attributes, its source and its receive count", async () => {
    const dlq = await t.queue("dlq-attrs");
    const q = await t.queue("src-attrs", redriveTo(dlq));
    const trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    await send(q.url, "message-1", {
      MessageAttributes: { MyAttribute: { DataType: "String", StringValue: "foobar" } },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: "String", StringValue: trace } },
    });
    await send(q.url, "message-2");
    const all = {
      VisibilityTimeout: 0,
      MessageSystemAttributeNames: ["All" as const],
      MessageAttributeNames: ["All"],
    };
    const before = [];
    for (let i = 0; i < 4; i++) before.push(...(await receive(q.url, all)));
    expect(before.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([
      ["message-1", "1"],
      ["message-2", "1"],
    ]);
    const dead = await receive(dlq.url, { ...all, MaxNumberOfMessages: 10 });
    expect(dead.map((m) => m.MessageId)).toEqual(before.map((m) => m.MessageId));
    expect(dead[0]?.Attributes).toMatchObject({
      ApproximateReceiveCount: "2",
      AWSTraceHeader: trace,
      DeadLetterQueueSourceArn: q.arn,
    });
    expect(dead[0]?.MessageAttributes).toEqual({
      MyAttribute: { DataType: "String", StringValue: "foobar" },
    });
    expect(dead[0]?.MD5OfMessageAttributes).toBe("adb59cd4678ea5a855436b949cd07ab6");
    expect(dead[1]?.Attributes).toMatchObject({
      ApproximateReceiveCount: "2",
      DeadLetterQueueSourceArn: q.arn,
    });
  });

  it("take FIFO messages, and the FIFO source keeps working", async () => {
    const fifo = { FifoQueue: "true", ContentBasedDeduplication: "true" };
    const dlq = await t.queue("fifo-dlq", fifo);
    const q = await t.queue("fifo-src", { ...fifo, ...redriveTo(dlq, 2) });
    const sent = await send(q.url, "foobar", { MessageGroupId: "1" });
    for (let i = 0; i < 3; i++) await receive(q.url, { VisibilityTimeout: 0 });
    expect((await receive(dlq.url)).map((m) => [m.MessageId, m.Body])).toEqual([
      [sent.MessageId, "foobar"],
    ]);
    const next = await send(q.url, "foobar2", { MessageGroupId: "1" });
    expect((await receive(q.url)).map((m) => m.MessageId)).toEqual([next.MessageId]);
  });

  it("accept only the sources their RedriveAllowPolicy names", async () => {
    const closed = await t.queue("closed", {
      RedriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }),
    });
    const q = await t.queue("refused-src");
    const error = await sqsError(
      t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: redriveTo(closed) })),
    );
    expect(error).toMatchObject({ name: "InvalidParameterValue" });
    const open = await t.queue("open", {
      RedriveAllowPolicy: JSON.stringify({
        redrivePermission: "byQueue",
        sourceQueueArns: [q.arn],
      }),
    });
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: redriveTo(open) }),
    );
  });
});

describe("message move tasks", () => {
  it("move a dead-letter queue's messages to a destination and report it done", async () => {
    const { dead } = await pipe(2);
    const destination = await t.queue("destination");
    const { TaskHandle } = await t.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dead.arn, DestinationArn: destination.arn }),
    );
    const handle = JSON.parse(Buffer.from(TaskHandle ?? "", "base64").toString("utf8"));
    expect(handle).toEqual({
      taskId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sourceArn: dead.arn,
    });
    const [done] = await until(async () => {
      const results = await tasks(dead.arn);
      return results[0]?.Status === "COMPLETED" ? results : undefined;
    }, "the move task to complete");
    expect(done).toEqual({
      ApproximateNumberOfMessagesMoved: 2,
      ApproximateNumberOfMessagesToMove: 2,
      DestinationArn: destination.arn,
      SourceArn: dead.arn,
      StartedTimestamp: expect.any(Number),
      Status: "COMPLETED",
    });
    const moved = await receive(destination.url, { MaxNumberOfMessages: 10 });
    expect(moved.map((m) => m.Body).sort()).toEqual(["message-0", "message-1"]);
    expect(await receive(dead.url)).toEqual([]);
  });

  it("move messages back to the queues they came from when no destination is named", async () => {
    const one = await pipe(2);
    const two = await pipe(2, one.dead);
    await t.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: one.dead.arn }));
    await until(
      async () => ((await tasks(one.dead.arn))[0]?.Status === "COMPLETED" ? true : undefined),
      "completion",
    );
    for (const { source } of [one, two]) {
      const back = await receive(source.url, {
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
      });
      expect(back.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([
        ["message-0", "1"],
        ["message-1", "1"],
      ]);
    }
  });

  it("start only from a dead-letter queue, to a queue that exists, one at a time; cancel by handle", async () => {
    const plain = await t.queue("plain");
    const start = (SourceArn: string, DestinationArn?: string, rate?: number) =>
      t.sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn,
          DestinationArn,
          MaxNumberOfMessagesPerSecond: rate,
        }),
      );
    expect(await sqsError(start(plain.arn, plain.arn))).toMatchObject({
      name: "InvalidParameterValue",
      message: "Source queue must be configured as a Dead Letter Queue.",
    });
    const { dead } = await pipe(6);
    expect(await sqsError(start(dead.arn, `${plain.arn}doesntexist`))).toMatchObject({
      name: "ResourceNotFoundException",
      message: "The resource that you specified for the DestinationArn parameter doesn't exist.",
      status: 404,
    });
    const { TaskHandle } = await start(dead.arn, plain.arn, 1);
    expect(await sqsError(start(dead.arn, plain.arn))).toMatchObject({
      name: "InvalidParameterValue",
      message:
        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
    });
    const running = await tasks(dead.arn);
    expect(running[0]).toMatchObject({
      Status: "RUNNING",
      TaskHandle,
      MaxNumberOfMessagesPerSecond: 1,
      ApproximateNumberOfMessagesToMove: 6,
    });
    const cancelled = await t.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeLessThan(6);
    const [last] = await until(async () => {
      const results = await tasks(dead.arn);
      return results[0]?.Status === "CANCELLED" ? results : undefined;
    }, "the task to be cancelled");
    expect(last?.TaskHandle).toBeUndefined();
  });

  it("refuse to cancel with a handle that is malformed or names no queue or task", async () => {
    const cancel = (TaskHandle: string) =>
      sqsError(t.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })));
    const handle = (taskId: string, sourceArn: string) =>
      Buffer.from(JSON.stringify({ taskId, sourceArn })).toString("base64");
    expect(await cancel("foobared")).toMatchObject({
      name: "InvalidParameterValue",
      message: "Value for parameter TaskHandle is invalid.",
    });
    const nowhere = "arn:aws:sqs:us-east-1:878966065785:test-queue-doesnt-exist-123456";
    expect(await cancel(handle("10f57157-fc38-4da9-a113-4de7e12d05dd", nowhere))).toMatchObject({
      name: "ResourceNotFoundException",
      message: "The resource that you specified for the SourceArn parameter doesn't exist.",
    });
    const q = await t.queue("no-task");
    expect(await cancel(handle("10f57157-fc38-4da9-a113-4de7e12d05aa", q.arn))).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Task does not exist.",
    });
  });
});
