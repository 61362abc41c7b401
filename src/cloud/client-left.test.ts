// A client that leaves in the middle of a request (a Lambda worker stopped by a timeout or a
// crash) is not a failure of the cloud: nothing is logged ("service failed" lines are for real
// failures), the S3 forwarder drops fauxqs's side of the request, a long poll it left takes no
// message, and the next requests are answered as usual.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { AwsClients } from "../aws/clients.ts";
import type { Cloud } from "./index.ts";
import { startTestCloud, stopTestCloud } from "./testing/test-cloud.ts";

let cloud: Cloud;
let aws: AwsClients;
const bucket = "forwarded-bucket";

beforeAll(async () => {
  ({ cloud, aws } = await startTestCloud());
  await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await aws.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: "big.bin", Body: Buffer.alloc(8 << 20, 7) }),
  );
});

afterAll(() => stopTestCloud({ cloud, aws }));

/** Writes `head` (and as much of a body as given) on a raw connection, then cuts it. */
async function leaveMidway(head: string, body = "", readFirst = false): Promise<void> {
  const { port } = new URL(cloud.endpoint);
  const socket = connect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write(head + body);
  if (readFirst) await new Promise((resolve) => socket.once("data", resolve));
  else await sleep(100);
  socket.destroy();
}

const signedFor = (service: string) =>
  `Authorization: AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0\r\n`;

const request = (method: string, key: string, extra = "") =>
  `${method} /${bucket}/${key} HTTP/1.1\r\nHost: 127.0.0.1\r\n${signedFor("s3")}${extra}\r\n`;

const sqsRequest =
  `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${signedFor("sqs")}` +
  `X-Amz-Target: AmazonSQS.SendMessage\r\nContent-Type: application/x-amz-json-1.0\r\n` +
  `Content-Length: 5000\r\n\r\n`;

/** Runs `work` and returns the "service failed" lines the cloud wrote meanwhile. */
async function failuresDuring(work: () => Promise<void>): Promise<string[]> {
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await work();
    await sleep(300);
    return stderr.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.includes("service failed"));
  } finally {
    stderr.mockRestore();
  }
}

describe("a client that leaves midway", () => {
  it("is no S3 failure, during an upload or a download, and S3 keeps serving", async () => {
    const failures = await failuresDuring(async () => {
      for (let i = 0; i < 5; i++) {
        await leaveMidway(
          request("PUT", `cut-${i}.json`, "Content-Length: 100000\r\n"),
          "x".repeat(1000),
        );
        await leaveMidway(request("GET", "big.bin"), "", true);
      }
    });
    expect(failures).toEqual([]);
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: "after.json", Body: "ok" }));
    const got = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "after.json" }));
    expect(await got.Body?.transformToString()).toBe("ok");
  });

  it("is no SQS failure, and SQS keeps serving", async () => {
    const failures = await failuresDuring(async () => {
      for (let i = 0; i < 5; i++) await leaveMidway(sqsRequest, '{"QueueUrl": "');
    });
    expect(failures).toEqual([]);
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "after-cut" }));
    const sent = await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "ok" }));
    expect(sent.MessageId).toBeDefined();
  });

  it("takes no message when it was waiting in a long poll", async () => {
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "left-poll" }));
    const leave = new AbortController();
    const poll = aws.sqs
      .send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }), {
        abortSignal: leave.signal,
      })
      .catch((error: unknown) => error);
    await sleep(300);
    leave.abort();
    expect(await poll).toMatchObject({ name: "AbortError" });
    await sleep(100);
    await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "for whoever is there" }));
    const after = cloud.inspectQueue("left-poll");
    expect(after?.ready.map((m) => m.body)).toEqual(["for whoever is there"]);
    expect(after?.inflight).toEqual([]);
  });
});
