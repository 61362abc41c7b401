// Shared by the Lambda service's tests: a real cloud on port 0, real SDK clients, zips built
// from inline handler sources.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  type CreateFunctionCommandInput,
} from "@aws-sdk/client-lambda";
import type { S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { zipSync, strToU8 } from "fflate";
import { destroyClients, emulatorClients } from "../../../aws/clients.ts";
import { clientBase } from "../../../aws/config.ts";
import { startCloud, type Cloud, type StartCloudOptions } from "../../index.ts";

export const ROLE = "arn:aws:iam::000000000000:role/lambda-role";

export interface Kit {
  cloud: Cloud;
  lambda: LambdaClient;
  sqs: SQSClient;
  s3: S3Client;
  logs: CloudWatchLogsClient;
  stop(): Promise<void>;
}

export async function startKit(options: Omit<StartCloudOptions, "port"> = {}): Promise<Kit> {
  const cloud = await startCloud({ port: 0, ...options });
  const clients = emulatorClients(cloud.endpoint, cloud.region);
  // One attempt: an error of the service shows in the test instead of being retried away.
  const lambda = new LambdaClient({ ...clientBase(clients.config), maxAttempts: 1 });
  return {
    cloud,
    lambda,
    sqs: clients.sqs,
    s3: clients.s3,
    logs: clients.logs,
    async stop() {
      lambda.destroy();
      destroyClients(clients);
      await cloud.stop();
    },
  };
}

/** A deployment package from inline sources; fixed mtime so equal sources zip equally. */
export function zipOf(files: Record<string, string>): Uint8Array {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, source]) => [
      name,
      [strToU8(source), { mtime: new Date("2020-01-01") }],
    ]),
  );
  return zipSync(entries as Parameters<typeof zipSync>[0]);
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export async function createFunction(
  kit: Kit,
  files: Record<string, string>,
  overrides: Partial<CreateFunctionCommandInput> = {},
): Promise<string> {
  const name = overrides.FunctionName ?? uniqueName("fn");
  await kit.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Role: ROLE,
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Code: { ZipFile: zipOf(files) },
      Timeout: 3,
      ...overrides,
    }),
  );
  // Polls faster than the SDK waiter (1 s steps); control-plane/control-plane.test.ts proves the waiter.
  await eventually(async () => {
    const config = await kit.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: name }),
    );
    return config.State === "Active" ? true : undefined;
  });
  return name;
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every message of the function's log group, oldest first. */
export async function functionLogs(kit: Kit, name: string): Promise<string[]> {
  const messages: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await kit.logs.send(
      new FilterLogEventsCommand({
        logGroupName: `/aws/lambda/${name}`,
        nextToken,
      }),
    );
    for (const event of page.events ?? []) messages.push(event.message ?? "");
    nextToken = page.nextToken;
  } while (nextToken);
  return messages;
}

export const decode = (bytes: Uint8Array | undefined) =>
  new TextDecoder().decode(bytes ?? new Uint8Array());
export const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export interface TestQueue {
  name: string;
  url: string;
  arn: string;
}

export async function createQueue(
  kit: Kit,
  attributes: Record<string, string> = {},
  name = uniqueName("q"),
): Promise<TestQueue> {
  const { QueueUrl = "" } = await kit.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await kit.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { name, url: QueueUrl, arn: Attributes?.QueueArn ?? "" };
}

/** A queue with a dead-letter queue behind it after `maxReceiveCount` receives. */
export async function createQueueWithDlq(
  kit: Kit,
  maxReceiveCount: number,
  visibilityTimeout: number,
): Promise<{ queue: TestQueue; dlq: TestQueue }> {
  const dlq = await createQueue(kit);
  const queue = await createQueue(kit, {
    VisibilityTimeout: String(visibilityTimeout),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
  });
  return { queue, dlq };
}

/** Console lines of a function's log group, as `[requestId, message]`. */
export async function consoleLines(kit: Kit, name: string): Promise<[string, string][]> {
  return (await functionLogs(kit, name))
    .map((line) => line.split("\t"))
    .filter((parts) => parts.length >= 4 && parts[2] === "INFO")
    .map((parts) => [parts[1] ?? "", parts.slice(3).join("\t")]);
}
