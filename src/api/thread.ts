import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { AwsConfig } from "../aws/config.ts";
import type { AuthConfig } from "./auth.ts";
import type { RateLimitConfig } from "./types.ts";

/** Everything the API needs, as plain data: it crosses into the thread by structured clone. */
export interface ApiThreadOptions {
  aws: AwsConfig;
  bucket: string;
  taskQueue: string;
  dlq: string;
  auth: AuthConfig;
  rateLimit: RateLimitConfig;
  port?: number;
  host?: string | undefined;
  /** JSON lines on stdout (the default), or nowhere. */
  log?: "stdout" | "none";
}

export interface ApiThread {
  url: string;
  /** Stops taking requests, lets open ones finish, and ends the thread. */
  close(): Promise<void>;
}

/** What the thread posts back: its URL once it listens, or why it could not start. */
export type ApiThreadReport =
  { type: "listening"; url: string } | { type: "failed"; message: string; code?: string };

const entry = new URL("./thread-boot.ts", import.meta.url);

/**
 * Runs the API on its own thread, with its own event loop and SDK clients, as it runs in its
 * own service on AWS. The embedded cloud and the Lambda runtime keep the calling thread; the
 * API's request parsing, JWT checks and signed SDK calls no longer queue behind them.
 */
export async function startApiThread(options: ApiThreadOptions): Promise<ApiThread> {
  const worker = new Worker(entry, { workerData: options });
  const [report] = (await Promise.race([
    once(worker, "message"),
    once(worker, "exit").then(([code]: unknown[]) => [
      { type: "failed", message: `API thread exited with code ${String(code)}` },
    ]),
  ])) as [ApiThreadReport];
  if (report.type !== "listening") {
    await worker.terminate();
    throw Object.assign(new Error(report.message), report.code ? { code: report.code } : {});
  }
  return {
    url: report.url,
    close: async () => {
      const exited = once(worker, "exit");
      worker.postMessage("close");
      await exited;
    },
  };
}
