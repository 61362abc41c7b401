import { parseArgs } from "node:util";
import { z } from "zod";

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
  })
  .refine((o) => o.crashRate + o.timeoutRate <= 1, {
    message: "crashRate + timeoutRate must be at most 1",
    path: ["timeoutRate"],
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
  --visibility-seconds N queue visibility timeout; function timeout = a third (default 6)
  --deadline-seconds N   give up after this long (default 1800)`;

/** Reads the command line (after `--`); numbers must be numbers, unknown flags are refused. */
export function parseSoakArgs(argv: string[]): SoakOptions {
  const spec = Object.fromEntries(Object.keys(flags).map((f) => [f, { type: "string" as const }]));
  const { values } = parseArgs({
    args: argv,
    options: spec,
    strict: true,
    allowPositionals: false,
  });
  const input: Record<string, number> = {};
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
