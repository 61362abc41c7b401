import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorClients, destroyClients } from "../aws/clients.ts";
import { startCloud, type Cloud } from "./index.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function clientsOf(cloud: Cloud) {
  return emulatorClients(cloud.endpoint, cloud.region);
}

/** A listener on `port`, or undefined when something else already listens there. */
function holdPort(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

test("with a data directory, queues, messages, buckets and objects survive a restart on another port", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-data-"));
  dirs.push(dataDir);
  const first = await startCloud({ port: 0, dataDir });
  const before = clientsOf(first);
  try {
    const { QueueUrl } = await before.sqs.send(new CreateQueueCommand({ QueueName: "kept" }));
    await before.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "still here" }));
    await before.s3.send(new CreateBucketCommand({ Bucket: "kept-bucket" }));
    await before.s3.send(
      new PutObjectCommand({ Bucket: "kept-bucket", Key: "a.json", Body: "{}" }),
    );
  } finally {
    destroyClients(before);
    await first.stop();
  }

  // Hold the first port so the restart cannot land on it by chance. If another test took it
  // in the meantime, it is held all the same.
  const blocker = await holdPort(first.port);
  const second = await startCloud({ port: 0, dataDir });
  const after = clientsOf(second);
  try {
    expect(second.port).not.toBe(first.port);
    const { QueueUrl } = await after.sqs.send(new GetQueueUrlCommand({ QueueName: "kept" }));
    expect(QueueUrl).toBe(`${second.endpoint}/000000000000/kept`);
    const { Messages } = await after.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(Messages?.map((m) => m.Body)).toEqual(["still here"]);
    const object = await after.s3.send(
      new GetObjectCommand({ Bucket: "kept-bucket", Key: "a.json" }),
    );
    expect(await object.Body!.transformToString()).toBe("{}");
  } finally {
    destroyClients(after);
    await second.stop();
    blocker?.close();
  }
});

test("without a data directory a cloud starts empty", async () => {
  const cloud = await startCloud({ port: 0 });
  const aws = clientsOf(cloud);
  try {
    await expect(aws.sqs.send(new GetQueueUrlCommand({ QueueName: "kept" }))).rejects.toThrow();
  } finally {
    destroyClients(aws);
    await cloud.stop();
  }
});
