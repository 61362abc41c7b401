import * as z from "zod";

/** What the system process reports once the stack is up and has accepted its first order. */
export const readySchema = z.object({
  type: z.literal("ready"),
  apiUrl: z.url(),
  endpoint: z.url(),
  token: z.string(),
  bucket: z.string(),
  taskQueueUrl: z.url(),
  queues: z.array(z.string()),
  visibilityTimeoutSeconds: z.number(),
  timings: z.object({
    /** Node boot and imports, before startCloud is called. */
    processToStartMs: z.number(),
    cloudMs: z.number(),
    deployMs: z.number(),
    apiMs: z.number(),
    /** POST /orders of the first order until its 202. */
    firstAcceptMs: z.number(),
    /** startCloud called → first order accepted: the cold start. */
    coldStartMs: z.number(),
    /** First order accepted → its invoice readable in S3 (cold Lambda instances). */
    firstInvoiceMs: z.number(),
  }),
});
export type Ready = z.infer<typeof readySchema>;

export const depthSchema = z.object({ type: z.literal("depth"), depth: z.number() });
/** CPU time the system process has used so far, all threads (µs, from process.cpuUsage). */
export const cpuSchema = z.object({ type: z.literal("cpu"), micros: z.number() });
export const profilingSchema = z.object({ type: z.literal("profiling") });
export const profiledSchema = z.object({ type: z.literal("profiled"), files: z.array(z.string()) });

export const commandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("depth") }),
  z.object({ type: z.literal("cpu") }),
  z.object({ type: z.literal("profile-start") }),
  z.object({ type: z.literal("profile-stop"), dir: z.string(), label: z.string() }),
  z.object({ type: z.literal("stop") }),
]);
export type Command = z.infer<typeof commandSchema>;
