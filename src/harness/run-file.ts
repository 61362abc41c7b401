import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as z from "zod";

/**
 * What the global setup (Jest's main process) hands to the test workers (other processes):
 * where the backend and the API listen and what the stack's resources are called.
 */
export const runFileSchema = z.object({
  backend: z.enum(["embedded", "localstack", "external"]),
  /** What the run was, for the report's header (see run-facts.ts). */
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  region: z.string(),
  /** The AWS endpoint; absent for real AWS. */
  endpoint: z.string().optional(),
  apiUrl: z.string(),
  jwtSecret: z.string(),
  prefix: z.string(),
  names: z.object({
    bucket: z.string(),
    taskQueue: z.string(),
    notificationQueue: z.string(),
    dlq: z.string(),
    functions: z.object({
      task: z.string(),
      notification: z.string(),
      dlqProcessor: z.string(),
    }),
  }),
  /** How queues can be looked at without receiving from them. */
  queuePeek: z.enum(["developer-endpoint", "approximate"]),
});
export type RunFile = z.infer<typeof runFileSchema>;

export const RUN_FILE_ENV = "ORDERFLOW_RUN_FILE";

export function newRunFilePath(): string {
  return join(tmpdir(), `orderflow-run-${process.pid}-${Date.now()}.json`);
}

export async function writeRunFile(path: string, run: RunFile): Promise<void> {
  await writeFile(path, JSON.stringify(run, null, 2));
}

export async function readRunFile(path = process.env[RUN_FILE_ENV]): Promise<RunFile> {
  if (!path) {
    throw new Error(
      `${RUN_FILE_ENV} is not set: scenarios run through Jest's "scenarios" project, whose global setup starts the backend (npm test -- steps/)`,
    );
  }
  return runFileSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

export async function readRunFileIfAny(
  path = process.env[RUN_FILE_ENV],
): Promise<RunFile | undefined> {
  if (!path) return undefined;
  return readRunFile(path).catch(() => undefined);
}

export async function removeRunFile(path = process.env[RUN_FILE_ENV]): Promise<void> {
  if (path) await rm(path, { force: true });
}
