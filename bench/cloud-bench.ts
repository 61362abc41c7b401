// `npm run bench:cloud`: the embedded cloud's own figures. Prints a table and
// writes bench/cloud-results.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateEventSourceMappingCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import * as z from "zod";
import { type AwsClients, destroyClients, emulatorClients } from "../src/aws/clients.ts";
import { startCloud, type Cloud } from "../src/cloud/index.ts";
import { parseCloudArgs, runBench, selected, type CloudOptions } from "./lib/args.ts";
import { forkForMessage } from "./lib/child.ts";
import { boundedEach } from "./lib/floor.ts";
import { createBenchRole, createProbeFunction } from "./lib/lambda-setup.ts";
import { startProbe } from "./lib/probe-server.ts";
import { record } from "./lib/profiler.ts";
import { buildResults, writeResults } from "./lib/results.ts";
import { repeat, type Figures, type Repeated } from "./lib/runner.ts";
import { sdkCostOnce } from "./lib/sdk-cost.ts";
import { compareSqsOnce, FAUXQS_VERSION, sqsRatios } from "./lib/sqs-compare.ts";
import { percentile, round } from "./lib/stats.ts";
import { formatTable, type Row } from "./lib/table.ts";

const coldChild = fileURLToPath(new URL("./lib/cloud-cold-child.ts", import.meta.url));
const coldSchema = z.object({
  cloudProcessToReadyMs: z.number(),
  cloudImportMs: z.number(),
  cloudStartMs: z.number(),
  cloudFirstHealthMs: z.number(),
});

const now = () => performance.timeOrigin + performance.now();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function coldStartOnce(): Promise<Figures> {
  // No --cpu-prof or loaders from our own command line: the child must start like a user's would.
  return coldSchema.parse(await forkForMessage(coldChild, [], []));
}

async function invokeRate(
  c: AwsClients,
  fn: string,
  calls: number,
  concurrency: number,
): Promise<number> {
  const started = now();
  await boundedEach(calls, concurrency, async () => {
    const out = await c.lambda.send(new InvokeCommand({ FunctionName: fn, Payload: "{}" }));
    if (out.FunctionError) throw new Error(`invoke failed: ${out.FunctionError}`);
  });
  return calls / ((now() - started) / 1000);
}

async function invokeOnce(
  c: AwsClients,
  role: string,
  tag: string,
  o: CloudOptions,
): Promise<Figures> {
  const fn = `${tag}-invoke`;
  await createProbeFunction(c.lambda, fn, role);
  await invokeRate(c, fn, Math.min(20, o.invokes), o.invokeConcurrency); // warm the instances
  return {
    invokeSequentialPerSecond: await invokeRate(c, fn, o.invokes, 1),
    invokeConcurrentPerSecond: await invokeRate(c, fn, o.invokes, o.invokeConcurrency),
  };
}

async function createQueueArn(
  c: AwsClients,
  cloud: Cloud,
  name: string,
): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await c.sqs.send(new CreateQueueCommand({ QueueName: name }));
  return { url: QueueUrl!, arn: `arn:aws:sqs:${cloud.region}:${cloud.accountId}:${name}` };
}

/** SendMessage on an idle queue → the handler starting, through a BatchSize-1 mapping. */
async function idleOnce(
  c: AwsClients,
  cloud: Cloud,
  role: string,
  tag: string,
  o: CloudOptions,
): Promise<Figures> {
  const probe = await startProbe();
  try {
    const fn = `${tag}-idle`;
    const q = await createQueueArn(c, cloud, `${tag}-idle`);
    await createProbeFunction(c.lambda, fn, role, probe.url);
    await c.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn,
        EventSourceArn: q.arn,
        BatchSize: 1,
      }),
    );
    const delays: number[] = [];
    // The first message also waits for the mapping to become Enabled: not an idle sample.
    for (let i = -1; i < o.idleSamples; i++) {
      await pause(o.idleGapMs);
      const body = `${tag}-idle-${i}`;
      const sentAt = now();
      await c.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: body }));
      const startedAt = await probe.waitFor(body, 30_000);
      if (i >= 0) delays.push(startedAt - sentAt);
    }
    return {
      idleToHandlerP50Ms: percentile(delays, 50),
      idleToHandlerP99Ms: percentile(delays, 99),
    };
  } finally {
    await probe.close();
  }
}

/**
 * Messages in a queue in any state, asked over the wire: cheap for the cloud, unlike
 * inspectQueue, which copies every message and, polled often, slowed the drain it measured.
 * Polled every 50 ms: the end time is that precise, and the poll stays a small share of work.
 */
async function queueDepth(c: AwsClients, url: string): Promise<number> {
  const { Attributes: a = {} } = await c.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  return (
    Number(a.ApproximateNumberOfMessages ?? 0) +
    Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/** Messages per second one BatchSize-10 mapping drains from a queue filled beforehand. */
async function mappingOnce(
  c: AwsClients,
  cloud: Cloud,
  role: string,
  tag: string,
  o: CloudOptions,
): Promise<Figures> {
  const fn = `${tag}-sink`;
  const name = `${tag}-drain`;
  const q = await createQueueArn(c, cloud, name);
  await createProbeFunction(c.lambda, fn, role);
  await boundedEach(Math.ceil(o.mappingMessages / 10), 8, async (batch) => {
    const size = Math.min(10, o.mappingMessages - batch * 10);
    await c.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: Array.from({ length: size }, (_, i) => ({
          Id: String(i),
          MessageBody: `m-${batch}-${i}`,
        })),
      }),
    );
  });
  const recording = o.profile ? await record() : undefined;
  const started = now();
  await c.lambda.send(
    new CreateEventSourceMappingCommand({ FunctionName: fn, EventSourceArn: q.arn, BatchSize: 10 }),
  );
  const deadline = started + 120_000;
  for (let left = await queueDepth(c, q.url); left > 0; left = await queueDepth(c, q.url)) {
    if (now() > deadline) throw new Error(`mapping left ${left} messages after 120 s`);
    await pause(50);
  }
  const rate = o.mappingMessages / ((now() - started) / 1000);
  if (recording && o.profile) {
    mkdirSync(o.profile, { recursive: true });
    for (const { label, profile } of await recording.stop()) {
      writeFileSync(join(o.profile, `mapping-${tag}-${label}.cpuprofile`), JSON.stringify(profile));
    }
  }
  return { mappingMessagesPerSecond: rate };
}

async function warmCloudOnce(o: CloudOptions, run: number): Promise<Figures> {
  const cloud = await startCloud({ port: 0 });
  const c = emulatorClients(cloud.endpoint);
  try {
    const tag = `b${run}`;
    const role = await createBenchRole(c, `${tag}-role`);
    return {
      ...(selected(o, "invoke") ? await invokeOnce(c, role, tag, o) : {}),
      ...(selected(o, "idle") ? await idleOnce(c, cloud, role, tag, o) : {}),
      ...(selected(o, "mapping") ? await mappingOnce(c, cloud, role, tag, o) : {}),
    };
  } finally {
    destroyClients(c);
    await cloud.stop();
  }
}

function rows(m: Figures): Row[] {
  const out: Row[] = [];
  const add = (key: string, row: Omit<Row, "value">, digits = 1) => {
    if (m[key] !== undefined) out.push({ ...row, value: round(m[key], digits) });
  };
  add("cloudStartMs", {
    name: "cold start: startCloud() until listening",
    unit: "ms",
    target: "well under 1 s",
  });
  add("cloudProcessToReadyMs", {
    name: "cold start: new process → health answers",
    unit: "ms",
    note: "incl. Node boot and imports",
  });
  add(
    "invokeSequentialPerSecond",
    { name: "Invoke round trips, warm, one at a time", unit: "calls/s" },
    0,
  );
  add(
    "invokeConcurrentPerSecond",
    { name: "Invoke round trips, warm, concurrent", unit: "calls/s" },
    0,
  );
  add(
    "idleToHandlerP50Ms",
    { name: "SendMessage on idle queue → handler starts, p50", unit: "ms" },
    2,
  );
  add(
    "idleToHandlerP99Ms",
    { name: "SendMessage on idle queue → handler starts, p99", unit: "ms" },
    2,
  );
  add(
    "mappingMessagesPerSecond",
    { name: "SQS → Lambda, one mapping, BatchSize 10", unit: "messages/s" },
    0,
  );
  const sqs = "SendMessage, 16 in flight";
  const drain = "drain: ReceiveMessage ×10 + DeleteMessageBatch";
  const server = (name: string, unit: string, target?: string) => ({
    name,
    unit,
    ...(target ? { target } : {}),
  });
  for (const [label, key, unit, cpuUnit] of [
    [sqs, "Sends", "calls/s", "µs/call"],
    [drain, "Drain", "messages/s", "µs/message"],
  ] as const) {
    const base = key === "Sends" ? "Send" : "Drain";
    add(`orderflow${key}PerSecond`, server(`${label}: orderflow's SQS (startCloud)`, unit), 0);
    add(
      `fauxqs${key}PerSecond`,
      server(`${label}: fauxqs ${FAUXQS_VERSION} (startFauxqs)`, unit),
      0,
    );
    add(`${base.toLowerCase()}Ratio`, server(`${label}: orderflow / fauxqs`, "×", "≥ 1"), 2);
    add(`orderflow${base}CpuMicros`, server(`${label}: orderflow server CPU`, cpuUnit), 0);
    add(`fauxqs${base}CpuMicros`, server(`${label}: fauxqs server CPU`, cpuUnit), 0);
    add(`${base.toLowerCase()}CpuRatio`, server(`${label}: CPU orderflow / fauxqs`, "×", "≤ 1"), 2);
  }
  const alone = (key: string, how: string, note?: string) => {
    const named = { name: `${sqs}: SQS alone, ${how}`, unit: "calls/s" };
    add(`sqs${key}SendsPerSecond`, note ? { ...named, note } : named, 0);
    add(
      `sqs${key}SendCpuMicros`,
      { name: `${sqs}: SQS alone, ${how}, server CPU`, unit: "µs/call" },
      0,
    );
  };
  alone("Memory", "in memory");
  alone("Normal", "--data-dir (synchronous NORMAL)", "survives a process kill");
  alone("Full", "--data-dir (synchronous FULL)", "survives a power cut");
  const put = "PutObject, 8 in flight, to a server that answers at once";
  add("sdkPutCpuMicros", { name: `${put}: SDK v3 client CPU`, unit: "µs/call" }, 0);
  add("httpPutCpuMicros", { name: `${put}: node:http CPU`, unit: "µs/call" }, 0);
  add("sdkOverHttp", { name: `${put}: SDK / node:http`, unit: "×" }, 1);
  return out;
}

async function main(): Promise<void> {
  const o = parseCloudArgs(process.argv.slice(2));
  const parts: Record<string, Repeated> = {};
  if (selected(o, "cold")) parts.cold = await repeat("cloud cold start", o.runs, coldStartOnce);
  if (["invoke", "idle", "mapping"].some((p) => selected(o, p))) {
    parts.warm = await repeat("cloud warm", o.runs, (i) => warmCloudOnce(o, i));
  }
  if (selected(o, "sqs"))
    parts.sqs = await repeat("SQS side by side", o.runs, (i) => compareSqsOnce(o, i));
  if (selected(o, "sdk"))
    parts.sdk = await repeat("SDK call cost", o.runs, () => sdkCostOnce(o.sdkCalls));
  const figures = Object.assign({}, ...Object.values(parts).map((p) => p.median)) as Figures;
  if (parts.sqs) Object.assign(figures, sqsRatios(figures));
  const table = rows(figures);
  const { only, ...settings } = o;
  const results = buildResults({
    benchmark: "cloud",
    settings: { ...settings, only: only ? [...only] : "all" },
    figures,
    table,
    details: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.runs])),
  });
  writeResults(o.out, results);
  console.log(formatTable(table));
  console.log(
    `\nmedians of ${o.runs} runs; ${results.machine.cpus} CPUs, ${results.machine.memoryGiB} GiB, Node ${results.node}, ${results.commit.slice(0, 12)}; written to ${o.out}`,
  );
}

await runBench(main);
