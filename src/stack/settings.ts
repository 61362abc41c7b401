import * as z from "zod";

/*
 * The prefix ends up in a bucket name (lowercase letters, digits, hyphens; 63 at most) and in
 * function and role names (64 at most), so it is held to what all of them accept.
 */
const prefixSchema = z
  .string()
  .max(40)
  .regex(/^([a-z0-9][a-z0-9-]*)?$/, {
    message: "must be lowercase letters, digits and hyphens, starting with a letter or digit",
  });

export const stackSettingsSchema = z
  .object({
    prefix: prefixSchema,
    /** Lambda Timeout of every function. */
    functionTimeoutSeconds: z.number().int().min(1).max(900),
    /** VisibilityTimeout of every queue; AWS refuses a mapping whose queue's is below the function timeout. */
    visibilityTimeoutSeconds: z.number().int().min(1).max(43_200),
    /** Receives of a task message before SQS moves it to the dead-letter queue. */
    maxReceiveCount: z.number().int().min(1).max(1000),
    batchSize: z.number().int().min(1).max(10),
    maximumBatchingWindowSeconds: z.number().int().min(0).max(300),
    memorySizeMb: z.number().int().min(128).max(10_240),
    /** How long the dead-letter queue keeps a message for review. */
    dlqRetentionSeconds: z.number().int().min(60).max(1_209_600),
  })
  .refine((s) => s.visibilityTimeoutSeconds >= s.functionTimeoutSeconds, {
    message: "visibilityTimeoutSeconds must be at least functionTimeoutSeconds (AWS requires it)",
    path: ["visibilityTimeoutSeconds"],
  });

export type StackSettings = z.output<typeof stackSettingsSchema>;

/** Checks settings and says which one is wrong. */
export function validateSettings(input: unknown): StackSettings {
  const parsed = stackSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`invalid stack settings: ${issue?.path.join(".")}: ${issue?.message}`);
}

/** Production: AWS's advice of a visibility timeout six times the function timeout. */
export const productionSettings: StackSettings = validateSettings({
  prefix: "",
  functionTimeoutSeconds: 30,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 2,
  batchSize: 10,
  maximumBatchingWindowSeconds: 0,
  memorySizeMb: 256,
  dlqRetentionSeconds: 1_209_600,
});

/**
 * `orderflow up` on a laptop: production's shape, but a failed order reaches the dead-letter
 * queue in about a minute rather than six.
 */
export const localSettings: StackSettings = validateSettings({
  ...productionSettings,
  functionTimeoutSeconds: 10,
  visibilityTimeoutSeconds: 30,
});

/**
 * Tests: a failed message comes back after 5 s, so the dead-letter path (two failed receives)
 * takes about ten seconds. Not shorter: on a busy 2-core machine a handler that normally takes
 * 100 ms was measured at over 2 s, and a timed-out attempt of a good order counts as a failure.
 * Backends with slow cold starts (LocalStack starting containers) want a longer visibility
 * timeout still, or a first attempt still starting can be counted twice.
 */
export const testSettings: StackSettings = validateSettings({
  ...productionSettings,
  functionTimeoutSeconds: 5,
  visibilityTimeoutSeconds: 5,
});

/** Settings with some values changed, checked again. */
export function withSettings(base: StackSettings, changes: Partial<StackSettings>): StackSettings {
  return validateSettings({ ...base, ...changes });
}

/** The settings a command line can name. */
export const NAMED_SETTINGS = {
  production: productionSettings,
  local: localSettings,
  test: testSettings,
} as const;
export type SettingsName = keyof typeof NAMED_SETTINGS;

export function isSettingsName(name: string): name is SettingsName {
  return Object.hasOwn(NAMED_SETTINGS, name);
}

/**
 * How long a failed order takes to reach the dead-letter queue: each failed receive hides it
 * for a visibility timeout, and the receive after the last one moves it.
 */
function deadLetterPhrase(s: StackSettings): string {
  return `dead letter after ${s.maxReceiveCount} failed receives from the task queue (about ${s.maxReceiveCount * s.visibilityTimeoutSeconds} s)`;
}

/** One line: what a scenario's timing depends on. */
export function settingsInBrief(s: StackSettings): string {
  return `function timeout ${s.functionTimeoutSeconds} s, visibility timeout ${s.visibilityTimeoutSeconds} s, ${deadLetterPhrase(s)}`;
}

/** Every setting as a person reads it, one line per part of the stack. */
export function describeSettings(s: StackSettings): string[] {
  const days = s.dlqRetentionSeconds / 86_400;
  const kept = Number.isInteger(days) ? `${days} days` : `${s.dlqRetentionSeconds} s`;
  return [
    `functions: timeout ${s.functionTimeoutSeconds} s, memory ${s.memorySizeMb} MB`,
    `queues: visibility timeout ${s.visibilityTimeoutSeconds} s, ${deadLetterPhrase(s)}; the dead-letter queue keeps a message ${kept}`,
    `queue triggers: batch size ${s.batchSize}, batching window ${s.maximumBatchingWindowSeconds} s`,
  ];
}
