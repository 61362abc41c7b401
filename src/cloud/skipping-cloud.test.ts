// The rules of a cloud whose clock skips idle time, each seen through the SDK clients.
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  InvokeCommand,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  consoleLines,
  createFunction,
  createQueue,
  createQueueWithDlq,
  decode,
  eventually,
  startKit,
  type Kit,
  type TestQueue,
} from "./lambda/testing/lambda-kit.ts";
import { holdClock } from "./testing/hold-clock.ts";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit({ time: "skip" });
});
afterAll(() => kit.stop());

// Each test waits on the cloud's clock for minutes; in real time, a few seconds at most.
const REAL_TIME_LIMIT_MS = 30_000;

const send = (queue: TestQueue, body: string) =>
  kit.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));

const receive = (queue: TestQueue, waitSeconds: number) =>
  kit.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }),
  );

/** Resolves when the mapping is Enabled. */
async function mapQueue(functionName: string, queue: TestQueue): Promise<void> {
  const { UUID } = await kit.lambda.send(
    new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: queue.arn }),
  );
  await eventually(async () => {
    const { State } = await kit.lambda.send(new GetEventSourceMappingCommand({ UUID }));
    return State === "Enabled" ? true : undefined;
  });
}

test("the cloud says which clock it keeps, and its clock runs ahead once it has skipped", async () => {
  expect(kit.cloud.time).toBe("skip");
  const queue = await createQueue(kit);
  const before = kit.cloud.now();
  await receive(queue, 20);
  expect(kit.cloud.now() - before).toBeGreaterThanOrEqual(20_000);
  expect(kit.cloud.now() - Date.now()).toBeGreaterThanOrEqual(19_000);
});

test(
  "the earliest timer comes first: a 20 s long poll ends empty before a 30 s visibility timeout brings the message back",
  async () => {
    const queue = await createQueue(kit, { VisibilityTimeout: "30" });
    await send(queue, "comes back");
    // Read before the receive: its visibility deadline is at least 30 s after this.
    const receivedAt = kit.cloud.now();
    const first = await receive(queue, 0);
    expect(first.Messages).toHaveLength(1);

    const early = await receive(queue, 20);
    expect(early.Messages).toBeUndefined();
    const emptyAt = kit.cloud.now() - receivedAt;
    expect(emptyAt).toBeGreaterThanOrEqual(20_000);
    expect(emptyAt).toBeLessThan(30_000);

    const again = await receive(queue, 20);
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
    expect(kit.cloud.now() - receivedAt).toBeGreaterThanOrEqual(30_000);
  },
  REAL_TIME_LIMIT_MS,
);

test(
  "handlers keep time on the cloud's clock: a message's age from SentTimestamp is what AWS would show",
  async () => {
    const fn = await createFunction(kit, {
      "index.js": `exports.handler = async () => ({ now: Date.now(), constructed: new Date().getTime(), text: Date() });`,
    });
    const queue = await createQueue(kit);
    await receive(queue, 20); // the cloud is now at least 20 s ahead of the wall clock
    const asked = kit.cloud.now();
    const answer = await kit.lambda.send(new InvokeCommand({ FunctionName: fn }));
    const seen = JSON.parse(decode(answer.Payload)) as {
      now: number;
      constructed: number;
      text: string;
    };
    expect(seen.now - asked).toBeGreaterThanOrEqual(0);
    expect(seen.now - asked).toBeLessThan(5_000);
    expect(Math.abs(seen.constructed - seen.now)).toBeLessThan(1_000);
    expect(Math.abs(Date.parse(seen.text) - seen.now)).toBeLessThan(2_000);
  },
  REAL_TIME_LIMIT_MS,
);

test(
  "no jump while an invocation runs: a long poll that starts during it ends only after it",
  async () => {
    const fn = await createFunction(
      kit,
      {
        "index.js": `exports.handler = async () => { console.log("started"); await new Promise((r) => setTimeout(r, 1000)); };`,
      },
      { Timeout: 10 },
    );
    const work = await createQueue(kit, { VisibilityTimeout: "60" });
    await mapQueue(fn, work);
    // Made first, so that the long poll starts within moments of the handler's first line.
    const elsewhere = await createQueue(kit);
    await send(work, "takes 1 s of real time");
    await eventually(async () => ((await consoleLines(kit, fn)).length > 0 ? true : undefined));
    const pollStartedAt = kit.cloud.now();
    await receive(elsewhere, 20);
    const events = await eventually(async () => {
      const page = await kit.logs.send(
        new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn}` }),
      );
      const all = page.events ?? [];
      return all.some((e) => e.message?.startsWith("REPORT")) ? all : undefined;
    });
    const at = (prefix: string) => events.find((e) => e.message?.startsWith(prefix))?.timestamp;
    const [start, report] = [at("START") ?? 0, at("REPORT") ?? Infinity];
    // The long poll was pending while the invocation ran...
    expect(report).toBeGreaterThan(pollStartedAt);
    // ...and had the clock jumped to its end meanwhile, 20 s would lie between.
    expect(report - start).toBeLessThan(10_000);
  },
  REAL_TIME_LIMIT_MS,
);

test(
  "no jump while a mapping has ready work: a message is taken at once when its mapping is enabled, ahead of a pending timer",
  async () => {
    const fn = await createFunction(kit, {
      "index.js": `exports.handler = async () => { console.log("at", Date.now()); };`,
    });
    const work = await createQueue(kit, { VisibilityTimeout: "60" });
    const { UUID } = await kit.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn,
        EventSourceArn: work.arn,
        Enabled: false,
      }),
    );
    await send(work, "waiting for its mapping");
    const release = await holdClock(kit.cloud.endpoint);
    const elsewhere = await createQueue(kit);
    const longPoll = receive(elsewhere, 20);
    await kit.lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    const enabledAt = kit.cloud.now();
    // The poller starts a moment after the mapping is enabled; until it takes the message, only
    // the mapping's ready work keeps the clock from jumping to the long poll's end.
    await release();
    const taken = await eventually(async () => {
      const lines = await consoleLines(kit, fn);
      return lines.length > 0 ? Number(lines[0]?.[1].split(" ")[1]) : undefined;
    });
    await longPoll;
    // Had the clock jumped to the long poll's end before the poller started, 20 s would lie between.
    expect(taken - enabledAt).toBeLessThan(10_000);
  },
  REAL_TIME_LIMIT_MS,
);

test(
  "a redrive with a 120 s visibility timeout ends in the dead-letter queue after exactly two attempts, in seconds of real time",
  async () => {
    const fn = await createFunction(kit, {
      "index.js": `exports.handler = async (event) => { for (const r of event.Records) console.log("attempt", r.attributes.ApproximateReceiveCount); throw new Error("cannot be processed"); };`,
    });
    const { queue, dlq } = await createQueueWithDlq(kit, 2, 120);
    await mapQueue(fn, queue);
    const sentAt = kit.cloud.now();
    await send(queue, "poison");
    const moved = await eventually(async () => {
      const answer = await receive(dlq, 0);
      return answer.Messages?.[0];
    }, REAL_TIME_LIMIT_MS / 2);
    expect(moved.Body).toBe("poison");
    const attempts = (await consoleLines(kit, fn)).map(([, message]) => message);
    expect(attempts).toEqual(["attempt 1", "attempt 2"]);
    // Two visibility timeouts passed on the cloud's clock.
    expect(kit.cloud.now() - sentAt).toBeGreaterThanOrEqual(240_000);
  },
  REAL_TIME_LIMIT_MS,
);

test(
  "an idle mapping's long polls do not make the clock jump: with nothing else to wait for, the cloud keeps real time, and still takes a message at once",
  async () => {
    const own = await startKit({ time: "skip" });
    try {
      const fn = await createFunction(own, {
        "index.js": `exports.handler = async () => { console.log("handled"); };`,
      });
      const queue = await createQueue(own);
      const { UUID } = await own.lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: fn, EventSourceArn: queue.arn }),
      );
      await eventually(async () => {
        const { State } = await own.lambda.send(new GetEventSourceMappingCommand({ UUID }));
        return State === "Enabled" ? true : undefined;
      });
      const ahead = own.cloud.now() - Date.now();
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Jumping from one 20 s poll to the next, it would be minutes ahead by now.
      expect(own.cloud.now() - Date.now() - ahead).toBeLessThan(1_000);
      await own.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: "now" }));
      expect(
        await eventually(async () => ((await consoleLines(own, fn)).length > 0 ? true : undefined)),
      ).toBe(true);
    } finally {
      await own.stop();
    }
  },
  REAL_TIME_LIMIT_MS,
);
