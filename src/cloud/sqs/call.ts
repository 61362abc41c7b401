// What every SQS action gets besides its request: the model, and facts about the call.
import { invalidParameter, invalidValue, queueDoesNotExist } from "./errors.ts";
import type { SqsModel } from "./model.ts";
import type { MoveTasks } from "./move-tasks.ts";
import { parseQueueUrl, queueUrlOf } from "./queue-names.ts";
import type { Queue } from "./queue.ts";

export interface SqsRuntime {
  model: SqsModel;
  moveTasks: MoveTasks;
}

export interface CallContext {
  /** scheme://host[:port] the client used, for the queue URLs this call returns. */
  baseUrl: string;
  /** The request's X-Amzn-Trace-Id header. */
  traceHeader?: string;
  /**
   * A signal that aborts when the client goes away (ending a long poll), made on first ask:
   * only a receive that has to wait needs one.
   */
  clientGone?: () => AbortSignal;
  /**
   * How a long poll waits: an HTTP receive parks its request, so that a clock that skips idle
   * time may jump while it waits.
   */
  parked?: <T>(waiting: Promise<T>) => Promise<T>;
  /** A Lambda poller's receive, in process: its long poll starts again when it ends empty. */
  renewable?: boolean;
}

export type Operation = (runtime: SqsRuntime, input: unknown, call: CallContext) => unknown;

export function queueOf({ model }: SqsRuntime, url: string): Queue {
  const { accountId, name } = parseQueueUrl(url, model.accountId);
  if (accountId !== model.accountId) throw queueDoesNotExist();
  return model.queue(name);
}

export function urlOf({ model }: SqsRuntime, call: CallContext, queue: Queue): string {
  return queueUrlOf(call.baseUrl, model.accountId, queue.name);
}

/** One page of queue URLs after the token's queue, and the token for the next page. */
export function page(
  runtime: SqsRuntime,
  call: CallContext,
  queues: Queue[],
  token: string | undefined,
  maxResults: number | undefined,
): { urls: string[]; next?: string } {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 1000)) {
    throw invalidValue(
      maxResults,
      "MaxResults",
      "MaxResults must be an integer between 1 and 1000.",
    );
  }
  let start = 0;
  if (token !== undefined) {
    const after = Buffer.from(token, "base64").toString("utf8");
    if (!after.startsWith("q:")) throw invalidParameter("Invalid NextToken value.");
    start = queues.findIndex((q) => q.name > after.slice(2));
    if (start < 0) start = queues.length;
  }
  const size = maxResults ?? 1000;
  const chosen = queues.slice(start, start + size);
  const more = maxResults !== undefined && start + size < queues.length;
  const last = chosen[chosen.length - 1];
  return {
    urls: chosen.map((q) => urlOf(runtime, call, q)),
    ...(more && last ? { next: Buffer.from(`q:${last.name}`, "utf8").toString("base64") } : {}),
  };
}

/** Leaves out the members whose value is undefined, as AWS's JSON does. */
export function compact<T extends Record<string, unknown>>(doc: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key in doc) if (doc[key] !== undefined) out[key] = doc[key];
  return out;
}
