// LocalStack's developer endpoint on our SQS, answered as LocalStack 4.14 does. Always runs on
// an SQS server of its own: moto has no such endpoint.
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { request } from "undici";
import { sqsClient, sqsError } from "./testing/sqs-target.ts";
import { startSqsServer, type SqsServer } from "./testing/sqs-server.ts";

let server: SqsServer;
let sqs: SQSClient;
beforeAll(async () => {
  server = await startSqsServer();
  sqs = sqsClient(server.endpoint);
});
afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

let n = 0;
async function queueWith(
  bodies: string[],
  attributes?: Record<string, string>,
  name = `peek-${++n}`,
) {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  for (const body of bodies)
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  return QueueUrl as string;
}

async function peek(query: Record<string, string>, json = true, path = "/_aws/sqs/messages") {
  const res = await request(`${server.endpoint}${path}?${new URLSearchParams(query)}`, {
    headers: json ? { accept: "application/json" } : {},
  });
  const text = await res.body.text();
  return { status: res.statusCode, text, doc: json ? JSON.parse(text) : undefined };
}

type Peeked = { Body: string; Attribute: { Name: string; Value: string }[] };
const listOf = (doc: {
  ReceiveMessageResponse: { ReceiveMessageResult: { Message: Peeked | Peeked[] } | null };
}) => {
  const found = doc.ReceiveMessageResponse.ReceiveMessageResult?.Message ?? [];
  return Array.isArray(found) ? found : [found];
};
const attributesOf = (m: Peeked) => Object.fromEntries(m.Attribute.map((a) => [a.Name, a.Value]));

describe("GET /_aws/sqs/messages", () => {
  it("lists messages as xmltodict-style JSON, without receiving them", async () => {
    const url = await queueWith(["message-1", "message-2"]);
    for (let i = 0; i < 2; i++) {
      const { status, doc } = await peek({ QueueUrl: url });
      expect(status).toBe(200);
      const messages = listOf(doc);
      expect(messages.map((m) => m.Body)).toEqual(["message-1", "message-2"]);
      expect(messages[0]).toMatchObject({
        MD5OfBody: "3d6b824fd8c1520e9a047d21fee6fb1f",
        ReceiptHandle: "SQS/BACKDOOR/ACCESS",
      });
      expect(attributesOf(messages[0] as Peeked)).toMatchObject({
        SenderId: "000000000000",
        ApproximateReceiveCount: "0",
        ApproximateFirstReceiveTimestamp: "0",
        SentTimestamp: expect.stringMatching(/^\d+$/),
      });
    }
    const again = await peek({ QueueUrl: url });
    expect(again.doc.ReceiveMessageResponse.ResponseMetadata.RequestId).toBeDefined();
  });

  it("shows one message as an object and none as null, like xmltodict", async () => {
    const one = await queueWith(["only"]);
    expect(
      (await peek({ QueueUrl: one })).doc.ReceiveMessageResponse.ReceiveMessageResult.Message.Body,
    ).toBe("only");
    const none = await queueWith([]);
    expect(
      (await peek({ QueueUrl: none })).doc.ReceiveMessageResponse.ReceiveMessageResult,
    ).toBeNull();
  });

  it("adds in-flight and delayed messages when asked, marked IsVisible and IsDelayed", async () => {
    const url = await queueWith(["message-1", "message-2"]);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: "later", DelaySeconds: 10 }),
    );
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(listOf((await peek({ QueueUrl: url })).doc).map((m) => m.Body)).toEqual(["message-2"]);
    const all = listOf(
      (await peek({ QueueUrl: url, ShowInvisible: "true", ShowDelayed: "true" })).doc,
    );
    expect(all.map((m) => [m.Body, attributesOf(m).IsVisible, attributesOf(m).IsDelayed])).toEqual([
      ["message-1", "false", "false"],
      ["message-2", "true", "false"],
      ["later", "true", "true"],
    ]);
    expect(attributesOf(all[0] as Peeked).ApproximateReceiveCount).toBe("1");
  });

  it("hides a FIFO group held back by a message in flight unless invisible ones are asked for", async () => {
    const url = await queueWith(
      [],
      { FifoQueue: "true", ContentBasedDeduplication: "true" },
      `peek-fifo-${++n}.fifo`,
    );
    for (const [body, group] of [
      ["message-1", "1"],
      ["message-2", "1"],
      ["message-3", "2"],
    ]) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group }),
      );
    }
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(listOf((await peek({ QueueUrl: url })).doc).map((m) => m.Body)).toEqual(["message-3"]);
    expect(listOf((await peek({ QueueUrl: url, ShowInvisible: "1" })).doc)).toHaveLength(3);
  });

  it("answers XML without Accept: application/json, and takes the queue from the path too", async () => {
    const url = await queueWith(["x"]);
    const xml = await peek({ QueueUrl: url }, false);
    expect(xml.text).toMatch(
      /^<\?xml version="1.0"\?><ReceiveMessageResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><ReceiveMessageResult><Message>/,
    );
    const name = url.split("/").pop();
    const byPath = await peek({}, true, `/_aws/sqs/messages/us-east-1/000000000000/${name}`);
    expect(listOf(byPath.doc).map((m) => m.Body)).toEqual(["x"]);
    const otherRegion = await peek({}, true, `/_aws/sqs/messages/eu-west-1/000000000000/${name}`);
    expect(otherRegion.status).toBe(400);
  });

  it("answers a missing or unknown queue, and a malformed URL, with LocalStack's errors", async () => {
    const none = await peek({});
    expect(none.doc.ErrorResponse.Error.Code).toBe("AWS.SimpleQueueService.NonExistentQueue");
    const unknown = await peek({
      QueueUrl: `${server.endpoint}/000000000000/hopefullydoesnotexist`,
    });
    expect(unknown.doc.ErrorResponse.Error.Code).toBe("AWS.SimpleQueueService.NonExistentQueue");
    const malformed = await peek({ QueueUrl: "http://localhost:4566/nonsense" });
    expect(malformed.status).toBe(404);
    expect(malformed.doc.ErrorResponse.Error.Code).toBe("InvalidAddress");
  });

  it("answers an SDK client pointed at it with every message, and only to ReceiveMessage", async () => {
    const url = await queueWith(["message-1", "message-2"]);
    const peeker = sqsClient(`${server.endpoint}/_aws/sqs/messages`);
    try {
      const { Messages } = await peeker.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 }),
      );
      expect(Messages?.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([
        ["message-1", "0"],
        ["message-2", "0"],
      ]);
      const refused = await sqsError(
        peeker.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "x" })),
      );
      expect(refused.message).toBe("This endpoint only accepts ReceiveMessage calls");
    } finally {
      peeker.destroy();
    }
  });
});
