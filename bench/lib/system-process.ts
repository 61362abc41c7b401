// The system under test, in its own process: startCloud, deploy, the API on its own thread, as `npm start` does.
// Started by system.ts with fork(); reports readiness and queue depths over IPC.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { destroyClients, emulatorClients } from "../../src/aws/clients.ts";
import { authConfigFromEnv, issueToken, startApiThread } from "../../src/api/index.ts";
import { startCloud } from "../../src/cloud/index.ts";
import { deploy } from "../../src/stack/deploy.ts";
import { resourceNames } from "../../src/stack/names.ts";
import { localSettings, testSettings, withSettings } from "../../src/stack/settings.ts";
import { waitForObject } from "./invoices.ts";
import { sampleOrderRequest } from "./orders.ts";
import { record, type Recording } from "./profiler.ts";
import { commandSchema, type Command, type Ready } from "./system-protocol.ts";

// Imports are evaluated before this line: it counts Node's boot and loading our modules.
const processToStartMs = performance.now();
const prefix = process.argv[2] ?? "bench-";
// "local" is what a laptop runs (10 s function timeout); "test" has the short visibility
// timeout that makes the dead-letter path take seconds.
const baseSettings = process.argv[3] === "test" ? testSettings : localSettings;
const ms = (from: number) => performance.now() - from;

async function postOrder(apiUrl: string, token: string, orderId: string): Promise<void> {
  const res = await fetch(`${apiUrl}/orders`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(sampleOrderRequest(orderId)),
  });
  await res.arrayBuffer();
  if (res.status !== 202) throw new Error(`first order answered ${res.status}`);
}

const COUNTS = [
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesDelayed",
  "ApproximateNumberOfMessagesNotVisible",
] as const;

/**
 * Messages in the queues, ready, delayed or in flight: counts SQS keeps anyway, where looking
 * at each message (cloud.inspectQueue) cost the cloud's thread time in proportion to the
 * backlog, many times a second while a step drained.
 */
async function depth(sqs: SQSClient, urls: string[]): Promise<number> {
  const answers = await Promise.all(
    urls.map((QueueUrl) =>
      sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [...COUNTS] })),
    ),
  );
  return answers
    .flatMap((a) => COUNTS.map((name) => Number(a.Attributes?.[name] ?? 0)))
    .reduce((sum, n) => sum + n, 0);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const cloud = await startCloud({ port: 0 });
  const cloudMs = ms(t0);
  const clients = emulatorClients(cloud.endpoint);
  let deployMs = 0;
  let apiMs = 0;
  const settings = withSettings(baseSettings, { prefix });
  const names = resourceNames(prefix);
  const auth = authConfigFromEnv(process.env);
  // The API gets its own thread, as it is its own service on AWS. It looks its queues up on
  // first use, so it starts beside the deploy instead of after it.
  const t1 = performance.now();
  const [stack, api] = await Promise.all([
    deploy(clients, settings, { log: () => {} }).then((deployed) => {
      deployMs = ms(t1);
      return deployed;
    }),
    startApiThread({
      aws: clients.config,
      bucket: names.bucket,
      taskQueue: names.taskQueue,
      dlq: names.dlq,
      auth,
      // The benchmark is one user offering hundreds of orders a second: the limiter is not under test.
      rateLimit: { capacity: 1e9, refillPerSecond: 1e9 },
      port: 0,
      log: "none",
    }).then((started) => {
      apiMs = ms(t1);
      return started;
    }),
  ]);
  const token = await issueToken(auth, "bench-user", Date.now());
  const firstId = `ORD-${prefix}first`;
  const t3 = performance.now();
  await postOrder(api.url, token, firstId);
  const firstAcceptMs = ms(t3);
  const coldStartMs = ms(t0);
  const accepted = Date.now();
  const invoiced = await waitForObject(
    clients.s3,
    stack.names.bucket,
    `invoices/${firstId}.json`,
    60_000,
  );
  const queues = [stack.names.taskQueue, stack.names.notificationQueue, stack.names.dlq];
  const queueUrls = [stack.queues.task.url, stack.queues.notification.url, stack.queues.dlq.url];

  const ready: Ready = {
    type: "ready",
    apiUrl: api.url,
    endpoint: cloud.endpoint,
    token,
    bucket: stack.names.bucket,
    taskQueueUrl: stack.queues.task.url,
    queues,
    visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
    timings: {
      processToStartMs,
      cloudMs,
      deployMs,
      apiMs,
      firstAcceptMs,
      coldStartMs,
      firstInvoiceMs: invoiced - accepted,
    },
  };
  process.send!(ready);

  let recording: Recording | undefined;
  const answer = async (command: Command): Promise<void> => {
    switch (command.type) {
      case "depth":
        process.send!({ type: "depth", depth: await depth(clients.sqs, queueUrls) });
        return;
      case "cpu": {
        const { user, system } = process.cpuUsage();
        process.send!({ type: "cpu", micros: user + system });
        return;
      }
      case "profile-start":
        recording = await record();
        process.send!({ type: "profiling" });
        return;
      case "profile-stop": {
        const profiles = (await recording?.stop()) ?? [];
        recording = undefined;
        mkdirSync(command.dir, { recursive: true });
        const files = profiles.map(({ label, profile }) => {
          const file = join(command.dir, `${command.label}-${label}.cpuprofile`);
          writeFileSync(file, JSON.stringify(profile));
          return file;
        });
        process.send!({ type: "profiled", files });
        return;
      }
      case "stop":
        await api.close();
        destroyClients(clients);
        await cloud.stop();
        process.disconnect();
    }
  };
  process.on("message", (raw) => void answer(commandSchema.parse(raw)));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: "error", msg: "system process failed", error: String(error) })}\n`,
  );
  process.exit(1);
});
