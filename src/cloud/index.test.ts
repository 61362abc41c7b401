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
