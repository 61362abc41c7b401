// Sending and receiving single messages through the SDK v3 client, with AWS's answers and
// digests (see docs/embedded-cloud-sqs.md). Runs against CLOUD_ENDPOINT when it is set.
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  type MessageAttributeValue,
  type ReceiveMessageCommandInput,
} from "@aws-sdk/client-sqs";
import { sqsCalls } from "./testing/sqs-calls.ts";
import { sqsError, sqsSuite } from "./testing/sqs-target.ts";

const t = sqsSuite();

const { send } = sqsCalls(t);
const receive = (QueueUrl: string, extra: Partial<ReceiveMessageCommandInput> = {}) =>
  t.sqs.send(new ReceiveMessageCommand({ QueueUrl, ...extra }));

describe("SendMessage and ReceiveMessage", () => {
  it("delivers what was sent, with the body's MD5", async () => {
    const q = await t.queue("basic");
    const sent = await send(q.url, "message");
    expect(sent.MD5OfMessageBody).toBe("78e731027d8fd50ed642340b7c9a63b3");
    expect(sent.SequenceNumber).toBeUndefined();
    const { Messages } = await receive(q.url);
    expect(Messages).toEqual([
      {
        MessageId: sent.MessageId,
        ReceiptHandle: expect.any(String),
        MD5OfBody: "78e731027d8fd50ed642340b7c9a63b3",
        Body: "message",
      },
    ]);
  });

  it("answers an empty queue with no Messages member", async () => {
    const q = await t.queue("empty");
    expect((await receive(q.url)).Messages).toBeUndefined();
    expect((await receive(q.url, { WaitTimeSeconds: 1 })).Messages).toBeUndefined();
  });

  it("keeps carriage returns and entities in the body", async () => {
    const q = await t.queue("encoded");
    const body = '"&quot;&quot;\r{\r\n"id": 1}';
    const sent = await send(q.url, body);
    const { Messages } = await receive(q.url);
    expect(Messages?.[0]?.Body).toBe(body);
    expect(Messages?.[0]?.MD5OfBody).toBe(sent.MD5OfMessageBody);
  });

  it("accepts a queue's name where its URL is expected", async () => {
    const q = await t.queue("by-name");
    const sent = await send(q.name, "Using name instead of URL");
    expect(sent.MD5OfMessageBody).toBe("86a83f96652a1bfad3891e7d523750cb");
  });

  it.each([
    [
      "an empty body",
      "",
      {},
      "MissingParameter",
      "The request must contain the parameter MessageBody.",
    ],
    [
      "a body with forbidden characters",
      `Invalid-${String.fromCharCode(0)}-${String.fromCharCode(65535)}`,
      {},
      "InvalidMessageContents",
      "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
    ],
    [
      "a delay over 900 seconds",
      "x",
      { DelaySeconds: 901 },
      "InvalidParameterValue",
      "Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.",
    ],
    [
      "an empty string attribute",
      "x",
      { MessageAttributes: { ErrorDetails: { DataType: "String", StringValue: "" } } },
      "InvalidParameterValue",
      "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.",
    ],
    [
      "a deduplication id on a standard queue",
      "x",
      { MessageDeduplicationId: "d1" },
      "InvalidParameterValue",
      "Value d1 for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.",
    ],
    [
      "an empty message group id",
      "x",
      { MessageGroupId: "" },
      "InvalidParameterValue",
      "Value  for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
    ],
    [
      "a message group id with spaces",
      "x",
      { MessageGroupId: "group 123" },
      "InvalidParameterValue",
      "Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
    ],
  ])("refuses %s", async (_what, body, extra, name, message) => {
    const q = await t.queue("refused");
    expect(await sqsError(send(q.url, body, extra))).toMatchObject({ name, message, status: 400 });
  });

  it.each([
    ["a name starting with AWS.", "AWS.reserved", "String"],
    ["a name starting with Amazon.", "Amazon.reserved", "String"],
    ["a name starting with a period", ".leading", "String"],
    ["a name ending with a period", "trailing.", "String"],
    ["a name with a !", "bad!name", "String"],
    ["a 257-character name", "L".repeat(257), "String"],
    ["an unknown type", "name", "Invalid"],
    ["a type over 256 characters", "name", `Number.${"L".repeat(256)}`],
  ])("refuses a message attribute with %s", async (_what, attribute, type) => {
    const q = await t.queue("attr-name");
    const attrs = { [attribute]: { DataType: type, StringValue: "Valid" } };
    expect(await sqsError(send(q.url, "x", { MessageAttributes: attrs }))).toMatchObject({
      name: "InvalidParameterValue",
    });
  });

  it("refuses more than ten message attributes", async () => {
    const q = await t.queue("attr-count");
    const attrs = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: "String", StringValue: "v" }]),
    );
    expect(await sqsError(send(q.url, "x", { MessageAttributes: attrs }))).toMatchObject({
      name: "InvalidParameterValue",
      message: "Number of message attributes [11] exceeds the allowed maximum [10].",
    });
  });

  it("refuses a message over the queue's maximum size, counting attributes", async () => {
    const q = await t.queue("size");
    const attrs = { k: { DataType: "String", StringValue: "x" } };
    const tooLarge = "a".repeat(1_048_576 - 8 + 1);
    expect(await sqsError(send(q.url, tooLarge, { MessageAttributes: attrs }))).toMatchObject({
      name: "InvalidParameterValue",
      message:
        "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.",
    });
    await t.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: q.url,
        Attributes: { MaximumMessageSize: "1024" },
      }),
    );
    await send(q.url, "a".repeat(1024));
    expect(
      await sqsError(send(q.url, "a".repeat(1024 - 8 + 1), { MessageAttributes: attrs })),
    ).toMatchObject({
      message:
        "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
    });
  });

  it.each([
    [
      "MaxNumberOfMessages",
      11,
      "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.",
    ],
    [
      "WaitTimeSeconds",
      21,
      "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.",
    ],
    [
      "WaitTimeSeconds",
      -1,
      "Value -1 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.",
    ],
  ])("refuses a receive with %s %d", async (member, value, message) => {
    const q = await t.queue("receive-range");
    expect(await sqsError(receive(q.url, { [member]: value }))).toMatchObject({
      name: "InvalidParameterValue",
      message,
    });
  });
});

describe("message attributes", () => {
  it("round-trips binary attributes with AWS's digest", async () => {
    const q = await t.queue("binary");
    const value = Buffer.from(
      "traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01",
    );
    const sent = await send(q.url, "test", {
      MessageAttributes: { attr1: { DataType: "Binary", BinaryValue: value } },
    });
    expect(sent.MD5OfMessageAttributes).toBe("8cbe4db156db8a94db8b801b7addb984");
    const m = (await receive(q.url, { MessageAttributeNames: ["All"] })).Messages?.[0];
    expect(m?.MD5OfMessageAttributes).toBe("8cbe4db156db8a94db8b801b7addb984");
    expect(Buffer.from(m?.MessageAttributes?.attr1?.BinaryValue ?? []).equals(value)).toBe(true);
  });

  it("returns the attributes asked for: All, *, .*, exact names and prefixes", async () => {
    const q = await t.queue("filters", { VisibilityTimeout: "0" });
    const attrs: Record<string, MessageAttributeValue> = {
      "Help.Me": { DataType: "String", StringValue: "Me" },
      Hello: { DataType: "String", StringValue: "There" },
      General: { DataType: "String", StringValue: "Kenobi" },
    };
    const sent = await send(q.url, "msg", { MessageAttributes: attrs });
    expect(sent.MD5OfMessageAttributes).toBe("4c360f3fdafd970e05fae2f149d997f5");
    const seen = async (names: string[]) => {
      const m = (await receive(q.url, { MessageAttributeNames: names })).Messages?.[0];
      return [Object.keys(m?.MessageAttributes ?? {}).sort(), m?.MD5OfMessageAttributes];
    };
    const all = [["General", "Hello", "Help.Me"], "4c360f3fdafd970e05fae2f149d997f5"];
    expect(await seen([])).toEqual([[], undefined]);
    expect(await seen(["All"])).toEqual(all);
    expect(await seen(["*"])).toEqual(all);
    expect(await seen([".*"])).toEqual(all);
    expect(await seen(["Foo", "Help"])).toEqual([[], undefined]);
    expect(await seen(["Hello", "General"])).toEqual([
      ["General", "Hello"],
      "fca026605781cb4126a1e9044df24232",
    ]);
    expect(await seen(["Foo", "Hello"])).toEqual([["Hello"], "a311262e065454b75da111d535b8dacd"]);
    expect(await seen(["Hel.*"])).toEqual([
      ["Hello", "Help.Me"],
      "83fee93c1bcd8b9a5a923ffacdc636c7",
    ]);
    expect(await seen(["AWS."])).toEqual([[], undefined]);
  });

  it("returns the system attributes asked for", async () => {
    const q = await t.queue("system", { VisibilityTimeout: "0" });
    await send(q.url, "msg");
    const names = async (wanted: ReceiveMessageCommandInput["MessageSystemAttributeNames"]) =>
      Object.keys(
        (await receive(q.url, { MessageSystemAttributeNames: wanted })).Messages?.[0]?.Attributes ??
          {},
      ).sort();
    expect(await names(["All"])).toEqual([
      "ApproximateFirstReceiveTimestamp",
      "ApproximateReceiveCount",
      "SenderId",
      "SentTimestamp",
    ]);
    expect(await names(["SenderId"])).toEqual(["SenderId"]);
    expect(await names(["SenderId", "SequenceNumber"])).toEqual(["SenderId"]);
  });

  it("keeps AWSTraceHeader apart from the message attributes' digest", async () => {
    const q = await t.queue("trace");
    const attrs = { timestamp: { DataType: "Number", StringValue: "1493147359900" } };
    const trace = {
      AWSTraceHeader: {
        DataType: "String",
        StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
      },
    };
    const plain = await send(q.url, "test", { MessageAttributes: attrs });
    const traced = await send(q.url, "test", {
      MessageAttributes: attrs,
      MessageSystemAttributes: trace,
    });
    expect(traced.MD5OfMessageAttributes).toBe(plain.MD5OfMessageAttributes);
    expect(plain.MD5OfMessageSystemAttributes).toBeUndefined();
    expect(traced.MD5OfMessageSystemAttributes).toBe("5ae4d5d7636402d80f4eb6d213245a88");
  });

  it("shows a standard queue message's group id", async () => {
    const q = await t.queue("fair");
    await send(q.url, "message", { MessageGroupId: "test" });
    const m = (await receive(q.url, { MessageSystemAttributeNames: ["All"] })).Messages?.[0];
    expect(m?.Attributes?.MessageGroupId).toBe("test");
  });
});

describe("visibility", () => {
  it("a zero visibility timeout leaves the message receivable, counting each receive", async () => {
    const q = await t.queue("zero");
    await send(q.url, "again");
    const counts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = (
        await receive(q.url, {
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        })
      ).Messages?.[0];
      counts.push(m?.Attributes?.ApproximateReceiveCount ?? "none");
    }
    expect(counts).toEqual(["1", "2", "3"]);
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: q.url,
        AttributeNames: ["ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe("0");
  });
});
