import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as z from "zod";
import { pollUntil } from "../stack/poll.ts";

/**
 * What the global setup (Jest's main process) hands to the test workers (worker threads):
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

/** Written aside and renamed: a worker waiting for the file never reads half of it. */
async function writeWhole(path: string, text: string): Promise<void> {
  const partial = `${path}.${process.pid}.tmp`;
  await writeFile(partial, text);
  await rename(partial, path);
}

export async function writeRunFile(path: string, run: RunFile): Promise<void> {
  await writeWhole(path, JSON.stringify(run, null, 2));
}

/** What a scenario reads when the backend, the stack or the API could not start. */
export async function writeRunFailure(path: string, message: string): Promise<void> {
  await writeWhole(path, JSON.stringify({ failed: message }));
}

const failureSchema = z.object({ failed: z.string() });

/**
 * The backend starts while the unit tests run (global-setup.mts): a scenario waits this long
 * for it, which covers pulling LocalStack's image on a fresh machine.
 */
export const RUN_FILE_WAIT_MS = 10 * 60_000;

/** The file's text once it exists; any error but "not there yet" ends the wait at once. */
function readWhenWritten(path: string, waitMs: number): Promise<string> {
  const read = () =>
    readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
  return pollUntil(read, { what: `the run file ${path}`, timeoutMs: waitMs, intervalMs: 50 });
}

/** Where the backend and the API are, once the global setup has started them. */
export async function readRunFile(
  path = process.env[RUN_FILE_ENV],
  waitMs = RUN_FILE_WAIT_MS,
): Promise<RunFile> {
  if (!path) {
    throw new Error(
      `${RUN_FILE_ENV} is not set: scenarios run through Jest's "scenarios" project, whose global setup starts the backend (npm test -- steps/)`,
    );
  }
  const doc: unknown = JSON.parse(await readWhenWritten(path, waitMs));
  const failure = failureSchema.safeParse(doc);
  if (failure.success)
    throw new Error(`the scenario backend did not start: ${failure.data.failed}`);
  return runFileSchema.parse(doc);
}

export async function readRunFileIfAny(
  path = process.env[RUN_FILE_ENV],
): Promise<RunFile | undefined> {
  if (!path) return undefined;
  return readRunFile(path, 0).catch(() => undefined);
}

export async function removeRunFile(path = process.env[RUN_FILE_ENV]): Promise<void> {
  if (path) await rm(path, { force: true });
}
