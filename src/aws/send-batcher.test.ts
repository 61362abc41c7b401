import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { startTestCloud, stopTestCloud, type TestCloud } from "../cloud/testing/test-cloud.ts";
import { BatchEntryError, MAX_BATCH_BYTES, sqsSendBatcher } from "./send-batcher.ts";
import { awsConfigFor, clientBase } from "./config.ts";

let t: TestCloud;
let sqs: SQSClient;
let calls: number[];
/** While set, a call waits for it before going out: a slow answer, on demand. */
let gate: Promise<void> | undefined;

beforeAll(async () => {
  t = await startTestCloud();
  sqs = new SQSClient(clientBase(awsConfigFor(t.cloud.region, t.cloud.endpoint)));
  // Counts the entries of every SendMessageBatch the client makes.
  sqs.middlewareStack.add(
    (next) => async (args) => {
      calls.push((args.input as { Entries: unknown[] }).Entries.length);
      await gate;
      return next(args);
    },
    { step: "initialize" },
  );
});

afterAll(async () => {
  sqs.destroy();
  await stopTestCloud(t);
});

let queueCount = 0;
async function freshQueue(): Promise<{ name: string; url: string }> {
  calls = [];
  const name = `batched-${++queueCount}`;
  const url = (await t.aws.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  return { name, url };
}

const bodiesOn = (name: string) =>
  t.cloud
    .inspectQueue(name)!
    .ready.map((m) => m.body)
    .sort();

test("messages sent in one turn of the event loop go out ten to a batch, each caller told", async () => {
  const q = await freshQueue();
  const batcher = sqsSendBatcher(sqs, () => q.url);
  const bodies = Array.from({ length: 25 }, (_, i) => `m${String(i).padStart(2, "0")}`);
  await Promise.all(bodies.map((b) => batcher.send(b)));
  expect(calls).toEqual([10, 10, 5]);
  expect(bodiesOn(q.name)).toEqual(bodies);
});

test("a message sent on its own goes out at once, alone", async () => {
  const q = await freshQueue();
  const batcher = sqsSendBatcher(sqs, async () => q.url);
  await batcher.send("first");
  await batcher.send("second");
  expect(calls).toEqual([1, 1]);
  expect(bodiesOn(q.name)).toEqual(["first", "second"]);
});

function slowAnswers(): () => void {
  let open = () => {};
  gate = new Promise((resolve) => (open = resolve));
  return () => {
    gate = undefined;
    open();
  };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A batcher on a fresh queue whose first message is on its way and not yet answered. */
async function firstInFlight() {
  const q = await freshQueue();
  const batcher = sqsSendBatcher(sqs, () => q.url);
  const answer = slowAnswers();
  const first = batcher.send("first");
  await nextTurn();
  return { q, batcher, answer, first };
}

test("messages sent while a call is in flight gather until it is answered", async () => {
  const { q, batcher, answer, first } = await firstInFlight();
  const later = [batcher.send("second")];
  await nextTurn();
  later.push(batcher.send("third"));
  answer();
  await Promise.all([first, ...later]);
  expect(calls).toEqual([1, 2]);
  expect(bodiesOn(q.name)).toEqual(["first", "second", "third"]);
});

test("a message does not wait for a slow call beyond HOLD_MS", async () => {
  const { q, batcher, answer, first } = await firstInFlight();
  gate = undefined;
  await batcher.send("second");
  expect(calls).toEqual([1, 1]);
  answer();
  await first;
  expect(bodiesOn(q.name)).toEqual(["first", "second"]);
});

test("a batch stays under the size limit: large bodies split it", async () => {
  const q = await freshQueue();
  const batcher = sqsSendBatcher(sqs, () => q.url);
  const big = (c: string) => c.repeat(Math.floor(MAX_BATCH_BYTES / 3) + 1);
  await Promise.all(["a", "b", "c", "d"].map((c) => batcher.send(big(c))));
  expect(calls).toEqual([2, 2]);
  expect(bodiesOn(q.name)).toHaveLength(4);
});

test("an entry SQS refuses fails alone; the others in its batch are sent", async () => {
  const q = await freshQueue();
  const batcher = sqsSendBatcher(sqs, () => q.url);
  const results = await Promise.allSettled([
    batcher.send("fine-1"),
    batcher.send("bad \u0000 body"),
    batcher.send("fine-2"),
  ]);
  expect(calls).toEqual([3]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  const reason = (results[1] as PromiseRejectedResult).reason as BatchEntryError;
  expect(reason).toBeInstanceOf(BatchEntryError);
  expect(reason.message).toMatch(/^SQS refused the message: \w+/);
  expect(reason.senderFault).toBe(true);
  expect(bodiesOn(q.name)).toEqual(["fine-1", "fine-2"]);
});

test("when the call itself fails, every caller in the batch gets that error", async () => {
  calls = [];
  const batcher = sqsSendBatcher(sqs, () => `${t.cloud.endpoint}/000000000000/no-such-queue`);
  const results = await Promise.allSettled([batcher.send("x"), batcher.send("y")]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  for (const r of results) {
    expect((r as PromiseRejectedResult).reason).toMatchObject({
      name: expect.stringMatching(/QueueDoesNotExist|NonExistentQueue/),
    });
  }
});
