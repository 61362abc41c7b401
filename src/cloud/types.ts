import type { Message } from "@aws-sdk/client-sqs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CloudClock } from "./cloud-clock.ts";
import type { LogsModel } from "./logs/model.ts";

/** One emulated AWS service behind the cloud's single port. */
export interface Service {
  /** SigV4 signing name: "lambda", "iam", "logs", ... */
  readonly name: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  stop?(): Promise<void>;
}

/** Fault injection for reliability campaigns; every rate is a probability in [0, 1]. */
export interface FaultOptions {
  /** The worker running the handler is terminated mid-invocation. */
  crashRate?: number;
  /** The invocation is reported as Sandbox.Timedout without running to completion. */
  timeoutRate?: number;
  /** An event-source batch is delivered a second time after a successful invocation. */
  duplicateRate?: number;
  /** Seed for the fault dice, so a campaign can be replayed. */
  seed?: number;
  /**
   * Faults of the cloud's own S3 and SQS, struck on requests that come over HTTP (the API,
   * the functions' SDK calls); off when absent.
   */
  services?: ServiceFaultOptions;
}

/** Rates of one action's faults, each a probability in [0, 1]; their sum at most 1. */
export interface ServiceFaultRates {
  /** A server error: S3 `500 InternalError`, SQS `503 ServiceUnavailable`. */
  error?: number;
  /** Throttling: S3 `503 SlowDown`, SQS `400 RequestThrottled`. */
  throttle?: number;
  /** The action is done, then the connection is reset in the middle of the answer. */
  reset?: number;
}

/** Rates by action name ("PutObject", "SendMessageBatch"); "*" stands for every other action. */
export type ActionFaultRates = Record<string, ServiceFaultRates>;

/** Latency added to a request before it is served: `baseMs` plus a random jitter. */
export interface LatencyOptions {
  /** Share of the requests that are slowed; 1 by default. */
  rate?: number;
  baseMs: number;
  /** The jitter's mean (exponential) or its upper bound (uniform); 0 by default. */
  jitterMs?: number;
  jitter?: "exponential" | "uniform";
}

export interface ServiceFaultOptions {
  s3?: ActionFaultRates;
  sqs?: ActionFaultRates;
  /** For every S3 and SQS request from outside the cloud. */
  latency?: LatencyOptions;
}

/** What every service of the cloud may use. */
export interface CloudContext {
  readonly region: string;
  readonly accountId: string;
  /** The cloud's own URL (http://127.0.0.1:<port>), known once it listens. */
  endpoint(): string;
  readonly logs: LogsModel;
  /** The one clock of the cloud: every service keeps time on it. */
  readonly clock: CloudClock;
  readonly faults?: FaultOptions;
  /**
   * The emulated SQS of this process, reached without HTTP. Set by startCloud; the Lambda
   * service's pollers use it when present and the SDK over HTTP otherwise.
   */
  readonly sqs?: LocalSqs;
}

/**
 * Receive and delete on a queue of the same process, with the exact semantics of the wire
 * actions (long polling, receive counts, redrive, visibility), for pollers that sit beside the
 * emulated SQS: they skip HTTP and its cost on every call. Answers are shaped as the SDK's.
 */
export interface LocalSqs {
  receive(
    queueArn: string,
    options: {
      max: number;
      waitSeconds: number;
      signal: AbortSignal;
      /** The long poll starts again when it ends empty (see ScheduleOptions in clock.ts). */
      renewable?: boolean;
    },
  ): Promise<Message[]>;
  deleteBatch(queueArn: string, receiptHandles: string[]): Promise<void>;
  /**
   * Whether the queue has messages a receive would take now (on a FIFO queue, also those held
   * behind a message of their group in flight); false when there is no such queue.
   */
  hasReady(queueArn: string): boolean;
}
