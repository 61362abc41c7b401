import * as z from "zod";
import { parseCli } from "./cli-options.ts";

export { runBench, selected } from "./cli-options.ts";

const positive = z.coerce.number().positive();
const count = z.coerce.number().int().positive();
const only = z
  .string()
  .optional()
  .transform((s) => (s ? new Set(s.split(",")) : undefined));

/** Options of `npm run bench`; the defaults are the targets' own conditions (30 s, 200 orders/s, 20 wake-ups). */
export const benchOptionsSchema = z.object({
  runs: count.default(5),
  /** Seconds of steady load for the latency measurement. */
  duration: positive.default(30),
  /** Orders per second for the latency measurement. */
  rate: positive.default(200),
  /**
   * Seconds of load at that rate before it is measured: Lambda instances start (cold) as
   * the mappings scale up, and "steady" means after that. 0 measures from cold.
   */
  warmup: z.coerce.number().nonnegative().default(5),
  /** Offered loads (orders/s) tried in order when looking for the throughput ceiling. */
  steps: z
    .string()
    .default("100,200,300,400,500,600,700,800,1000")
    .transform((s) => s.split(",").map(Number))
    .pipe(z.array(z.number().positive()).min(1)),
  /** Seconds of load per throughput step. */
  stepDuration: positive.default(30),
  /** Seconds idle before each wake-up order. */
  idle: positive.default(30),
  wakeCount: count.default(20),
  dlqCount: count.default(5),
  floorOrders: count.default(3000),
  /** Orders through each floor run's fresh cloud before the measured ones (JIT warm-up). */
  floorWarmup: z.coerce.number().int().nonnegative().default(1000),
  floorPollers: count.default(4),
  /** Also time `npm test` (slow: the whole suite). */
  npmTest: z.boolean().default(false),
  /** Comma-separated subset: floor,cold,latency,throughput,wake,dlq,npmtest. */
  only,
  out: z.string().default("bench/results.json"),
  chart: z.string().default("bench/latency.svg"),
  /** Write a V8 CPU profile of the system under test (cloud + API) into this directory. */
  profile: z.string().optional(),
});
export type BenchOptions = z.infer<typeof benchOptionsSchema>;

export function parseBenchArgs(argv: string[]): BenchOptions {
  return parseCli(
    {
      label: "bench",
      schema: benchOptionsSchema,
      strings: [
        "runs",
        "duration",
        "rate",
        "warmup",
        "steps",
        "step-duration",
        "idle",
        "wake-count",
        "dlq-count",
        "floor-orders",
        "floor-warmup",
        "floor-pollers",
        "only",
        "out",
        "chart",
        "profile",
      ],
      booleans: ["npm-test"],
      // Short settings for trying the benchmarks out; figures from them are not ones to publish.
      quick: {
        duration: "3",
        warmup: "1",
        stepDuration: "3",
        steps: "100,200,400,600,800",
        idle: "1",
        wakeCount: "5",
        dlqCount: "2",
        floorOrders: "1000",
        floorWarmup: "300",
      },
    },
    argv,
  );
}

/** Options of `npm run bench:cloud`. */
export const cloudOptionsSchema = z.object({
  runs: count.default(5),
  /** Sequential Invoke calls timed on a warm function. */
  invokes: count.default(500),
  /** Concurrent Invoke calls in the parallel variant. */
  invokeConcurrency: count.default(4),
  /** SendMessage → handler-start samples per run. */
  idleSamples: count.default(200),
  /** Pause before each idle sample, so the poller sits in its long poll. */
  idleGapMs: z.coerce.number().nonnegative().default(100),
  /** Messages drained through one mapping with BatchSize 10. */
  mappingMessages: count.default(3000),
  /** SendMessage calls (16 in flight) per server in the SQS comparison. */
  sqsSends: count.default(3000),
  /** Messages drained (ReceiveMessage ×10 + DeleteMessageBatch) per server in the SQS comparison. */
  sqsDrain: count.default(2000),
  /** PutObject calls (8 in flight) timed through the SDK client and through node:http. */
  sdkCalls: count.default(5000),
  /** Comma-separated subset: cold,invoke,idle,mapping,sqs,sdk. */
  only,
  out: z.string().default("bench/cloud-results.json"),
  /** Write CPU profiles of the mapping drain (main thread and Lambda workers) into this directory. */
  profile: z.string().optional(),
});
export type CloudOptions = z.infer<typeof cloudOptionsSchema>;

export function parseCloudArgs(argv: string[]): CloudOptions {
  return parseCli(
    {
      label: "bench:cloud",
      schema: cloudOptionsSchema,
      strings: [
        "runs",
        "invokes",
        "invoke-concurrency",
        "idle-samples",
        "idle-gap-ms",
        "mapping-messages",
        "sqs-sends",
        "sqs-drain",
        "sdk-calls",
        "only",
        "out",
        "profile",
      ],
      quick: {
        invokes: "100",
        idleSamples: "30",
        idleGapMs: "50",
        mappingMessages: "500",
        sqsSends: "500",
        sqsDrain: "500",
        sdkCalls: "1000",
      },
    },
    argv,
  );
}
