// The Lambda pollers' in-process door: the wire's ReceiveMessage and DeleteMessageBatch without
// HTTP, answers shaped as the SDK's. Always runs on an SQS server of its own.
import { CreateQueueCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { LocalSqs } from "../types.ts";
import { sqsClient } from "./testing/sqs-target.ts";
import { startSqsServer, type SqsServer } from "./testing/sqs-server.ts";

let server: SqsServer;
let sqs: SQSClient;
let door: LocalSqs;
beforeAll(async () => {
  server = await startSqsServer();
  sqs = sqsClient(server.endpoint);
  door = server.service.local;
});
afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

let n = 0;
async function queue(attributes?: Record<string, string>) {
  const name = `door-${++n}`;
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  return { url: QueueUrl as string, arn: `arn:aws:sqs:us-east-1:000000000000:${name}` };
}

const signal = () => new AbortController().signal;

test("receives as the SDK would: all system attributes, binary attributes as bytes", async () => {
  const q = await queue();
  const sent = await sqs.send(
    new SendMessageCommand({
      QueueUrl: q.url,
      MessageBody: "hello",
      MessageAttributes: {
        Kind: { DataType: "String", StringValue: "greeting" },
        Raw: { DataType: "Binary", BinaryValue: Buffer.from([1, 2, 3]) },
      },
    }),
  );
  const [m] = await door.receive(q.arn, { max: 10, waitSeconds: 0, signal: signal() });
  expect(m).toMatchObject({
    MessageId: sent.MessageId,
    Body: "hello",
    MD5OfBody: sent.MD5OfMessageBody,
    MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
    Attributes: { ApproximateReceiveCount: "1", SenderId: "000000000000" },
    MessageAttributes: { Kind: { DataType: "String", StringValue: "greeting" } },
  });
  expect([...(m?.MessageAttributes?.Raw?.BinaryValue ?? [])]).toEqual([1, 2, 3]);
  await door.deleteBatch(q.arn, [m?.ReceiptHandle as string]);
  expect(server.service.inspect(q.arn.split(":")[5] as string)).toEqual({
    ready: [],
    delayed: [],
    inflight: [],
  });
});

test("a long poll waits for a message and stops when its signal aborts", async () => {
  const q = await queue();
  const waiting = door.receive(q.arn, { max: 10, waitSeconds: 20, signal: signal() });
  await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "arrived" }));
  expect((await waiting).map((m) => m.Body)).toEqual(["arrived"]);
  const stop = new AbortController();
  const stopped = door.receive(q.arn, { max: 10, waitSeconds: 20, signal: stop.signal });
  stop.abort();
  expect(await stopped).toEqual([]);
});

test("redrives as the wire does, and names a missing queue as the SDK would", async () => {
  const dlq = await queue();
  const q = await queue({
    VisibilityTimeout: "0",
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
  });
  await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "poison" }));
  const receive = () => door.receive(q.arn, { max: 10, waitSeconds: 0, signal: signal() });
  expect((await receive()).map((m) => m.Body)).toEqual(["poison"]);
  expect(await receive()).toEqual([]);
  const [dead] = await door.receive(dlq.arn, { max: 1, waitSeconds: 0, signal: signal() });
  expect(dead?.Attributes).toMatchObject({
    ApproximateReceiveCount: "2",
    DeadLetterQueueSourceArn: q.arn,
  });
  await expect(
    door.receive(`${q.arn}-gone`, { max: 1, waitSeconds: 0, signal: signal() }),
  ).rejects.toMatchObject({
    name: "QueueDoesNotExist",
  });
});
