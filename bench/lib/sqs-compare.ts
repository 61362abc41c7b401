/*
 * orderflow's SQS beside fauxqs' (the package's own server, started with startFauxqs), through
 * the same SDK v3 client in the same run: SendMessage one at a time with 16 in flight, and a
 * drain of a filled queue with ReceiveMessage ×10 + DeleteMessageBatch. Also what keeping the
 * messages on disk costs a send (--data-dir, SQLite synchronous NORMAL and FULL). Each server
 * runs in a process of its own (sqs-server-child.ts), which also reports its CPU time per call:
 * on a busy machine that figure is steadier than calls per second.
 */
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { destroyClients, emulatorClients } from "../../src/aws/clients.ts";

import { boundedEach } from "./floor.ts";
import type { Figures } from "./runner.ts";
import { startServerProcess } from "./server-process.ts";

const now = () => performance.now();

/** The installed fauxqs release, for the table's labels. */
export const FAUXQS_VERSION = (
  JSON.parse(
    readFileSync(new URL("../../node_modules/fauxqs/package.json", import.meta.url), "utf8"),
  ) as { version: string }
).version;
const SEND_CONCURRENCY = 16;
/** Messages sent, and drained, unmeasured before each measured phase. */
const WARM_UP = 500;

export interface CompareOptions {
  sqsSends: number;
  sqsDrain: number;
}

async function queueOn(sqs: SQSClient, name: string): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl as string;
}

/** SendMessage calls per second, 16 in flight. */
async function sendRate(sqs: SQSClient, url: string, count: number): Promise<number> {
  const started = now();
  await boundedEach(count, SEND_CONCURRENCY, async (i) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `order-${i}` }));
  });
  return count / ((now() - started) / 1000);
}

/** Fills a queue with `count` messages, ten per SendMessageBatch. */
async function fill(sqs: SQSClient, url: string, count: number): Promise<void> {
  await boundedEach(Math.ceil(count / 10), 8, async (batch) => {
    const size = Math.min(10, count - batch * 10);
    const Entries = Array.from({ length: size }, (_, i) => ({
      Id: String(i),
      MessageBody: `m-${batch}-${i}`,
    }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));
  });
}

/** Messages per second one consumer drains: receive ten, delete them in one batch, again. */
async function drainRate(sqs: SQSClient, url: string, count: number): Promise<number> {
  const started = now();
  for (let drained = 0; drained < count;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) continue;
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    drained += Messages.length;
  }
  return count / ((now() - started) / 1000);
}

interface Server {
  endpoint: string;
  /** The server process's CPU time (µs) since the previous mark. */
  mark(): Promise<number>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./sqs-server-child.ts", import.meta.url));

/** Starts one server (see sqs-server-child.ts) in its own process. */
async function startServer(which: string): Promise<Server> {
  const server = await startServerProcess(CHILD, [which], `the ${which} SQS server`);
  return {
    endpoint: server.endpoint,
    mark: async () => (await server.ask<{ cpuMicros: number }>("mark")).cpuMicros,
    stop: () => server.stop(),
  };
}

interface Measured {
  sends: number;
  sendCpu: number;
  drained: number;
  drainCpu: number;
}

async function measure(
  which: string,
  tag: string,
  o: CompareOptions,
  drain = true,
): Promise<Measured> {
  const server = await startServer(which);
  const clients = emulatorClients(server.endpoint);
  try {
    const sendUrl = await queueOn(clients.sqs, `${tag}-send`);
    // A short unmeasured round of each phase first, so both servers are measured warm (their
    // code optimized by V8, whose compiler threads count in the process's CPU time).
    await sendRate(clients.sqs, sendUrl, WARM_UP);
    await server.mark();
    const sends = await sendRate(clients.sqs, sendUrl, o.sqsSends);
    const sendCpu = (await server.mark()) / o.sqsSends;
    if (!drain) return { sends, sendCpu, drained: 0, drainCpu: 0 };
    const drainUrl = await queueOn(clients.sqs, `${tag}-drain`);
    await fill(clients.sqs, drainUrl, WARM_UP);
    await drainRate(clients.sqs, drainUrl, WARM_UP);
    await fill(clients.sqs, drainUrl, o.sqsDrain);
    await server.mark();
    const drained = await drainRate(clients.sqs, drainUrl, o.sqsDrain);
    return { sends, sendCpu, drained, drainCpu: (await server.mark()) / o.sqsDrain };
  } finally {
    destroyClients(clients);
    await server.stop();
  }
}

/** One run: both servers, in an order that alternates between runs so neither always goes first. */
export async function compareSqsOnce(o: CompareOptions, run: number): Promise<Figures> {
  const tag = `cmp${run}`;
  const pair = run % 2 === 0 ? ["orderflow", "fauxqs"] : ["fauxqs", "orderflow"];
  const f: Figures = {};
  for (const name of pair) {
    const m = await measure(name, `${tag}-${name}`, o);
    f[`${name}SendsPerSecond`] = m.sends;
    f[`${name}SendCpuMicros`] = m.sendCpu;
    f[`${name}DrainPerSecond`] = m.drained;
    f[`${name}DrainCpuMicros`] = m.drainCpu;
  }
  for (const durability of ["memory", "NORMAL", "FULL"]) {
    const m = await measure(durability, `${tag}-${durability}`, o, false);
    const key = durability === "memory" ? "Memory" : durability === "NORMAL" ? "Normal" : "Full";
    f[`sqs${key}SendsPerSecond`] = m.sends;
    f[`sqs${key}SendCpuMicros`] = m.sendCpu;
  }
  return f;
}

/** orderflow / fauxqs, from the medians of the runs (not a median of per-run ratios). */
export function sqsRatios(median: Figures): Figures {
  const ratio = (a = 0, b = 0) => a / b;
  return {
    sendRatio: ratio(median.orderflowSendsPerSecond, median.fauxqsSendsPerSecond),
    drainRatio: ratio(median.orderflowDrainPerSecond, median.fauxqsDrainPerSecond),
    sendCpuRatio: ratio(median.orderflowSendCpuMicros, median.fauxqsSendCpuMicros),
    drainCpuRatio: ratio(median.orderflowDrainCpuMicros, median.fauxqsDrainCpuMicros),
  };
}
