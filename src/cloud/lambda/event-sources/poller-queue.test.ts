// The two ways a poller reaches its queue give the same answers: the SQS service's door
// in-process (what startCloud uses) and the SDK over HTTP (the fallback), on one SQS.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from "@aws-sdk/client-sqs";
import { startSqsServer, type SqsServer } from "../../sqs/testing/sqs-server.ts";
import type { LocalSqs } from "../../types.ts";
import { localQueue, sdkQueue, type PollerQueue } from "./poller-queue.ts";
import { toRecord } from "./sqs-records.ts";
import { awsConfigFor, clientBase } from "../../../aws/config.ts";

let server: SqsServer;
let sqs: SQSClient;
let local: LocalSqs;
let queueCount = 0;

beforeAll(async () => {
  server = await startSqsServer();
  sqs = new SQSClient(clientBase(awsConfigFor("us-east-1", server.endpoint)));
  local = server.service.local;
});

afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

async function queue(attributes: Record<string, string> = {}) {
  const name = `poller-queue-${++queueCount}`;
  const { QueueUrl = "" } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl, arn: Attributes?.QueueArn ?? "" };
}

const never = new AbortController().signal;

/** The record a function would get, without what differs between two receives. */
function comparable(message: Message, arn: string) {
  const { receiptHandle: _handle, attributes, ...rest } = toRecord(message, arn, "us-east-1");
  const { ApproximateReceiveCount: _count, ...steady } = attributes;
  return { ...rest, attributes: steady };
}

test("both receive the same record (attributes, binary values, digests) and count every receive", async () => {
  const q = await queue({ VisibilityTimeout: "0" });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: q.url,
      MessageBody: "hello",
      MessageAttributes: {
        kind: { DataType: "String", StringValue: "greeting" },
        blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    }),
  );
  const viaLocal = await localQueue(local, q.arn).receive(10, 0, never);
  const viaSdk = await sdkQueue(() => sqs, q.arn).receive(10, 0, never);
  expect(viaLocal).toHaveLength(1);
  expect(viaSdk).toHaveLength(1);
  expect(viaLocal[0]?.Attributes?.ApproximateReceiveCount).toBe("1");
  expect(viaSdk[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
  expect(comparable(viaLocal[0]!, q.arn)).toEqual(comparable(viaSdk[0]!, q.arn));
  expect(toRecord(viaLocal[0]!, q.arn, "us-east-1").messageAttributes.blob).toEqual({
    binaryValue: "AQID",
    stringListValues: [],
    binaryListValues: [],
    dataType: "Binary",
  });
});

test.each(["in-process", "SDK"])(
  "%s: past maxReceiveCount the message moves to the DLQ with its source and count",
  async (label) => {
    const dlq = await queue({ VisibilityTimeout: "0" });
    const source = await queue({
      VisibilityTimeout: "0",
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    const make = (arn: string): PollerQueue =>
      label === "SDK" ? sdkQueue(() => sqs, arn) : localQueue(local, arn);
    const poller = make(source.arn);
    await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: "poison" }));
    expect(await poller.receive(10, 0, never)).toHaveLength(1);
    expect(await poller.receive(10, 0, never)).toHaveLength(1);
    expect(await poller.receive(10, 0, never)).toEqual([]);
    const [dead] = await make(dlq.arn).receive(10, 0, never);
    expect(dead?.Body).toBe("poison");
    expect(dead?.Attributes).toMatchObject({
      DeadLetterQueueSourceArn: source.arn,
      ApproximateReceiveCount: "3",
    });
  },
);

test("a long poll wakes for a message sent while it waits; delete removes what was received", async () => {
  const q = await queue();
  const poller = localQueue(local, q.arn);
  const waiting = poller.receive(10, 5, never);
  await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "late" }));
  const [message] = await waiting;
  expect(message?.Body).toBe("late");
  await poller.delete([message?.ReceiptHandle ?? ""]);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: q.url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  expect(Attributes).toMatchObject({
    ApproximateNumberOfMessages: "0",
    ApproximateNumberOfMessagesNotVisible: "0",
  });
});

test("an aborted long poll returns nothing and leaves later messages to others", async () => {
  const q = await queue();
  const abort = new AbortController();
  const waiting = localQueue(local, q.arn).receive(10, 20, abort.signal);
  abort.abort();
  expect(await waiting).toEqual([]);
  await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "after" }));
  const answer = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  expect(answer.Messages?.map((m) => m.Body)).toEqual(["after"]);
});

test("a queue that does not exist fails the receive, as over HTTP", async () => {
  const arn = "arn:aws:sqs:us-east-1:000000000000:no-such-queue";
  await expect(localQueue(local, arn).receive(1, 0, never)).rejects.toThrow(/does not exist/);
  await expect(sdkQueue(() => sqs, arn).receive(1, 0, never)).rejects.toThrow();
});
