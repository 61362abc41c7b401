// Limits that take minutes to see on a real clock: retention, the one-minute cool-downs after a
// purge and a queue deletion, the five-minute FIFO deduplication window, a move task's pace.
// Always runs on an SQS server of its own, on a test clock.
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { ManualClock } from "../testing/manual-clock.ts";
import { sqsClient, sqsError } from "./testing/sqs-target.ts";
import { startSqsServer, type SqsServer } from "./testing/sqs-server.ts";

const clock = new ManualClock(Date.now());
let server: SqsServer;
let sqs: SQSClient;
beforeAll(async () => {
  server = await startSqsServer({ clock });
  sqs = sqsClient(server.endpoint);
});
afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

let n = 0;
async function queue(attributes?: Record<string, string>, fifo = false) {
  const name = `limits-${++n}${fifo ? ".fifo" : ""}`;
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  return { name, url: QueueUrl as string, arn: `arn:aws:sqs:us-east-1:000000000000:${name}` };
}
const send = (QueueUrl: string, MessageBody: string, extra: object = {}) =>
  sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, ...extra }));
const bodies = async (QueueUrl: string, MaxNumberOfMessages = 10) =>
  (
    (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages }))).Messages ?? []
  ).map((m) => m.Body);

test("messages older than the retention period are not delivered, not even after being in flight", async () => {
  const q = await queue({ MessageRetentionPeriod: "60" });
  await send(q.url, "old, received");
  await send(q.url, "old, never received");
  await clock.advance(30_000);
  await send(q.url, "newer");
  expect(await bodies(q.url, 1)).toEqual(["old, received"]);
  await clock.advance(31_000);
  expect(await bodies(q.url)).toEqual(["newer"]);
  const fifo = await queue(
    { FifoQueue: "true", ContentBasedDeduplication: "true", MessageRetentionPeriod: "60" },
    true,
  );
  await send(fifo.url, "foobar1", { MessageGroupId: "1" });
  await send(fifo.url, "foobar2", { MessageGroupId: "2" });
  await clock.advance(61_000);
  expect(await bodies(fifo.url)).toEqual([]);
});

test("a second purge is refused for a minute, a deleted queue's name too", async () => {
  const q = await queue();
  await sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }));
  await clock.advance(59_000);
  expect(await sqsError(sqs.send(new PurgeQueueCommand({ QueueUrl: q.url })))).toMatchObject({
    name: "PurgeQueueInProgress",
  });
  await clock.advance(1_000);
  await sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }));
  await sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }));
  await clock.advance(59_000);
  expect(await sqsError(sqs.send(new CreateQueueCommand({ QueueName: q.name })))).toMatchObject({
    name: "QueueDeletedRecently",
  });
  await clock.advance(1_000);
  await sqs.send(new CreateQueueCommand({ QueueName: q.name }));
});

test("a FIFO deduplication id is remembered for five minutes", async () => {
  const q = await queue({ FifoQueue: "true" }, true);
  const first = await send(q.url, "one", { MessageGroupId: "g", MessageDeduplicationId: "d" });
  await clock.advance(299_000);
  expect(
    (await send(q.url, "two", { MessageGroupId: "g", MessageDeduplicationId: "d" })).MessageId,
  ).toBe(first.MessageId);
  await clock.advance(1_000);
  expect(
    (await send(q.url, "three", { MessageGroupId: "g", MessageDeduplicationId: "d" })).MessageId,
  ).not.toBe(first.MessageId);
  expect(await bodies(q.url)).toEqual(["one", "three"]);
});

test("a move task keeps to MaxNumberOfMessagesPerSecond on the clock", async () => {
  const dlq = await queue();
  // The dead-letter queue needs a source queue for a move task to start.
  await queue({
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
  });
  const destination = await queue();
  for (let i = 0; i < 4; i++) await send(dlq.url, `m-${i}`);
  await sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: dlq.arn,
      DestinationArn: destination.arn,
      MaxNumberOfMessagesPerSecond: 1,
    }),
  );
  const moved = async () => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: destination.url,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages);
  };
  expect(await moved()).toBe(1);
  await clock.advance(1_000);
  expect(await moved()).toBe(2);
  await clock.advance(2_000);
  expect(await moved()).toBe(4);
  const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }));
  expect(Results?.[0]).toMatchObject({ Status: "COMPLETED", ApproximateNumberOfMessagesMoved: 4 });
});
