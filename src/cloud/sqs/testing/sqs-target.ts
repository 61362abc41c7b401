/*
 * Test support: the SQS that SDK-level tests talk to. With CLOUD_ENDPOINT set (moto,
 * LocalStack, `orderflow cloud`), that endpoint; otherwise an SQS server of our own on a free
 * port. Tests create queues through `queue()` (unique names, deleted afterwards) so that they
 * can run side by side against a shared endpoint.
 */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { randomBytes } from "node:crypto";
import { EMULATOR_CREDENTIALS } from "../../../aws/config.ts";
import { ManualClock } from "../../testing/manual-clock.ts";
import { startSqsServer, type SqsServer } from "./sqs-server.ts";

export interface TestQueue {
  url: string;
  arn: string;
  name: string;
}

export interface SqsTarget {
  endpoint: string;
  sqs: SQSClient;
  /** Our own server, when no CLOUD_ENDPOINT was given. */
  embedded: SqsServer | undefined;
  /** The test clock, when the target is embedded and one was asked for. */
  clock: ManualClock | undefined;
  queue(
    prefix: string,
    attributes?: Record<string, string>,
    tags?: Record<string, string>,
  ): Promise<TestQueue>;
  /** Deletes this queue (created some other way) when the target stops. */
  track(url: string): void;
  /** Lets `ms` pass: on the test clock at once when there is one, otherwise for real. */
  pass(ms: number): Promise<void>;
  /** Resolves once a long poll is waiting on the queue (embedded), or at once elsewhere. */
  polling(queueName: string): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

/** A queue name no other test (or run) uses: prefix, a random tag and a counter. */
export function uniqueName(prefix: string, fifo = false): string {
  const name = `${prefix}-${randomBytes(4).toString("hex")}-${++counter}`;
  return fifo ? `${name}.fifo` : name;
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: EMULATOR_CREDENTIALS,
  });
}

const realPause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` answers something other than undefined; fails naming `what` after 15 s. */
export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await realPause(20);
  }
}

export async function sqsTarget(options: { testClock?: boolean } = {}): Promise<SqsTarget> {
  const external = process.env.CLOUD_ENDPOINT?.trim() || undefined;
  const clock = !external && options.testClock ? new ManualClock(Date.now()) : undefined;
  const embedded = external ? undefined : await startSqsServer(clock ? { clock } : {});
  const endpoint = external ?? (embedded as SqsServer).endpoint;
  const sqs = sqsClient(endpoint);
  const created: string[] = [];
  return {
    endpoint,
    sqs,
    embedded,
    clock,
    async queue(prefix, attributes, tags) {
      const fifo = attributes?.FifoQueue === "true";
      const name = uniqueName(prefix, fifo);
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: name, Attributes: attributes, tags }),
      );
      const url = QueueUrl as string;
      created.push(url);
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
      );
      return { url, arn: Attributes?.QueueArn as string, name };
    },
    track(url) {
      created.push(url);
    },
    async pass(ms) {
      if (clock) await clock.advance(ms);
      else await realPause(ms);
    },
    async polling(queueName) {
      if (!embedded) return;
      const waiting = () => (embedded.service.model.findQueue(queueName)?.waits.size ?? 0) > 0;
      await until(() => (waiting() ? true : undefined), `a long poll on ${queueName}`);
    },
    async stop() {
      await Promise.allSettled(
        created.map((url) => sqs.send(new DeleteQueueCommand({ QueueUrl: url }))),
      );
      sqs.destroy();
      await embedded?.stop();
    },
  };
}

/** The target of a test file: started before its first test, stopped after its last. */
export function sqsSuite(options: { testClock?: boolean } = {}): SqsTarget {
  let target: SqsTarget | undefined;
  beforeAll(async () => {
    target = await sqsTarget(options);
  });
  afterAll(async () => {
    await target?.stop();
  });
  return new Proxy({} as SqsTarget, {
    get(_, key: keyof SqsTarget) {
      if (!target) throw new Error("the SQS target starts with the first test");
      const value = target[key];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export interface CaughtError {
  name: string;
  code: string | undefined;
  message: string;
  status: number | undefined;
}

/** The SDK error a call fails with: class name, classic code, message and HTTP status. */
export async function sqsError(call: Promise<unknown>): Promise<CaughtError> {
  try {
    await call;
  } catch (error) {
    const e = error as Error & { Code?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, code: e.Code, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}
