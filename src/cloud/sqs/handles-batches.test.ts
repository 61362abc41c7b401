// Receipt handles (delete, change visibility), batches and purge through the SDK v3 client.
// Runs against CLOUD_ENDPOINT when it is set.
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
} from "@aws-sdk/client-sqs";
import { sqsCalls } from "./testing/sqs-calls.ts";
import { sqsError, sqsSuite } from "./testing/sqs-target.ts";

const t = sqsSuite();

const { send, receive, counts } = sqsCalls(t);
const receiveOne = async (QueueUrl: string) => (await receive(QueueUrl))[0];

describe("DeleteMessage", () => {
  it("deletes, and deleting again is no error", async () => {
    const q = await t.queue("delete");
    await send(q.url, "foo");
    const m = await receiveOne(q.url);
    for (let i = 0; i < 3; i++) {
      await t.sqs.send(
        new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m?.ReceiptHandle }),
      );
    }
    expect(await counts(q.url)).toEqual([0, 0, 0]);
  });

  it("refuses a malformed receipt handle, and one of another queue", async () => {
    const q = await t.queue("bad-handle");
    const other = await t.queue("other");
    await send(other.url, "x");
    const foreign = (await receiveOne(other.url))?.ReceiptHandle as string;
    for (const handle of ["garbage", foreign]) {
      const error = await sqsError(
        t.sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: handle })),
      );
      expect(error).toEqual({
        name: "ReceiptHandleIsInvalid",
        code: "ReceiptHandleIsInvalid",
        message: `The input receipt handle "${handle}" is not a valid receipt handle.`,
        status: 404,
      });
    }
  });
});

describe("ChangeMessageVisibility", () => {
  it("makes a message visible again at 0, and refuses a deleted message", async () => {
    const q = await t.queue("visibility");
    const sent = await send(q.url, "test");
    const first = await receiveOne(q.url);
    expect(await receiveOne(q.url)).toBeUndefined();
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: q.url,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const again = await receiveOne(q.url);
    expect(again?.MessageId).toBe(sent.MessageId);
    expect(again?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: q.url,
        ReceiptHandle: again?.ReceiptHandle,
        VisibilityTimeout: 42,
      }),
    );
    await t.sqs.send(
      new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: again?.ReceiptHandle }),
    );
    const error = await sqsError(
      t.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: q.url,
          ReceiptHandle: again?.ReceiptHandle,
          VisibilityTimeout: 42,
        }),
      ),
    );
    expect(error).toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${again?.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    });
  });

  it("refuses a malformed handle and a total over 12 hours", async () => {
    const q = await t.queue("vis-errors");
    await send(q.url, "test");
    const m = await receiveOne(q.url);
    const change = (ReceiptHandle: string | undefined, VisibilityTimeout: number) =>
      sqsError(
        t.sqs.send(
          new ChangeMessageVisibilityCommand({ QueueUrl: q.url, ReceiptHandle, VisibilityTimeout }),
        ),
      );
    expect(await change("INVALID", 60)).toMatchObject({ name: "ReceiptHandleIsInvalid" });
    expect(await change(m?.ReceiptHandle, 43_201)).toMatchObject({
      name: "InvalidParameterValue",
      message:
        "Value 43201 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds].",
    });
  });
});

const entries = (n: number, prefix = "m"): SendMessageBatchRequestEntry[] =>
  Array.from({ length: n }, (_, i) => ({ Id: `${prefix}-${i}`, MessageBody: `body-${i}` }));

describe("SendMessageBatch", () => {
  it("sends up to ten, failing only the entries that are wrong", async () => {
    const q = await t.queue("batch", { MaximumMessageSize: "1024" });
    const { Successful, Failed } = await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: "ok", MessageBody: "a".repeat(1024) },
          { Id: "big", MessageBody: "a".repeat(1025) },
          { Id: "chars", MessageBody: "\x01" },
        ],
      }),
    );
    expect(Successful).toEqual([
      {
        Id: "ok",
        MessageId: expect.any(String),
        MD5OfMessageBody: "c9a34cfc85d982698c6ac89f76071abd",
      },
    ]);
    expect(Failed).toEqual([
      {
        Id: "big",
        SenderFault: true,
        Code: "InvalidParameterValue",
        Message:
          "One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.",
      },
      {
        Id: "chars",
        SenderFault: true,
        Code: "InvalidMessageContents",
        Message: expect.stringContaining("Invalid characters found."),
      },
    ]);
  });

  it.each([
    [
      "no entries",
      [],
      "EmptyBatchRequest",
      "AWS.SimpleQueueService.EmptyBatchRequest",
      "There should be at least one SendMessageBatchRequestEntry in the request.",
    ],
    [
      "20 entries",
      entries(20),
      "TooManyEntriesInBatchRequest",
      "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
      "Maximum number of entries per request are 10. You have sent 20.",
    ],
    [
      "an id with a colon",
      [{ Id: "message:1", MessageBody: "x" }],
      "InvalidBatchEntryId",
      "AWS.SimpleQueueService.InvalidBatchEntryId",
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    ],
    [
      "an 81-character id",
      [{ Id: "i".repeat(81), MessageBody: "x" }],
      "InvalidBatchEntryId",
      "AWS.SimpleQueueService.InvalidBatchEntryId",
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    ],
    [
      "the same id twice",
      [
        { Id: "twice", MessageBody: "x" },
        { Id: "twice", MessageBody: "y" },
      ],
      "BatchEntryIdsNotDistinct",
      "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
      "Id twice repeated.",
    ],
    [
      "more than 1 MiB in all",
      [
        {
          Id: "1",
          MessageBody: "a".repeat(1_048_576 - 8),
          MessageAttributes: { k: { DataType: "String", StringValue: "x" } },
        },
        { Id: "2", MessageBody: "a" },
      ],
      "BatchRequestTooLong",
      "AWS.SimpleQueueService.BatchRequestTooLong",
      "Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.",
    ],
  ])("refuses %s", async (_what, Entries, name, code, message) => {
    const q = await t.queue("batch-refused");
    const error = await sqsError(
      t.sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries })),
    );
    expect(error).toEqual({ name, code, message, status: 400 });
  });
});

describe("DeleteMessageBatch and ChangeMessageVisibilityBatch", () => {
  it("act on each entry and report the ones that fail", async () => {
    const q = await t.queue("batch-handles");
    await t.sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries(3) }));
    const { Messages = [] } = await t.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }),
    );
    expect(Messages).toHaveLength(3);
    const [a, b, c] = Messages.map((m) => m.ReceiptHandle as string);
    const changed = await t.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: "a", ReceiptHandle: a, VisibilityTimeout: 0 },
          { Id: "bad", ReceiptHandle: "garbage", VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(changed.Successful).toEqual([{ Id: "a" }]);
    expect(changed.Failed).toEqual([
      {
        Id: "bad",
        SenderFault: true,
        Code: "ReceiptHandleIsInvalid",
        Message: 'The input receipt handle "garbage" is not a valid receipt handle.',
      },
    ]);
    const deleted = await t.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: "b", ReceiptHandle: b },
          { Id: "c", ReceiptHandle: c },
          { Id: "bad", ReceiptHandle: "garbage" },
        ],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: "b" }, { Id: "c" }]);
    expect(deleted.Failed?.map((f) => f.Code)).toEqual(["ReceiptHandleIsInvalid"]);
    expect(await counts(q.url)).toEqual([1, 0, 0]);
  });

  it("refuse more than ten entries and bad entry ids", async () => {
    const q = await t.queue("batch-limits");
    const handles = Array.from({ length: 11 }, (_, i) => ({
      Id: `e${i}`,
      ReceiptHandle: "h",
      VisibilityTimeout: 1,
    }));
    expect(
      await sqsError(
        t.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: q.url, Entries: handles })),
      ),
    ).toMatchObject({
      name: "TooManyEntriesInBatchRequest",
      message: "Maximum number of entries per request are 10. You have sent 11.",
    });
    expect(
      await sqsError(
        t.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: q.url, Entries: handles })),
      ),
    ).toMatchObject({
      name: "TooManyEntriesInBatchRequest",
    });
    const badId = t.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [{ Id: "invalid:id", ReceiptHandle: "h" }],
      }),
    );
    expect(await sqsError(badId)).toMatchObject({ name: "InvalidBatchEntryId" });
    const none = t.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: q.url, Entries: [] }));
    expect(await sqsError(none)).toMatchObject({
      name: "EmptyBatchRequest",
      message: "There should be at least one DeleteMessageBatchRequestEntry in the request.",
    });
  });
});

describe("PurgeQueue", () => {
  it("removes every message, in flight and delayed too, once a minute", async () => {
    const q = await t.queue("purge");
    await t.sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries(3) }));
    await send(q.url, "later", { DelaySeconds: 600 });
    await receiveOne(q.url);
    expect(await counts(q.url)).toEqual([2, 1, 1]);
    await t.sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }));
    expect(await counts(q.url)).toEqual([0, 0, 0]);
    await send(q.url, "after");
    expect((await receiveOne(q.url))?.Body).toBe("after");
    const error = await sqsError(t.sqs.send(new PurgeQueueCommand({ QueueUrl: q.url })));
    expect(error).toEqual({
      name: "PurgeQueueInProgress",
      code: "AWS.SimpleQueueService.PurgeQueueInProgress",
      message: `Only one PurgeQueue operation on ${q.name} is allowed every 60 seconds.`,
      status: 403,
    });
  });
});
