import { GetObjectCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetFunctionCommand, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { createClients, emulatorClients, destroyClients, type AwsClients } from "../aws/clients.ts";
import { EMULATOR_CREDENTIALS } from "../aws/config.ts";
import { startCloud, type Cloud } from "../cloud/index.ts";
import { lambdaBundle } from "./bundle.ts";
import { deploy, POLL_INTERVAL_MS, stepContext, type DeployResult } from "./deploy.ts";
import { destroy } from "./destroy.ts";
import { resourceNames } from "./names.ts";
import { pollUntil } from "./poll.ts";
import { testSettings, withSettings } from "./settings.ts";

// The first deploy of a run bundles the handlers, which takes seconds on a busy machine.
const SLOW = 90_000;
const quiet = { log: () => {} };

let cloud: Cloud;
let clients: AwsClients;
let first: DeployResult;

beforeAll(async () => {
  // The bad order waits out two visibility timeouts: on a skipping clock, not in real time.
  cloud = await startCloud({ port: 0, time: "skip" });
  clients = emulatorClients(cloud.endpoint, cloud.region);
  first = await deploy(clients, testSettings, quiet);
}, SLOW);

afterAll(async () => {
  destroyClients(clients);
  await cloud.stop();
});

async function queueAttributes(name: string): Promise<Record<string, string>> {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  const answer = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }),
  );
  return answer.Attributes ?? {};
}

async function readJson(bucket: string, key: string): Promise<Record<string, unknown> | undefined> {
  try {
    const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await answer.Body!.transformToString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const eventually = <T>(what: string, check: () => Promise<T | undefined>) =>
  pollUntil(check, { what, timeoutMs: 30_000, intervalMs: 100 });

test("the first deploy creates every resource, with the settings it was given", async () => {
  const names = resourceNames();
  expect(first.actions).toEqual(
    expect.arrayContaining([
      `create bucket ${names.bucket}`,
      `create queue ${names.taskQueue}`,
      `create role ${names.role}`,
      `create function ${names.functions.task}`,
      `create event source mapping ${names.taskQueue} -> ${names.functions.task}`,
    ]),
  );
  expect(first.actions).toHaveLength(12);
  const task = await clients.lambda.send(
    new GetFunctionCommand({ FunctionName: names.functions.task }),
  );
  expect(task.Configuration).toMatchObject({
    Runtime: "nodejs22.x",
    Handler: "index.handler",
    Timeout: testSettings.functionTimeoutSeconds,
    State: "Active",
    CodeSha256: (await lambdaBundle("task")).sha256,
    Environment: {
      Variables: {
        RESULTS_BUCKET: names.bucket,
        NOTIFICATION_QUEUE_URL: first.queues.notification.url,
      },
    },
  });
  const redrive = JSON.parse((await queueAttributes(names.taskQueue)).RedrivePolicy!) as Record<
    string,
    unknown
  >;
  expect(redrive).toEqual({ deadLetterTargetArn: first.queues.dlq.arn, maxReceiveCount: 2 });
  expect((await queueAttributes(names.taskQueue)).VisibilityTimeout).toBe(
    String(testSettings.visibilityTimeoutSeconds),
  );
  const mappings = await clients.lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: names.functions.task }),
  );
  expect(mappings.EventSourceMappings).toEqual([
    expect.objectContaining({
      EventSourceArn: first.queues.task.arn,
      State: "Enabled",
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    }),
  ]);
});

test("deploy polls AWS every 2 s, an emulator every 20 ms, or as often as it is told", () => {
  const aws = createClients({
    region: "us-east-1",
    credentials: EMULATOR_CREDENTIALS,
  });
  const pollOf = (on: AwsClients, every?: number) =>
    stepContext(on, testSettings, [], () => {}, every).pollMs;
  try {
    expect(pollOf(aws)).toBe(2_000);
    expect(pollOf(clients)).toBe(20);
    expect(pollOf(clients, POLL_INTERVAL_MS.localstack)).toBe(250);
  } finally {
    destroyClients(aws);
  }
});

test("a second deploy reports no changes", async () => {
  const lines: string[] = [];
  const again = await deploy(clients, testSettings, { log: (line) => lines.push(line) });
  expect(again.actions).toEqual([]);
  expect(lines).toEqual(["no changes"]);
});

test(
  "the deployed stack prices an order, notifies, and sets a bad one aside for review",
  async () => {
    const names = resourceNames();
    const send = (body: unknown) =>
      clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: first.queues.task.url,
          MessageBody: JSON.stringify(body),
        }),
      );
    const order = (id: string, price: number) => ({
      order_id: id,
      user_id: "alice",
      items: [{ name: "Keyboard", price, quantity: 3 }],
      promo_code: "SAVE10",
      submitted_at: new Date().toISOString(),
    });
    await send(order("ORD-deploy-good", 349.99));
    await send(order("ORD-deploy-bad", -1));

    const invoice = await eventually("the invoice", () =>
      readJson(names.bucket, "invoices/ORD-deploy-good.json"),
    );
    expect(invoice.total).toBe("944.97");
    const note = await eventually("the notification", () =>
      readJson(names.bucket, "notifications/ORD-deploy-good.json"),
    );
    expect(note).toMatchObject({ order_id: "ORD-deploy-good", total: "944.97" });
    const failed = await eventually("the failure record", () =>
      readJson(names.bucket, "failed/ORD-deploy-bad.json"),
    );
    expect(failed).toMatchObject({
      order_id: "ORD-deploy-bad",
      reason: "items[0].price: must be at least 0",
      source_queue: first.queues.task.arn,
    });
    expect(await readJson(names.bucket, "invoices/ORD-deploy-bad.json")).toBeUndefined();
  },
  SLOW,
);

test(
  "a changed setting updates just what it touches",
  async () => {
    const changed = withSettings(testSettings, {
      functionTimeoutSeconds: 6,
      visibilityTimeoutSeconds: 6,
    });
    const result = await deploy(clients, changed, quiet);
    expect([...result.actions].sort()).toEqual(
      [
        "update queue task-dlq (VisibilityTimeout)",
        "update queue task-queue (VisibilityTimeout)",
        "update queue notification-queue (VisibilityTimeout)",
        "update function configuration task_lambda (Timeout)",
        "update function configuration notification_lambda (Timeout)",
        "update function configuration dlq_processor_lambda (Timeout)",
      ].sort(),
    );
    expect((await deploy(clients, changed, quiet)).actions).toEqual([]);
    await deploy(clients, testSettings, quiet);
  },
  SLOW,
);

test(
  "a stack on a prefix stands beside another and goes away alone",
  async () => {
    const prefixed = withSettings(testSettings, { prefix: "beside-" });
    const other = await deploy(clients, prefixed, quiet);
    expect(other.actions).toHaveLength(12);
    expect(other.names.functions.task).toBe("beside-task_lambda");

    const removed = await destroy(clients, prefixed, quiet);
    expect(removed.actions).toEqual(
      expect.arrayContaining([
        "delete function beside-task_lambda",
        "delete bucket beside-results-bucket",
      ]),
    );
    expect((await destroy(clients, prefixed, quiet)).actions).toEqual([]);
    // The stack without a prefix is untouched.
    expect((await deploy(clients, testSettings, quiet)).actions).toEqual([]);
  },
  SLOW,
);

test(
  "destroy removes everything the deploy created, objects and all",
  async () => {
    const names = resourceNames();
    const result = await destroy(clients, testSettings, quiet);
    expect(result.actions).toEqual(
      expect.arrayContaining([
        `delete event source mapping ${first.queues.task.arn} -> ${names.functions.task}`,
        `delete function ${names.functions.task}`,
        `delete function ${names.functions.notification}`,
        `delete function ${names.functions.dlqProcessor}`,
        `delete role ${names.role}`,
        `delete queue ${names.taskQueue}`,
        `delete queue ${names.notificationQueue}`,
        `delete queue ${names.dlq}`,
        `delete bucket ${names.bucket}`,
      ]),
    );
    await expect(
      clients.s3.send(new HeadBucketCommand({ Bucket: names.bucket })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      clients.lambda.send(new GetFunctionCommand({ FunctionName: names.functions.task })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    expect((await destroy(clients, testSettings, quiet)).actions).toEqual([]);
  },
  SLOW,
);
