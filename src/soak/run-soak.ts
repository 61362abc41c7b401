import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { Pool } from "undici";
import * as z from "zod";
import { authConfigFromEnv, createAwsApiDeps, startApi, type RunningApi } from "../api/index.ts";
import { emulatorClients, destroyClients, type AwsClients } from "../aws/clients.ts";
import {
  startCloud,
  type Cloud,
  type FaultKind,
  type ServiceFaultOptions,
} from "../cloud/index.ts";
import { deploy } from "../stack/deploy.ts";
import type { ResourceNames } from "../stack/names.ts";
import {
  productionSettings,
  testSettings,
  withSettings,
  type StackSettings,
} from "../stack/settings.ts";
import { audit, type AuditFigures, type FailureSummary } from "./audit.ts";
import { soakOptions, type SoakOptions, type SoakOptionsInput } from "./options.ts";
import { planOrders } from "./orders.ts";
import { waitUntilSettled, watchRetries } from "./settle.ts";
import { sendAll } from "./client.ts";

export interface SoakReport {
  options: SoakOptions;
  figures: AuditFigures;
  violations: string[];
  ok: boolean;
  settled: boolean;
  /** Injected faults and failed attempts as the functions' logs tell them. */
  faultsLogged: FaultCounts;
  /** The faults of S3 and SQS, per service and kind, as the cloud counted them. */
  serviceFaults: ServiceFaultTotal[];
  /** Good orders the API accepted only on a retry, after a 503 or a dropped connection. */
  acceptedOnRetry: number;
  seconds: { setup: number; send: number; settle: number; audit: number };
}

export interface FaultCounts {
  crashes: number;
  timeouts: number;
  /** Dead letters whose order had been invoiced after all (a fault struck after the invoice). */
  alreadyInvoiced: number;
  /** Records a function tried again after an S3 or SQS fault outlived the SDK's retries. */
  recordRetries: number;
}

export interface ServiceFaultTotal {
  service: "s3" | "sqs";
  kind: FaultKind;
  /** Attempts of SDK calls the fault struck. */
  struck: number;
  /** Of those, the ones a later attempt of the same call made good: the caller never saw them. */
  retriedAway: number;
}

export interface SoakHooks {
  /** Progress lines (setup done, sending done, settling); quiet by default. */
  progress?: (line: string) => void;
}

interface Running {
  cloud: Cloud;
  clients: AwsClients;
  api: RunningApi;
  names: ResourceNames;
  taskQueueUrl: string;
  maxReceiveCount: number;
}

/** The soak's S3 and SQS fault rates, for every action of each service. */
export function serviceFaultsOf(options: SoakOptions): ServiceFaultOptions {
  return {
    s3: {
      "*": {
        error: options.s3ErrorRate,
        throttle: options.s3ThrottleRate,
        reset: options.s3ResetRate,
      },
    },
    sqs: {
      "*": {
        error: options.sqsErrorRate,
        throttle: options.sqsThrottleRate,
        reset: options.sqsResetRate,
      },
    },
    latency: {
      baseMs: options.latencyMs,
      jitterMs: options.latencyJitterMs,
      jitter: "exponential",
    },
  };
}

/**
 * On a skipping clock, production's settings, as the scenarios run them; in real time, short
 * test settings with the visibility timeout asked for.
 */
function settingsFor(options: SoakOptions): StackSettings {
  if (options.time === "skip") return productionSettings;
  return withSettings(testSettings, {
    // Visibility well above the function timeout, as AWS advises: the init phase runs outside
    // the timeout, so with equal values a slow cold start lets a second attempt overlap the
    // first, and an order can be dead-lettered while its first attempt is still invoicing it.
    functionTimeoutSeconds: Math.max(1, Math.floor(options.visibilitySeconds / 3)),
    visibilityTimeoutSeconds: options.visibilitySeconds,
  });
}

async function setUp(options: SoakOptions): Promise<Running> {
  const cloud = await startCloud({
    port: 0,
    time: options.time,
    faults: {
      crashRate: options.crashRate,
      timeoutRate: options.timeoutRate,
      duplicateRate: options.duplicateRate,
      seed: options.seed,
    },
  });
  const clients = emulatorClients(cloud.endpoint, cloud.region);
  try {
    const settings = settingsFor(options);
    const { names, queues } = await deploy(clients, settings, { log: () => undefined });
    // The deployment is set-up, not the system under test: the services fail from here on.
    cloud.setServiceFaults(serviceFaultsOf(options));
    const deps = createAwsApiDeps({
      clients,
      bucket: names.bucket,
      taskQueue: names.taskQueue,
      dlq: names.dlq,
    });
    const api = await startApi({
      port: 0,
      deps: {
        ...deps,
        auth: authConfigFromEnv({ JWT_SECRET: randomBytes(32).toString("hex") }),
        // The campaign is about conservation, not about the limiter: never throttle it.
        rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
        // Two request lines per order would bury the report.
        log: () => undefined,
      },
    });
    return {
      cloud,
      clients,
      api,
      names,
      taskQueueUrl: queues.task.url,
      maxReceiveCount: settings.maxReceiveCount,
    };
  } catch (error) {
    destroyClients(clients);
    await cloud.stop();
    throw error;
  }
}

async function listKeys(clients: AwsClients, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

const failureSchema = z.object({
  reason: z.string(),
  receive_count_including_dlq: z.number().nullable(),
});

async function readFailures(
  clients: AwsClients,
  bucket: string,
  keys: string[],
): Promise<Map<string, FailureSummary>> {
  const failed = keys.filter((k) => k.startsWith("failed/"));
  const failures = new Map<string, FailureSummary>();
  let next = 0;
  const worker = async () => {
    while (next < failed.length) {
      const key = failed[next++]!;
      const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const record = failureSchema.parse(JSON.parse(await answer.Body!.transformToString()));
      failures.set(key.slice("failed/".length, -".json".length), {
        reason: record.reason,
        receiveCount: record.receive_count_including_dlq,
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return failures;
}

/**
 * Counts the failed invocations (one batch each) the Lambda runtime reported in the functions'
 * log groups: its REPORT line ends in "Status: timeout" or "Status: error".
 */
function countLoggedFaults(cloud: Cloud, names: ResourceNames): FaultCounts {
  const counts: FaultCounts = { crashes: 0, timeouts: 0, alreadyInvoiced: 0, recordRetries: 0 };
  for (const fn of Object.values(names.functions)) {
    let group;
    try {
      group = cloud.logs.getGroup(`/aws/lambda/${fn}`);
    } catch {
      continue;
    }
    for (const stream of group.streams.values()) {
      for (const event of stream.events) {
        if (event.message.includes("already invoiced, nothing to review")) {
          counts.alreadyInvoiced += 1;
        }
        if (event.message.includes("transient failure, trying the record again")) {
          counts.recordRetries += 1;
        }
        if (!event.message.startsWith("REPORT ")) continue;
        if (/\tStatus: timeout/.test(event.message)) counts.timeouts += 1;
        else if (/\tStatus: error/.test(event.message)) counts.crashes += 1;
      }
    }
  }
  return counts;
}

/** The cloud's fault counts, summed over actions: one line per service and kind. */
function serviceFaultTotals(cloud: Cloud): ServiceFaultTotal[] {
  const totals = new Map<string, ServiceFaultTotal>();
  for (const c of cloud.faultCounts()) {
    const key = `${c.service} ${c.kind}`;
    const total = totals.get(key) ?? {
      service: c.service,
      kind: c.kind,
      struck: 0,
      retriedAway: 0,
    };
    total.struck += c.struck;
    total.retriedAway += c.retriedAway;
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) =>
    `${a.service}${a.kind}`.localeCompare(`${b.service}${b.kind}`),
  );
}

const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

/**
 * One campaign: a fresh embedded cloud with faults on, the stack deployed with short timeouts,
 * the API in front; N orders sent, a share of them poison; then, once every queue is empty,
 * the bucket is audited. Everything it started is stopped before it returns.
 */
export async function runSoak(
  input: SoakOptionsInput = {},
  hooks: SoakHooks = {},
): Promise<SoakReport> {
  const options = soakOptions(input);
  const progress = hooks.progress ?? (() => undefined);
  const deadline = Date.now() + options.deadlineSeconds * 1000;
  const started = performance.now();
  const run = await setUp(options);
  const pool = new Pool(run.api.url, { connections: options.concurrency });
  const retries = watchRetries(run.cloud, run.names.taskQueue);
  try {
    const setup = seconds(started);
    progress(`cloud, stack and API up in ${setup} s; sending ${options.orders} orders`);
    const runTag = `${options.seed}-${Date.now().toString(36)}`;
    const plan = planOrders(options.orders, { ...options, runTag });
    const sendStarted = performance.now();
    const sent = await sendAll(run, pool, plan, options, deadline);
    const send = seconds(sendStarted);
    progress(`sent in ${send} s; waiting for every queue to empty`);
    const settleStarted = performance.now();
    const queues = [run.names.taskQueue, run.names.notificationQueue, run.names.dlq];
    const { settled, left } = await waitUntilSettled(run.cloud, queues, deadline, {
      onProgress: (depth) =>
        progress(
          `still in queues: ${Object.entries(depth)
            .map(([q, n]) => `${q} ${n}`)
            .join(", ")}`,
        ),
    });
    const settle = seconds(settleStarted);
    retries.stop();
    progress(settled ? `settled in ${settle} s; auditing` : `not settled by the deadline`);
    // The audit looks at what the system left behind; its own reads are not under test.
    const serviceFaults = serviceFaultTotals(run.cloud);
    run.cloud.setServiceFaults(undefined);
    const auditStarted = performance.now();
    const keys = await listKeys(run.clients, run.names.bucket);
    const result = audit({
      plan,
      ...sent,
      retriedSeen: retries.seen,
      keys,
      failures: await readFailures(run.clients, run.names.bucket, keys),
      maxReceiveCount: run.maxReceiveCount,
      queuesLeft: left,
    });
    return {
      options,
      figures: result.figures,
      violations: settled
        ? result.violations
        : ["not settled by the deadline", ...result.violations],
      ok: settled && result.ok,
      settled,
      faultsLogged: countLoggedFaults(run.cloud, run.names),
      serviceFaults,
      acceptedOnRetry: sent.acceptedOnRetry.size,
      seconds: { setup, send, settle, audit: seconds(auditStarted) },
    };
  } finally {
    retries.stop();
    await pool.close();
    await run.api.close();
    destroyClients(run.clients);
    await run.cloud.stop();
  }
}
