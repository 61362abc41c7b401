// What time does to messages: visibility timeouts, delays, long polls, redrive after repeated
// receives. Embedded, time passes on a test clock at once; against CLOUD_ENDPOINT the same
// tests wait for real (a few seconds in all).
import { ChangeMessageVisibilityCommand, DeleteMessageCommand } from "@aws-sdk/client-sqs";
import { sqsCalls } from "./testing/sqs-calls.ts";
import { sqsError, sqsSuite } from "./testing/sqs-target.ts";

const t = sqsSuite({ testClock: true });

const { send, receive, bodies, counts } = sqsCalls(t);
const changeVisibility = (
  QueueUrl: string,
  ReceiptHandle: string | undefined,
  VisibilityTimeout: number,
) => t.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout }));

describe("visibility timeout", () => {
  it("counts a message visible again as soon as its timeout runs out, without anyone receiving", async () => {
    const q = await t.queue("count-back", { VisibilityTimeout: "1" });
    for (let i = 0; i < 6; i++) await send(q.url, `message-${i}`);
    await receive(q.url);
    expect(await counts(q.url)).toEqual([5, 1, 0]);
    await t.pass(1100);
    expect(await counts(q.url)).toEqual([6, 0, 0]);
  });

  it("delivers the message again, with a new handle and a higher count, before newer messages", async () => {
    const q = await t.queue("again");
    await send(q.url, "test1");
    const [first] = await receive(q.url, { VisibilityTimeout: 2 });
    await t.pass(1000);
    await send(q.url, "test2");
    await t.pass(1100);
    const [again] = await receive(q.url, {
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    });
    expect(again?.Body).toBe("test1");
    expect(again?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe("2");
  });

  it("can be extended, even past the first deadline, and changing an expired one is no error", async () => {
    const q = await t.queue("extend", { VisibilityTimeout: "2" });
    await send(q.url, "test");
    const [m] = await receive(q.url);
    for (let i = 0; i < 3; i++) {
      await t.pass(1000);
      await changeVisibility(q.url, m?.ReceiptHandle, 2);
      expect(await receive(q.url)).toEqual([]);
    }
    await t.pass(2100);
    await changeVisibility(q.url, m?.ReceiptHandle, 2);
  });

  it("does not stop a standard queue's message from being deleted with its handle afterwards", async () => {
    const q = await t.queue("late-delete");
    await send(q.url, "test");
    const [m] = await receive(q.url, { VisibilityTimeout: 1 });
    await t.pass(1100);
    await t.sqs.send(
      new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m?.ReceiptHandle }),
    );
    expect(await counts(q.url)).toEqual([0, 0, 0]);
  });

  it("makes a FIFO queue's handle expire", async () => {
    const q = await t.queue("fifo-expired", {
      FifoQueue: "true",
      ContentBasedDeduplication: "true",
      VisibilityTimeout: "1",
    });
    await send(q.url, "foobar", { MessageGroupId: "1" });
    const [m] = await receive(q.url);
    await t.pass(1100);
    const error = await sqsError(
      t.sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m?.ReceiptHandle })),
    );
    expect(error).toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${m?.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
    });
  });
});

describe("FIFO groups over time", () => {
  it("send groups whose messages came back behind the group never received", async () => {
    const q = await t.queue("fifo-back", {
      FifoQueue: "true",
      ContentBasedDeduplication: "true",
      VisibilityTimeout: "1",
    });
    for (const [body, group] of [
      ["g1-m1", "1"],
      ["g1-m2", "1"],
      ["g1-m3", "1"],
      ["g1-m4", "1"],
      ["g2-m1", "2"],
      ["g3-m1", "3"],
    ]) {
      await send(q.url, body as string, { MessageGroupId: group });
    }
    expect(await bodies(q.url, { MaxNumberOfMessages: 2 })).toEqual(["g1-m1", "g1-m2"]);
    expect(await bodies(q.url)).toEqual(["g2-m1"]);
    await t.pass(1500);
    expect(await bodies(q.url, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 })).toEqual([
      "g3-m1",
      "g1-m1",
      "g1-m2",
      "g1-m3",
      "g1-m4",
      "g2-m1",
    ]);
  });

  it.each([
    [0, []],
    [1, ["foo"]],
    [2, ["foo", "bar"]],
  ])(
    "keep back a message made invisible longer (position %d) and all after it",
    async (position, expected) => {
      const q = await t.queue("fifo-extend", { FifoQueue: "true", VisibilityTimeout: "1" });
      for (const body of ["foo", "bar", "baz"]) {
        await send(q.url, body, { MessageGroupId: "1", MessageDeduplicationId: body });
      }
      const all = await receive(q.url, { MaxNumberOfMessages: 5 });
      expect(all.map((m) => m.Body)).toEqual(["foo", "bar", "baz"]);
      await changeVisibility(q.url, all[position]?.ReceiptHandle, 4);
      await t.pass(2500);
      expect(await bodies(q.url, { MaxNumberOfMessages: 5 })).toEqual(expected);
    },
  );

  it("apply the queue's delay, also when a message asks for none", async () => {
    const q = await t.queue("fifo-delay", {
      FifoQueue: "true",
      ContentBasedDeduplication: "true",
      DelaySeconds: "2",
    });
    await send(q.url, "message-1", { MessageGroupId: "1", DelaySeconds: 0 });
    await send(q.url, "message-2", { MessageGroupId: "1" });
    expect(await receive(q.url)).toEqual([]);
    await t.pass(2100);
    expect(await bodies(q.url, { MaxNumberOfMessages: 3 })).toEqual(["message-1", "message-2"]);
  });
});

describe("delays and long polls", () => {
  it("holds a delayed message back, counted as delayed, and wakes a long poll when it is due", async () => {
    const q = await t.queue("delayed");
    await send(q.url, "later", { DelaySeconds: 1 });
    expect(await counts(q.url)).toEqual([0, 0, 1]);
    expect(await receive(q.url)).toEqual([]);
    const poll = bodies(q.url, { WaitTimeSeconds: 5 });
    await t.polling(q.name);
    await t.pass(1100);
    expect(await poll).toEqual(["later"]);
  });

  it("wakes a long poll for a message sent while it waits", async () => {
    const q = await t.queue("woken");
    const poll = bodies(q.url, { WaitTimeSeconds: 10 });
    await t.polling(q.name);
    await send(q.url, "hello");
    expect(await poll).toEqual(["hello"]);
  });

  it("waits the queue's ReceiveMessageWaitTimeSeconds when the receive names no wait", async () => {
    const q = await t.queue("queue-wait", { ReceiveMessageWaitTimeSeconds: "10" });
    const poll = bodies(q.url);
    await t.polling(q.name);
    await send(q.url, "foobared");
    expect(await poll).toEqual(["foobared"]);
  });

  it("wakes a long poll when a message's visibility timeout runs out", async () => {
    const q = await t.queue("comes-back");
    await send(q.url, "back");
    await receive(q.url, { VisibilityTimeout: 1 });
    const poll = bodies(q.url, { WaitTimeSeconds: 5 });
    await t.polling(q.name);
    await t.pass(1100);
    expect(await poll).toEqual(["back"]);
  });

  it("ends a long poll empty after WaitTimeSeconds", async () => {
    const q = await t.queue("silent");
    const poll = receive(q.url, { WaitTimeSeconds: 1 });
    await t.polling(q.name);
    await t.pass(1000);
    expect(await poll).toEqual([]);
  });
});

describe("redrive", () => {
  it("moves a message to the dead-letter queue on the receive after maxReceiveCount", async () => {
    const dlq = await t.queue("dlq");
    const redrive = JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 });
    const q = await t.queue("src", { VisibilityTimeout: "1", RedrivePolicy: redrive });
    const sent = await send(q.url, "poison");
    for (let i = 0; i < 2; i++) {
      expect(await bodies(q.url)).toEqual(["poison"]);
      await t.pass(1100);
    }
    expect(await receive(q.url)).toEqual([]);
    const [dead] = await receive(dlq.url, { MessageSystemAttributeNames: ["All"] });
    expect(dead?.MessageId).toBe(sent.MessageId);
    expect(dead?.Attributes).toMatchObject({
      ApproximateReceiveCount: "3",
      DeadLetterQueueSourceArn: q.arn,
    });
  });
});
