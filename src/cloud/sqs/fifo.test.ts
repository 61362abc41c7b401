// FIFO queues through the SDK v3 client: group order, deduplication, the rules a sender must
// follow. The orderings are AWS's, as LocalStack's AWS-validated tests recorded them. Runs
// against CLOUD_ENDPOINT when it is set.
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { sqsCalls } from "./testing/sqs-calls.ts";
import { sqsError, sqsSuite } from "./testing/sqs-target.ts";

const t = sqsSuite();

const fifo = (extra: Record<string, string> = {}) =>
  t.queue("fifo", { FifoQueue: "true", ContentBasedDeduplication: "true", ...extra });
const { receive, bodies, counts } = sqsCalls(t);
const send = (QueueUrl: string, MessageBody: string, MessageGroupId?: string, extra: object = {}) =>
  sqsCalls(t).send(QueueUrl, MessageBody, { MessageGroupId, ...extra });
const sendAll = async (QueueUrl: string, messages: [body: string, group: string][]) => {
  for (const [body, group] of messages) await send(QueueUrl, body, group);
};

describe("FIFO queues", () => {
  it("have the FIFO attributes", async () => {
    const q = await t.queue("fifo-attrs", { FifoQueue: "true" });
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ["All"] }),
    );
    expect(Attributes).toMatchObject({
      ContentBasedDeduplication: "false",
      DeduplicationScope: "queue",
      FifoQueue: "true",
      FifoThroughputLimit: "perQueue",
      VisibilityTimeout: "30",
    });
    const error = await sqsError(
      t.sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { FifoQueue: "false" } }),
      ),
    );
    expect(error).toMatchObject({
      name: "InvalidAttributeValue",
      message:
        "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
    });
  });

  it("need a group id, a deduplication id (or content-based deduplication), and no per-message delay", async () => {
    const q = await t.queue("fifo-rules", { FifoQueue: "true" });
    expect(await sqsError(send(q.url, "x", "g"))).toMatchObject({
      name: "InvalidParameterValue",
      message:
        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    });
    expect(
      await sqsError(send(q.url, "x", undefined, { MessageDeduplicationId: "d" })),
    ).toMatchObject({
      name: "MissingParameter",
      code: "MissingParameter",
      message: "The request must contain the parameter MessageGroupId.",
    });
    expect(
      await sqsError(send(q.url, "x", "g", { MessageDeduplicationId: "d", DelaySeconds: 2 })),
    ).toMatchObject({
      name: "InvalidParameterValue",
      message:
        "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.",
    });
    await send(q.url, "x", "g", { MessageDeduplicationId: "a".repeat(128), DelaySeconds: 0 });
    for (const id of ["", "a".repeat(129), "group 123"]) {
      expect(await sqsError(send(q.url, "x", "g", { MessageDeduplicationId: id }))).toMatchObject({
        message: `Value ${id} for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
      });
    }
  });

  it("check group and deduplication ids for the whole batch first", async () => {
    const q = await t.queue("fifo-batch", { FifoQueue: "true" });
    const batch = (Entries: object[]) =>
      sqsError(
        t.sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: Entries as never })),
      );
    expect(
      await batch([
        { Id: "1", MessageBody: "b", MessageGroupId: "g", MessageDeduplicationId: "d1" },
        { Id: "2", MessageBody: "b", MessageGroupId: "g" },
      ]),
    ).toMatchObject({
      name: "InvalidParameterValue",
      message:
        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    });
    expect(
      await batch([
        { Id: "1", MessageBody: "b", MessageGroupId: "g", MessageDeduplicationId: "d1" },
        { Id: "2", MessageBody: "b", MessageDeduplicationId: "d2" },
      ]),
    ).toMatchObject({
      name: "InvalidParameterValue",
      message: "The request must contain the parameter MessageGroupId.",
    });
  });

  it("give growing sequence numbers and show the FIFO system attributes", async () => {
    const q = await fifo({ VisibilityTimeout: "0" });
    const first = await send(q.url, "message-body-1", "group-1", {
      MessageDeduplicationId: "dedup-1",
    });
    const second = await send(q.url, "message-body-2", "group-1", {
      MessageDeduplicationId: "dedup-2",
    });
    expect(BigInt(first.SequenceNumber ?? "0") < BigInt(second.SequenceNumber ?? "0")).toBe(true);
    const [m] = await receive(q.url, { MessageSystemAttributeNames: ["All"] });
    expect(m?.Attributes).toMatchObject({
      ApproximateReceiveCount: "1",
      MessageDeduplicationId: "dedup-1",
      MessageGroupId: "group-1",
      SequenceNumber: first.SequenceNumber,
    });
  });
});

describe("deduplication", () => {
  it("drops a repeat, even after the first was deleted, and across groups", async () => {
    const q = await fifo();
    const item = '{"foo": "bar"}';
    const one = await send(q.url, item, "group-1");
    const repeat = await send(q.url, item, "group-2");
    expect(repeat.MessageId).toBe(one.MessageId);
    const [m] = await receive(q.url);
    expect(m?.Body).toBe(item);
    await t.sqs.send(
      new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m?.ReceiptHandle }),
    );
    await send(q.url, item, "group-1");
    expect(await receive(q.url)).toEqual([]);
  });

  it("is per group with DeduplicationScope messageGroup, fixed when the queue was created", async () => {
    const perGroup = await t.queue("scope", {
      FifoQueue: "true",
      DeduplicationScope: "messageGroup",
    });
    await send(perGroup.url, "Test1", "group1", { MessageDeduplicationId: "same" });
    await send(perGroup.url, "Test2", "group2", { MessageDeduplicationId: "same" });
    expect(await bodies(perGroup.url, { MaxNumberOfMessages: 10 })).toEqual(["Test1", "Test2"]);

    const perQueue = await t.queue("scope", { FifoQueue: "true", DeduplicationScope: "queue" });
    await send(perQueue.url, "Test1", "group1", { MessageDeduplicationId: "same" });
    await t.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: perQueue.url,
        Attributes: {
          DeduplicationScope: "messageGroup",
          FifoThroughputLimit: "perMessageGroupId",
        },
      }),
    );
    await send(perQueue.url, "Test3", "group3", { MessageDeduplicationId: "same" });
    expect(await bodies(perQueue.url, { MaxNumberOfMessages: 10 })).toEqual(["Test1"]);
  });

  it("forgets what it has seen when the queue is purged", async () => {
    const q = await t.queue("purge-dedup", { FifoQueue: "true" });
    await send(q.url, "message-1", "g", { MessageDeduplicationId: "d" });
    await t.sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }));
    await send(q.url, "message-2", "g", { MessageDeduplicationId: "d" });
    expect(await bodies(q.url)).toEqual(["message-2"]);
  });
});

describe("message groups", () => {
  it("deliver a group's messages together, in order, before the next group", async () => {
    const q = await fifo();
    await sendAll(q.url, [
      ["g1-m1", "group-1"],
      ["g2-m1", "group-2"],
      ["g1-m2", "group-1"],
      ["g1-m3", "group-1"],
    ]);
    expect(await bodies(q.url, { MaxNumberOfMessages: 10 })).toEqual([
      "g1-m1",
      "g1-m2",
      "g1-m3",
      "g2-m1",
    ]);
  });

  it("hold back a group while one of its messages is in flight", async () => {
    const q = await fifo();
    await sendAll(q.url, [
      ["m1", "1"],
      ["m2", "1"],
      ["m3", "2"],
      ["m4", "2"],
      ["m5", "3"],
      ["m6", "3"],
    ]);
    expect(await bodies(q.url, { MessageSystemAttributeNames: ["MessageGroupId"] })).toEqual([
      "m1",
    ]);
    expect(await bodies(q.url)).toEqual(["m3"]);
    expect(await counts(q.url)).toEqual([4, 2, 0]);
    expect(await bodies(q.url, { MaxNumberOfMessages: 10 })).toEqual(["m5", "m6"]);
  });

  it("after a zero-second receive, go behind the groups never received", async () => {
    const q = await fifo();
    await sendAll(q.url, [
      ["g1-m1", "group-1"],
      ["g2-m1", "group-2"],
      ["g2-m2", "group-2"],
      ["g3-m1", "group-3"],
      ["g1-m2", "group-1"],
    ]);
    expect(await bodies(q.url, { MaxNumberOfMessages: 3, VisibilityTimeout: 0 })).toEqual([
      "g1-m1",
      "g1-m2",
      "g2-m1",
    ]);
    expect(await bodies(q.url, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 })).toEqual([
      "g3-m1",
      "g1-m1",
      "g1-m2",
      "g2-m1",
      "g2-m2",
    ]);
  });

  it("open again as soon as a message made visible again comes first in its group", async () => {
    const q = await fifo();
    await sendAll(q.url, [
      ["g1-m1", "group-1"],
      ["g1-m2", "group-1"],
      ["g2-m1", "group-2"],
    ]);
    const received = await receive(q.url, { MaxNumberOfMessages: 2 });
    expect(received.map((m) => m.Body)).toEqual(["g1-m1", "g1-m2"]);
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: q.url,
        ReceiptHandle: received[0]?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    expect(await bodies(q.url, { MaxNumberOfMessages: 3 })).toEqual(["g2-m1", "g1-m1"]);
  });

  it("open again when their messages in flight are deleted, and not before", async () => {
    const load: [string, string][] = [
      ["g1-m1", "group-1"],
      ["g2-m1", "group-2"],
      ["g1-m2", "group-1"],
      ["g2-m2", "group-2"],
      ["g1-m3", "group-1"],
      ["g1-m4", "group-1"],
      ["g3-m1", "group-3"],
    ];
    const partly = await fifo();
    await sendAll(partly.url, load);
    const some = await receive(partly.url, { MaxNumberOfMessages: 2 });
    await t.sqs.send(
      new DeleteMessageCommand({ QueueUrl: partly.url, ReceiptHandle: some[0]?.ReceiptHandle }),
    );
    expect(await bodies(partly.url, { MaxNumberOfMessages: 10 })).toEqual([
      "g2-m1",
      "g2-m2",
      "g3-m1",
    ]);

    const fully = await fifo();
    await sendAll(fully.url, load);
    for (const m of await receive(fully.url, { MaxNumberOfMessages: 2 })) {
      await t.sqs.send(
        new DeleteMessageCommand({ QueueUrl: fully.url, ReceiptHandle: m.ReceiptHandle }),
      );
    }
    expect(await bodies(fully.url, { MaxNumberOfMessages: 10 })).toEqual([
      "g2-m1",
      "g2-m2",
      "g1-m3",
      "g1-m4",
      "g3-m1",
    ]);
  });

  it("give the same messages again to a receive retried with the same attempt id", async () => {
    const q = await fifo();
    await sendAll(q.url, [
      ["a", "g1"],
      ["b", "g2"],
    ]);
    const first = await receive(q.url, { ReceiveRequestAttemptId: "attempt-1" });
    const retried = await receive(q.url, { ReceiveRequestAttemptId: "attempt-1" });
    expect(retried.map((m) => [m.Body, m.ReceiptHandle])).toEqual(
      first.map((m) => [m.Body, m.ReceiptHandle]),
    );
    expect(await bodies(q.url, { ReceiveRequestAttemptId: "attempt-2" })).toEqual(["b"]);
  });
});
