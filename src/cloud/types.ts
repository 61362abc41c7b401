import type { IncomingMessage, ServerResponse } from "node:http";
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
  readonly faults?: FaultOptions;
}
