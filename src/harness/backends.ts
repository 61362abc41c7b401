import { request } from "undici";
import type { TimeMode } from "../cloud/cloud-clock.ts";
import { startCloud } from "../cloud/index.ts";
import type { BackendChoice } from "./backend-choice.ts";
import { startLocalstack } from "./localstack.ts";
import type { PeekMode } from "./queue-peek.ts";

export interface StartedBackend {
  /** The AWS endpoint; undefined for real AWS. */
  endpoint: string | undefined;
  region: string;
  queuePeek: PeekMode;
  /** A fresh backend has nothing in it; a shared one (external) needs its own resource names. */
  shared: boolean;
  stop(): Promise<void>;
}

/** Starts (or, for external, just points at) the backend the run chose. */
export async function startBackend(
  choice: BackendChoice,
  env: NodeJS.ProcessEnv,
  time: TimeMode = "real",
): Promise<StartedBackend> {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  if (choice.kind === "embedded") {
    const cloud = await startCloud({ port: 0, region, time });
    return {
      endpoint: cloud.endpoint,
      region,
      queuePeek: "developer-endpoint",
      shared: false,
      stop: () => cloud.stop(),
    };
  }
  if (choice.kind === "localstack") {
    const localstack = await startLocalstack(env);
    return {
      endpoint: localstack.endpoint,
      region,
      queuePeek: "developer-endpoint",
      shared: false,
      stop: () => localstack.stop(),
    };
  }
  const endpoint = env.AWS_ENDPOINT_URL?.trim() || undefined;
  return {
    endpoint,
    region,
    queuePeek: endpoint ? await peekModeOf(endpoint) : "approximate",
    shared: true,
    stop: async () => {},
  };
}

/**
 * An endpoint that is up already is `orderflow cloud` or LocalStack, which both answer
 * LocalStack's developer endpoint (a queue URL that names no queue gets SQS's NonExistentQueue
 * error), or another emulator, which does not: that one is looked into by receiving.
 */
export async function peekModeOf(endpoint: string): Promise<PeekMode> {
  try {
    const res = await request(`${endpoint.replace(/\/$/, "")}/_aws/sqs/messages`, {
      headersTimeout: 2000,
      bodyTimeout: 2000,
    });
    const text = await res.body.text();
    return text.includes("NonExistentQueue") ? "developer-endpoint" : "approximate";
  } catch {
    return "approximate";
  }
}
