import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { request } from "node:http";
import type { AwsClients } from "../aws/clients.ts";
import { startCloud, type Cloud } from "./index.ts";
import { startTestCloud, stopTestCloud } from "./testing/test-cloud.ts";

let cloud: Cloud;
let aws: AwsClients;

beforeAll(async () => {
  ({ cloud, aws } = await startTestCloud());
});

afterAll(() => stopTestCloud({ cloud, aws }));

describe("startCloud", () => {
  it("listens on the port it reports and uses LocalStack's defaults", () => {
    expect(cloud.endpoint).toBe(`http://127.0.0.1:${cloud.port}`);
    expect(cloud.port).toBeGreaterThan(0);
    expect(cloud.region).toBe("us-east-1");
    expect(cloud.accountId).toBe("000000000000");
  });

  it("answers LocalStack's health document with every service running", async () => {
    const res = await fetch(`${cloud.endpoint}/_localstack/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: Record<string, string> };
    expect(body.services).toEqual({
      sqs: "running",
      s3: "running",
      sts: "running",
      lambda: "running",
      iam: "running",
      logs: "running",
    });
  });

  it("serves STS GetCallerIdentity through fauxqs", async () => {
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("000000000000");
    expect(identity.Arn).toBe("arn:aws:iam::000000000000:root");
  });

  it("hands Lambda requests to the Lambda service, not to S3", async () => {
    const listed = await aws.lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions).toEqual([]);
  });

  it("keeps the URL as sent for our services when the Host has dots (no S3 virtual-host rewrite)", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: cloud.port,
          path: "/2015-03-31/functions",
          method: "GET",
          headers: {
            host: `localhost.localstack.cloud:${cloud.port}`,
            authorization:
              "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=x",
          },
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toHaveProperty("Functions");
  });

  it("gives queue URLs on the host the client used", async () => {
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "url-check" }));
    expect(QueueUrl).toBe(`${cloud.endpoint}/000000000000/url-check`);
  });
});

describe("startCloud on a busy port", () => {
  it("fails with a message that names the port", async () => {
    await expect(startCloud({ port: cloud.port })).rejects.toThrow(
      `127.0.0.1:${cloud.port} is already in use`,
    );
  });
});

describe("inspectQueue", () => {
  it("shows ready and in-flight messages without receiving them", async () => {
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "inspect-me" }));
    await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "first" }));
    await aws.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: "second", DelaySeconds: 60 }),
    );
    expect(cloud.inspectQueue("inspect-me")?.ready.map((m) => m.body)).toEqual(["first"]);
    expect(cloud.inspectQueue("inspect-me")?.ready[0]?.approximateReceiveCount).toBe(0);

    await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 30 }));
    const after = cloud.inspectQueue("inspect-me");
    expect(after?.ready).toEqual([]);
    expect(after?.delayed.map((m) => m.body)).toEqual(["second"]);
    expect(after?.inflight.map((m) => [m.body, m.approximateReceiveCount])).toEqual([["first", 1]]);
    expect(after?.inflight[0]?.visibilityDeadline).toBeGreaterThan(Date.now());
  });

  it("shows a message whose visibility timeout has run out as ready again", async () => {
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: "visible-again" }));
    await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "peeked" }));
    await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }));
    const seen = cloud.inspectQueue("visible-again");
    expect(seen?.inflight).toEqual([]);
    expect(seen?.ready.map((m) => [m.body, m.approximateReceiveCount])).toEqual([["peeked", 1]]);
  });

  it("answers undefined for a queue that does not exist", () => {
    expect(cloud.inspectQueue("no-such-queue")).toBeUndefined();
  });
});

describe("S3 conditional writes", () => {
  const bucket = "conditional-bucket";

  beforeAll(async () => {
    await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  async function statusOf(promise: Promise<unknown>): Promise<number | string> {
    try {
      await promise;
      return 200;
    } catch (error) {
      const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
      return `${e.$metadata?.httpStatusCode} ${e.name}`;
    }
  }

  async function read(key: string): Promise<string> {
    const out = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? "";
  }

  it("creates with If-None-Match: * once and answers 412 PreconditionFailed after", async () => {
    const put = (body: string) =>
      aws.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: "once.json", Body: body, IfNoneMatch: "*" }),
      );
    expect(await statusOf(put("first"))).toBe(200);
    expect(await statusOf(put("second"))).toBe("412 PreconditionFailed");
    expect(await read("once.json")).toBe("first");
  });

  it("lets exactly one of many concurrent conditional creates of one key win", async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => `writer-${i}`);
    const results = await Promise.all(
      bodies.map((body) =>
        statusOf(
          aws.s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: "race.json",
              Body: body,
              IfNoneMatch: "*",
            }),
          ),
        ),
      ),
    );
    expect(results.filter((r) => r === 200)).toHaveLength(1);
    expect(results.filter((r) => r === "412 PreconditionFailed")).toHaveLength(7);
    const winner = bodies[results.indexOf(200)];
    expect(await read("race.json")).toBe(winner);
  });

  it("compares If-Match with the current ETag", async () => {
    const first = await aws.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: "match.json", Body: "v1" }),
    );
    const stale = await statusOf(
      aws.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: "match.json",
          Body: "v2",
          IfMatch: '"0123456789abcdef0123456789abcdef"',
        }),
      ),
    );
    expect(stale).toBe("412 PreconditionFailed");
    expect(await read("match.json")).toBe("v1");
    const fresh = await statusOf(
      aws.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: "match.json",
          Body: "v2",
          IfMatch: first.ETag,
        }),
      ),
    );
    expect(fresh).toBe(200);
    expect(await read("match.json")).toBe("v2");
  });

  it("applies If-None-Match: * to CompleteMultipartUpload too", async () => {
    const complete = async (key: string) => {
      const { UploadId } = await aws.s3.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
      );
      const part = await aws.s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: 1,
          Body: `part of ${key}`,
        }),
      );
      return statusOf(
        aws.s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            IfNoneMatch: "*",
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
          }),
        ),
      );
    };
    expect(await complete("multipart.json")).toBe(200);
    expect(await complete("multipart.json")).toBe("412 PreconditionFailed");
    expect(await read("multipart.json")).toBe("part of multipart.json");
  });

  it("answers 404 NoSuchKey for If-Match on a missing key", async () => {
    const result = await statusOf(
      aws.s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: "absent.json", Body: "x", IfMatch: '"abc"' }),
      ),
    );
    expect(result).toBe("404 NoSuchKey");
  });

  it("sends AWS's XML error body with the failed condition", async () => {
    const url = `${cloud.endpoint}/${bucket}/once.json`;
    const res = await fetch(url, {
      method: "PUT",
      body: "again",
      headers: { "if-none-match": "*" },
    });
    expect(res.status).toBe(412);
    expect(res.headers.get("content-type")).toContain("xml");
    const text = await res.text();
    expect(text).toContain("<Code>PreconditionFailed</Code>");
    expect(text).toContain(
      "<Message>At least one of the pre-conditions you specified did not hold</Message>",
    );
    expect(text).toContain("<Condition>If-None-Match</Condition>");
  });
});
