import { parseArgs } from "node:util";
import * as z from "zod";

const rate = z.number().min(0).max(1);

export const soakOptionsSchema = z
  .object({
    /** Orders in the campaign, good and poison together. */
    orders: z.number().int().min(1).max(1_000_000).default(10_000),
    /** Share of the orders that are poison (negative price, put on the task queue directly). */
    poisonShare: rate.default(0.05),
    /** Seeds the fault dice and the order generator, so a campaign can be replayed. */
    seed: z.number().int().min(0).default(1),
    crashRate: rate.default(0.05),
    timeoutRate: rate.default(0.03),
    duplicateRate: rate.default(0.05),
    /** Orders on their way at once (HTTP requests to the API and direct sends). */
    concurrency: z.number().int().min(1).max(512).default(32),
    /** Users the orders are spread over (each has its own token). */
    users: z.number().int().min(1).max(1000).default(20),
    /** Queue visibility timeout (how soon a failed attempt is retried); the function timeout is a third of it. */
    visibilitySeconds: z.number().int().min(3).max(900).default(6),
    /** The whole campaign (sending and settling) gives up after this long. */
    deadlineSeconds: z.number().positive().max(86_400).default(1800),
    /**
     * "skip": the cloud skips idle time and the stack runs production's settings (a 180 s
     * visibility timeout costs nothing); "real": wall-clock time, with `visibilitySeconds`.
     */
    time: z.enum(["skip", "real"]).default("skip"),
    /** Per attempt of every S3 call from outside the cloud: 500 InternalError. */
    s3ErrorRate: rate.default(0.02),
    /** 503 SlowDown. */
    s3ThrottleRate: rate.default(0.02),
    /** The call is done, then the connection is reset mid-answer. */
    s3ResetRate: rate.default(0.01),
    /** Per attempt of every SQS call from outside the cloud: 503 ServiceUnavailable. */
    sqsErrorRate: rate.default(0.02),
    /** 400 RequestThrottled. */
    sqsThrottleRate: rate.default(0.02),
    sqsResetRate: rate.default(0.01),
    /** Latency added to every S3 and SQS call: this much, plus an exponential jitter. */
    latencyMs: z.number().min(0).max(10_000).default(2),
    /** The jitter's mean. */
    latencyJitterMs: z.number().min(0).max(10_000).default(3),
  })
  .refine((o) => o.crashRate + o.timeoutRate <= 1, {
    message: "crashRate + timeoutRate must be at most 1",
    path: ["timeoutRate"],
  })
  .refine((o) => o.s3ErrorRate + o.s3ThrottleRate + o.s3ResetRate <= 1, {
    message: "s3ErrorRate + s3ThrottleRate + s3ResetRate must be at most 1",
    path: ["s3ResetRate"],
  })
  .refine((o) => o.sqsErrorRate + o.sqsThrottleRate + o.sqsResetRate <= 1, {
    message: "sqsErrorRate + sqsThrottleRate + sqsResetRate must be at most 1",
    path: ["sqsResetRate"],
  });

export type SoakOptions = z.output<typeof soakOptionsSchema>;
export type SoakOptionsInput = z.input<typeof soakOptionsSchema>;

export function soakOptions(input: SoakOptionsInput = {}): SoakOptions {
  const parsed = soakOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`invalid soak option ${issue?.path.join(".")}: ${issue?.message}`);
}

const flags = {
  orders: "orders",
  "poison-share": "poisonShare",
  seed: "seed",
  "crash-rate": "crashRate",
  "timeout-rate": "timeoutRate",
  "duplicate-rate": "duplicateRate",
  concurrency: "concurrency",
  users: "users",
  "visibility-seconds": "visibilitySeconds",
  "deadline-seconds": "deadlineSeconds",
  "s3-error-rate": "s3ErrorRate",
  "s3-throttle-rate": "s3ThrottleRate",
  "s3-reset-rate": "s3ResetRate",
  "sqs-error-rate": "sqsErrorRate",
  "sqs-throttle-rate": "sqsThrottleRate",
  "sqs-reset-rate": "sqsResetRate",
  "latency-ms": "latencyMs",
  "latency-jitter-ms": "latencyJitterMs",
} as const satisfies Record<string, keyof SoakOptions>;

export const SOAK_USAGE = `usage: npm run soak -- [options]
  --orders N             orders in the campaign (default 10000)
  --poison-share X       share of poison orders, 0-1 (default 0.05)
  --seed N               seeds the faults and the orders (default 1)
  --crash-rate X         worker crashes per invocation, 0-1 (default 0.05)
  --timeout-rate X       timeouts per invocation, 0-1 (default 0.03)
  --duplicate-rate X     duplicate deliveries per successful batch, 0-1 (default 0.05)
  --concurrency N        orders on their way at once (default 32)
  --users N              users the orders are spread over (default 20)
  --visibility-seconds N with --time real: queue visibility timeout; function timeout = a third (default 6)
  --deadline-seconds N   give up after this long (default 1800)
  --time skip|real       skip: the cloud skips idle time, production settings (default);
                         real: wall-clock time, --visibility-seconds
  --s3-error-rate X      S3 500 InternalError per attempt of a call, 0-1 (default 0.02)
  --s3-throttle-rate X   S3 503 SlowDown per attempt (default 0.02)
  --s3-reset-rate X      S3 connection reset mid-answer, after the work is done (default 0.01)
  --sqs-error-rate X     SQS 503 ServiceUnavailable per attempt (default 0.02)
  --sqs-throttle-rate X  SQS 400 RequestThrottled per attempt (default 0.02)
  --sqs-reset-rate X     SQS connection reset mid-answer (default 0.01)
  --latency-ms N         latency added to every S3 and SQS call (default 2)
  --latency-jitter-ms N  mean of an exponential jitter on top (default 3)`;

/** Reads the command line (after `--`); numbers must be numbers, unknown flags are refused. */
export function parseSoakArgs(argv: string[]): SoakOptions {
  const spec = Object.fromEntries(
    [...Object.keys(flags), "time"].map((f) => [f, { type: "string" as const }]),
  );
  const { values } = parseArgs({
    args: argv,
    options: spec,
    strict: true,
    allowPositionals: false,
  });
  const input: Record<string, number | string> = {};
  if (typeof values.time === "string") input.time = values.time;
  for (const [flag, key] of Object.entries(flags)) {
    const text = values[flag];
    if (typeof text !== "string") continue;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) {
      throw new Error(`--${flag} must be a number, not "${text}"`);
    }
    input[key] = value;
  }
  return soakOptions(input);
}
