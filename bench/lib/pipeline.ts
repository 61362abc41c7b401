import { spawn } from "node:child_process";
import { once } from "node:events";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { Agent, request } from "undici";
import { destroyClients, emulatorClients } from "../../src/aws/clients.ts";
import type { BenchOptions } from "./args.ts";
import type { CurvePoint } from "./chart.ts";
import { waitForAll, waitForObject } from "./invoices.ts";
import {
  completionRate,
  invoiceLatencies,
  judgeStep,
  offerLoad,
  type LoadOutcome,
  type StepVerdict,
} from "./load.ts";
import { orderIds, poisonOrderMessage, sampleOrderRequest } from "./orders.ts";
import type { Figures } from "./runner.ts";
import { median, percentile } from "./stats.ts";
import { startSystem, type System } from "./system.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Loopback HTTP to the API; enough connections that the client is never the bottleneck. */
function apiClient(system: System) {
  const agent = new Agent({ connections: 256 });
  const { apiUrl, token } = system.ready;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  return {
    async submit(orderId: string): Promise<number> {
      const res = await request(`${apiUrl}/orders`, {
        method: "POST",
        headers,
        body: JSON.stringify(sampleOrderRequest(orderId)),
        dispatcher: agent,
      });
      await res.body.dump();
      return res.statusCode;
    },
    close: () => agent.close(),
  };
}

/** Waits for the stack's queues to empty; returns what is still in them at the deadline. */
async function leftBehind(system: System, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const depth = await system.depth();
    if (depth === 0 || Date.now() > deadline) return depth;
    await pause(50);
  }
}

export interface StepResult {
  offered: number;
  outcome: LoadOutcome;
  verdict: StepVerdict;
  latencies: number[];
  /** Invoiced orders per second, first submit to last invoice. */
  completedPerSecond: number;
  /**
   * CPU the system process (cloud, API, Lambda workers) spent per invoiced order. Unlike
   * latency it barely depends on what else the machine is doing, so it is the figure to
   * compare between runs on a shared machine.
   */
  cpuMsPerOrder: number;
}

/** Offers a steady load, waits for every accepted order's invoice, and judges the step. */
async function step(
  system: System,
  rate: number,
  durationSeconds: number,
  tag: string,
): Promise<StepResult> {
  const client = apiClient(system);
  const clients = emulatorClients(system.ready.endpoint);
  try {
    const ids = orderIds(tag);
    const cpuBefore = await system.cpuMs();
    const outcome = await offerLoad(
      { rate, durationSeconds, maxInFlight: 512 },
      ids.next,
      client.submit,
    );
    const key = (id: string) => `invoices/${id}.json`;
    const wanted = new Set(
      outcome.records.filter((r) => r.status === 202).map((r) => key(r.orderId)),
    );
    const drainMs = Math.max(10_000, durationSeconds * 1000);
    const drainStarted = Date.now();
    // Listing a bucket costs fauxqs time in proportion to its size; it waits for empty queues
    // (every accepted order is on one until it has its invoice) so that it runs about once.
    await leftBehind(system, drainMs);
    const times = await waitForAll(
      clients.s3,
      system.ready.bucket,
      `invoices/${ids.prefix}`,
      wanted,
      Math.max(0, drainMs - (Date.now() - drainStarted)),
    );
    for (const r of outcome.records) r.invoicedAt = times.get(key(r.orderId));
    const verdict = judgeStep({
      plan: { rate, durationSeconds, maxInFlight: 512 },
      outcome,
      leftBehind: await leftBehind(system, 5000),
    });
    const cpuMs = (await system.cpuMs()) - cpuBefore;
    const latencies = invoiceLatencies(outcome.records);
    return {
      offered: rate,
      outcome,
      verdict,
      latencies,
      completedPerSecond: completionRate(outcome.records),
      cpuMsPerOrder: latencies.length > 0 ? cpuMs / latencies.length : Number.NaN,
    };
  } finally {
    await client.close();
    destroyClients(clients);
  }
}

function stepSummary(s: StepResult) {
  const l = s.latencies.length > 0 ? s.latencies : [Number.NaN];
  const ok = s.latencies.length > 0;
  return {
    offered: s.offered,
    sent: s.outcome.records.length,
    sentPerSecond: s.outcome.sentPerSecond,
    invoiced: s.latencies.length,
    completedPerSecond: s.completedPerSecond,
    cpuMsPerOrder: Number.isFinite(s.cpuMsPerOrder) ? s.cpuMsPerOrder : null,
    p50: ok ? percentile(l, 50) : null,
    p95: ok ? percentile(l, 95) : null,
    p99: ok ? percentile(l, 99) : null,
    sustained: s.verdict.sustained,
    reasons: s.verdict.reasons,
  };
}
export type StepSummary = ReturnType<typeof stepSummary>;

export interface LoadRun {
  figures: Figures;
  /** The steady-rate step, with its verdict. */
  latency?: StepSummary;
  steps: StepSummary[];
}

/**
 * One run on a fresh system: its cold start, the latency at the steady rate, then offered
 * load stepped up until a step is not sustained.
 */
export async function loadRun(
  o: BenchOptions,
  run: number,
  parts: { latency: boolean; throughput: boolean },
): Promise<LoadRun> {
  const system = await startSystem({ prefix: `bench${run}-` });
  const figures: Figures = { ...system.ready.timings };
  const steps: StepSummary[] = [];
  let latency: StepSummary | undefined;
  try {
    if ((parts.latency || parts.throughput) && o.warmup > 0) {
      const warm = stepSummary(await step(system, o.rate, o.warmup, `warm${run}`));
      console.error(JSON.stringify({ bench: "warm-up", run: run + 1, ...warm }));
    }
    // Profiles cover the measured load only: start-up, deploy and warm-up have their own figures.
    if (o.profile) await system.profileStart();
    if (parts.latency) {
      const s = step(system, o.rate, o.duration, `lat${run}`);
      const summary = stepSummary(await s);
      latency = summary;
      if (summary.p50 !== null) {
        figures.latencyP50Ms = summary.p50;
        figures.latencyP95Ms = summary.p95!;
        figures.latencyP99Ms = summary.p99!;
      }
      figures.latencySustained = summary.sustained ? 1 : 0;
      if (summary.cpuMsPerOrder !== null) figures.cpuMsPerOrder = summary.cpuMsPerOrder;
      console.error(JSON.stringify({ bench: "latency", run: run + 1, ...summary }));
    }
    if (parts.throughput) {
      let ceiling = 0;
      for (const rate of o.steps) {
        const summary = stepSummary(await step(system, rate, o.stepDuration, `s${rate}r${run}`));
        steps.push(summary);
        console.error(JSON.stringify({ bench: "throughput step", run: run + 1, ...summary }));
        if (!summary.sustained) break;
        ceiling = rate;
        figures.ceilingCompletedPerSecond = summary.completedPerSecond;
      }
      figures.ceilingOrdersPerSecond = ceiling;
    }
    if (o.profile) {
      const files = await system.profileStop(o.profile, `load-run${run + 1}`);
      console.error(JSON.stringify({ bench: "profile", files }));
    }
    return { figures, steps, ...(latency ? { latency } : {}) };
  } finally {
    await system.stop();
  }
}

/** Median curve over runs: one point per offered load any run reached. */
export function medianCurve(runs: StepSummary[][]): CurvePoint[] {
  const byLoad = new Map<number, StepSummary[]>();
  for (const s of runs.flat()) byLoad.set(s.offered, [...(byLoad.get(s.offered) ?? []), s]);
  return [...byLoad.entries()]
    .filter(([, list]) => list.some((s) => s.p50 !== null))
    .map(([offered, list]) => {
      const measured = list.filter((s) => s.p50 !== null);
      return {
        offered,
        p50: median(measured.map((s) => s.p50!)),
        p95: median(measured.map((s) => s.p95!)),
        p99: median(measured.map((s) => s.p99!)),
        sustained: list.filter((s) => s.sustained).length * 2 > list.length,
      };
    })
    .sort((a, b) => a.offered - b.offered);
}

/** Orders sent after `idle` seconds of nothing: submit → invoice, one sample per wake-up. */
export async function wakeUps(system: System, o: BenchOptions): Promise<number[]> {
  const client = apiClient(system);
  const clients = emulatorClients(system.ready.endpoint);
  const ids = orderIds("wake");
  const samples: number[] = [];
  try {
    for (let i = 0; i < o.wakeCount; i++) {
      await pause(o.idle * 1000);
      const id = ids.next();
      const submitAt = Date.now();
      const status = await client.submit(id);
      if (status !== 202) throw new Error(`wake-up order answered ${status}`);
      const invoiced = await waitForObject(
        clients.s3,
        system.ready.bucket,
        `invoices/${id}.json`,
        30_000,
      );
      samples.push(invoiced - submitAt);
      console.error(
        JSON.stringify({
          bench: "wake-up",
          sample: i + 1,
          of: o.wakeCount,
          ms: invoiced - submitAt,
        }),
      );
    }
    return samples;
  } finally {
    await client.close();
    destroyClients(clients);
  }
}

/** A poison order put on the task queue → its failure record, one sample per order. */
export async function dlqPaths(system: System, count: number): Promise<number[]> {
  const clients = emulatorClients(system.ready.endpoint);
  const ids = orderIds("poison");
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const id = ids.next();
      const sentAt = Date.now();
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: system.ready.taskQueueUrl,
          MessageBody: poisonOrderMessage(id),
        }),
      );
      const recorded = await waitForObject(
        clients.s3,
        system.ready.bucket,
        `failed/${id}.json`,
        60_000,
        20,
      );
      samples.push(recorded - sentAt);
      console.error(
        JSON.stringify({
          bench: "dead-letter path",
          sample: i + 1,
          of: count,
          ms: recorded - sentAt,
        }),
      );
    }
    return samples;
  } finally {
    destroyClients(clients);
  }
}

/** Wall time of the whole `npm test` suite, and whether it passed. */
export async function npmTestWall(): Promise<Figures> {
  const started = Date.now();
  const child = spawn("npm", ["test"], { stdio: "ignore" });
  const [code] = (await once(child, "exit")) as [number | null];
  return { npmTestSeconds: (Date.now() - started) / 1000, npmTestPassed: code === 0 ? 1 : 0 };
}
