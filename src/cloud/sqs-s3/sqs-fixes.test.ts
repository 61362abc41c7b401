/*
 * fauxqs 2.4.1 behaviours orderflow patches (patches/fauxqs+2.4.1.patch), checked against
 * moto 5.2 with the same SDK calls. These tests fail if the patch was not applied.
 */
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
} from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../aws/clients.ts";
import type { Cloud } from "../index.ts";
import { startTestCloud, stopTestCloud } from "../testing/test-cloud.ts";

let cloud: Cloud;
let aws: AwsClients;

beforeAll(async () => {
  ({ cloud, aws } = await startTestCloud());
});

afterAll(() => stopTestCloud({ cloud, aws }));

async function queue(name: string, attributes?: Record<string, string>) {
  const { QueueUrl } = await aws.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const attrs = await aws.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl ?? "", arn: attrs.Attributes?.QueueArn ?? "" };
}

async function receiveOne(
  url: string,
  extra: { MessageAttributeNames?: string[] } = {},
): Promise<Message | undefined> {
  const out = await aws.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      VisibilityTimeout: 0,
      MessageSystemAttributeNames: ["All"],
      ...extra,
    }),
  );
  return out.Messages?.[0];
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return (error as Error).name;
  }
}

describe("protocols", () => {
  it("tells a client that speaks SQS's Query protocol to upgrade instead of answering as SNS", async () => {
    const res = await fetch(cloud.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization:
          "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x",
      },
      body: "Action=ListQueues&Version=2012-11-05",
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("<Code>InvalidAction</Code>");
    expect(text).toContain("JSON protocol only");
  });
});

describe("message bodies", () => {
  it("accepts emoji and other characters beyond the BMP and returns them intact", async () => {
    const q = await queue("emoji");
    const body = JSON.stringify({
      items: [{ name: "Café ☕ mug 😀", price: 12.5 }],
      note: "𝄞 music",
    });
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: body }));
    expect((await receiveOne(q.url))?.Body).toBe(body);
  });

  it("refuses a lone surrogate with InvalidMessageContents (no AWS.SimpleQueueService. prefix)", async () => {
    const q = await queue("lone-surrogate");
    const name = await errorName(
      aws.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "bad \ud800 char" })),
    );
    expect(name).toBe("InvalidMessageContents");
  });

  it("keeps the legacy query code only where AWS has one", async () => {
    try {
      await aws.sqs.send(new GetQueueUrlCommand({ QueueName: "does-not-exist" }));
      throw new Error("expected QueueDoesNotExist");
    } catch (error) {
      expect((error as Error).name).toBe("QueueDoesNotExist");
      expect((error as { Code?: string }).Code).toBe("AWS.SimpleQueueService.NonExistentQueue");
    }
  });
});

describe("dead-letter redrive", () => {
  it("moves a message after maxReceiveCount receives; the DLQ's first receive counts maxReceiveCount + 1", async () => {
    const dlq = await queue("fix-dlq");
    const source = await queue("fix-source", {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: "2" }),
    });
    const sent = await aws.sqs.send(
      new SendMessageCommand({ QueueUrl: source.url, MessageBody: "poison" }),
    );

    expect((await receiveOne(source.url))?.Attributes?.ApproximateReceiveCount).toBe("1");
    expect((await receiveOne(source.url))?.Attributes?.ApproximateReceiveCount).toBe("2");
    expect(await receiveOne(source.url)).toBeUndefined();
    expect(
      cloud.inspectQueue("fix-dlq")?.ready.map((m) => [m.messageId, m.approximateReceiveCount]),
    ).toEqual([[sent.MessageId, 2]]);

    const dead = await receiveOne(dlq.url);
    expect(dead?.MessageId).toBe(sent.MessageId);
    expect(dead?.Body).toBe("poison");
    expect(dead?.Attributes?.ApproximateReceiveCount).toBe("3");
    expect(dead?.Attributes?.DeadLetterQueueSourceArn).toBe(source.arn);
  });
});

describe("message attributes on receive", () => {
  const attributes = {
    kind: { DataType: "String", StringValue: "order" },
    size: { DataType: "Number", StringValue: "3" },
  };

  it("returns no attributes and no digest when none were asked for", async () => {
    const q = await queue("attrs-none");
    await aws.sqs.send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: "m", MessageAttributes: attributes }),
    );
    const m = await receiveOne(q.url);
    expect(m?.MessageAttributes).toBeUndefined();
    expect(m?.MD5OfMessageAttributes).toBeUndefined();
  });

  it("digests only the attributes it returns (the SDK checks that digest)", async () => {
    const q = await queue("attrs-some");
    const sent = await aws.sqs.send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: "m", MessageAttributes: attributes }),
    );
    const some = await receiveOne(q.url, { MessageAttributeNames: ["kind"] });
    expect(Object.keys(some?.MessageAttributes ?? {})).toEqual(["kind"]);
    // moto 5.2 and AWS answer this digest for {kind: String "order"} alone.
    const other = await queue("attrs-single");
    const single = await aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: other.url,
        MessageBody: "n",
        MessageAttributes: { kind: attributes.kind },
      }),
    );
    expect(some?.MD5OfMessageAttributes).toBe(single.MD5OfMessageAttributes);
    const all = await receiveOne(q.url, { MessageAttributeNames: ["All"] });
    expect(all?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
  });
});

describe("receipt handles", () => {
  it("refuses a malformed receipt handle on delete, batch delete and visibility change", async () => {
    const q = await queue("handles");
    expect(
      await errorName(
        aws.sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: "garbage" })),
      ),
    ).toBe("ReceiptHandleIsInvalid");
    const batch = await aws.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [{ Id: "a", ReceiptHandle: "garbage" }],
      }),
    );
    expect(batch.Failed?.map((f) => [f.Id, f.Code, f.SenderFault])).toEqual([
      ["a", "ReceiptHandleIsInvalid", true],
    ]);
    expect(
      await errorName(
        aws.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: q.url,
            ReceiptHandle: "garbage",
            VisibilityTimeout: 5,
          }),
        ),
      ),
    ).toBe("ReceiptHandleIsInvalid");
  });

  it("accepts a stale but well-formed handle on delete, as AWS does", async () => {
    const q = await queue("stale-handle");
    await aws.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: "once" }));
    const m = await receiveOne(q.url);
    const handle = m?.ReceiptHandle ?? "";
    await aws.sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: handle }));
    await expect(
      aws.sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: handle })),
    ).resolves.toBeDefined();
    expect(cloud.inspectQueue("stale-handle")).toEqual({ ready: [], delayed: [], inflight: [] });
  });
});
