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
    options: { max: number; waitSeconds: number; signal: AbortSignal },
  ): Promise<Message[]>;
  deleteBatch(queueArn: string, receiptHandles: string[]): Promise<void>;
  /**
   * Whether the queue has messages a receive would take now (on a FIFO queue, also those held
   * behind a message of their group in flight); false when there is no such queue.
   */
  hasReady(queueArn: string): boolean;
}
