// With a data directory, queues and messages survive a restart, and a killed process loses no
// message whose SendMessage was answered. Always runs on SQS servers of its own.
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sqsClient, sqsError } from "./testing/sqs-target.ts";
import { startSqsServer, type SqsServer } from "./testing/sqs-server.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "orderflow-sqs-"));
  dirs.push(dir);
  return dir;
}

async function withServer<T>(
  dir: string,
  work: (sqs: SQSClient, server: SqsServer) => Promise<T>,
): Promise<T> {
  const server = await startSqsServer({ dataDir: dir });
  const sqs = sqsClient(server.endpoint);
  try {
    return await work(sqs, server);
  } finally {
    sqs.destroy();
    await server.stop();
  }
}

const url = async (sqs: SQSClient, QueueName: string) =>
  (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl as string;

test("queues, messages and where each message stands survive a restart", async () => {
  const dir = dataDir();
  const before = await withServer(dir, async (sqs) => {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: "kept",
        Attributes: { VisibilityTimeout: "45" },
        tags: { team: "orders" },
      }),
    );
    const send = (MessageBody: string, extra = {}) =>
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, ...extra }));
    await send("in flight");
    await send("ready", {
      MessageAttributes: { Kind: { DataType: "String", StringValue: "plain" } },
    });
    await send("delayed", { DelaySeconds: 600 });
    const inflight = (
      await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 600 }))
    ).Messages?.[0];
    const { QueueUrl: fifo } = await sqs.send(
      new CreateQueueCommand({ QueueName: "kept.fifo", Attributes: { FifoQueue: "true" } }),
    );
    const first = await sqs.send(
      new SendMessageCommand({
        QueueUrl: fifo,
        MessageBody: "once",
        MessageGroupId: "g",
        MessageDeduplicationId: "d",
      }),
    );
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }),
    );
    return {
      handle: inflight?.ReceiptHandle,
      fifoId: first.MessageId,
      attributes: attributes.Attributes,
    };
  });

  await withServer(dir, async (sqs, server) => {
    const QueueUrl = await url(sqs, "kept");
    expect(QueueUrl).toBe(`${server.endpoint}/000000000000/kept`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }),
    );
    expect(Attributes).toEqual(before.attributes);
    expect(Attributes).toMatchObject({
      ApproximateNumberOfMessages: "1",
      ApproximateNumberOfMessagesNotVisible: "1",
      ApproximateNumberOfMessagesDelayed: "1",
    });
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({
      team: "orders",
    });
    const ready = (
      await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ["All"] }))
    ).Messages;
    expect(ready?.map((m) => [m.Body, m.MessageAttributes?.Kind?.StringValue])).toEqual([
      ["ready", "plain"],
    ]);
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: before.handle,
        VisibilityTimeout: 5,
      }),
    );
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: before.handle }));
    const { Attributes: after } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ["ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    expect(after?.ApproximateNumberOfMessagesNotVisible).toBe("1");
    const repeat = await sqs.send(
      new SendMessageCommand({
        QueueUrl: await url(sqs, "kept.fifo"),
        MessageBody: "once",
        MessageGroupId: "g",
        MessageDeduplicationId: "d",
      }),
    );
    expect(repeat.MessageId).toBe(before.fifoId);
  });
});

test("a purge and a deleted queue stay done after a restart", async () => {
  const dir = dataDir();
  await withServer(dir, async (sqs) => {
    const { QueueUrl: purged } = await sqs.send(new CreateQueueCommand({ QueueName: "purged" }));
    await sqs.send(new SendMessageCommand({ QueueUrl: purged, MessageBody: "x" }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: purged }));
    const { QueueUrl: deleted } = await sqs.send(new CreateQueueCommand({ QueueName: "deleted" }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: deleted }));
  });
  await withServer(dir, async (sqs) => {
    const QueueUrl = await url(sqs, "purged");
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    expect(await sqsError(sqs.send(new PurgeQueueCommand({ QueueUrl })))).toMatchObject({
      name: "PurgeQueueInProgress",
    });
    expect(await sqsError(url(sqs, "deleted"))).toMatchObject({ name: "QueueDoesNotExist" });
    expect(
      await sqsError(sqs.send(new CreateQueueCommand({ QueueName: "deleted" }))),
    ).toMatchObject({
      name: "QueueDeletedRecently",
    });
  });
});

test("a killed process loses no message whose SendMessage was answered", async () => {
  const dir = dataDir();
  const script = fileURLToPath(new URL("./testing/sqs-child.ts", import.meta.url));
  const child = spawn(process.execPath, [script, dir], { stdio: ["ignore", "pipe", "inherit"] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString("utf8").trim()));
    child.once("exit", (code) => reject(new Error(`the SQS process exited early (${code})`)));
  });
  const sqs = sqsClient(endpoint);
  const answered = new Set<string>();
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "durable" }));
    const sender = async () => {
      for (let i = 0; ; i++) {
        const { MessageId } = await sqs.send(
          new SendMessageCommand({ QueueUrl, MessageBody: `m-${i}` }),
        );
        answered.add(MessageId as string);
        if (answered.size === 200) child.kill("SIGKILL");
      }
    };
    await Promise.allSettled(Array.from({ length: 16 }, sender));
  } finally {
    sqs.destroy();
  }
  expect(answered.size).toBeGreaterThanOrEqual(200);
  await withServer(dir, async (_sqs, server) => {
    const kept = new Set(server.service.inspect("durable")?.ready.map((m) => m.messageId));
    expect([...answered].filter((id) => !kept.has(id))).toEqual([]);
  });
});
