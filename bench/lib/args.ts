import { parseArgs } from "node:util";
import { z } from "zod";

const positive = z.coerce.number().positive();
const count = z.coerce.number().int().positive();

/** Options of `npm run bench`; defaults are the issue's (30 s, 200 orders/s, 20 wake-ups). */
export const benchOptionsSchema = z.object({
  runs: count.default(5),
  /** Seconds of steady load for the latency measurement. */
  duration: positive.default(30),
  /** Orders per second for the latency measurement. */
  rate: positive.default(200),
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
  floorPollers: count.default(4),
  /** Also time `npm test` (slow: the whole suite). */
  npmTest: z.boolean().default(false),
  /** Comma-separated subset: floor,cold,latency,throughput,wake,dlq,npmtest. */
  only: z
    .string()
    .optional()
    .transform((s) => (s ? new Set(s.split(",")) : undefined)),
  out: z.string().default("bench/results.json"),
  chart: z.string().default("bench/latency.svg"),
});
export type BenchOptions = z.infer<typeof benchOptionsSchema>;

/** Short settings for trying the benchmarks out; figures from them are not the README's. */
const QUICK = {
  duration: "3",
  stepDuration: "3",
  steps: "100,200,400,600,800",
  idle: "1",
  wakeCount: "5",
  dlqCount: "2",
  floorOrders: "1000",
};

const stringOption = { type: "string" } as const;

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      runs: stringOption,
      duration: stringOption,
      rate: stringOption,
      steps: stringOption,
      "step-duration": stringOption,
      idle: stringOption,
      "wake-count": stringOption,
      "dlq-count": stringOption,
      "floor-orders": stringOption,
      "floor-pollers": stringOption,
      "npm-test": { type: "boolean" },
      quick: { type: "boolean" },
      only: stringOption,
      out: stringOption,
      chart: stringOption,
    },
  });
  const camel = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
      v,
    ]),
  );
  const { quick, ...given } = camel;
  const parsed = benchOptionsSchema.safeParse({ ...(quick ? QUICK : {}), ...given });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`bench: --${String(issue.path[0] ?? "")}: ${issue.message}`);
  }
  return parsed.data;
}

/** Whether a part of the benchmark was selected with --only (all are, by default). */
export function selected(options: { only?: Set<string> | undefined }, part: string): boolean {
  return options.only === undefined || options.only.has(part);
}
