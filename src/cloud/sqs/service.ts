/*
 * The SQS service on the cloud's port: the JSON protocol (`X-Amz-Target: AmazonSQS.*`, on any
 * path), the Query protocol (form fields, on `/` or on a queue's own URL), and LocalStack's
 * developer endpoint. It also hands the Lambda pollers their in-process door.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import { readBody } from "../wire.ts";
import type { LocalSqs, Service } from "../types.ts";
import type { CallContext, Operation, SqsRuntime } from "./call.ts";
import { DEVELOPER_PATH, handlePeek, type PeekRequest } from "./developer-api.ts";
import { inspectQueue, type QueueContents } from "./inspect.ts";
import { handleJson } from "./json-api.ts";
import { localSqs } from "./local-door.ts";
import { messageOperations } from "./message-operations.ts";
import { SqsModel } from "./model.ts";
import { MoveTasks } from "./move-tasks.ts";
import { openJournal, type JournalOptions } from "./persistence.ts";
import { handleQuery } from "./query-api.ts";
import { queueOperations } from "./queue-operations.ts";

export interface SqsServiceOptions {
  clock: Clock;
  region: string;
  accountId: string;
  /** Keep queues and messages in this directory's SQLite file. */
  dataDir?: string;
  durability?: JournalOptions["synchronous"];
  /** The cloud's own URL, for queue URLs when a request names no host. */
  endpoint: () => string;
  /** How an HTTP long poll waits (see CallContext.parked); it just waits by default. */
  parked?: <T>(waiting: Promise<T>) => Promise<T>;
}

export interface SqsService extends Service {
  readonly model: SqsModel;
  readonly local: LocalSqs;
  inspect(name: string): QueueContents | undefined;
  stop(): Promise<void>;
}

const operations: Record<string, Operation> = { ...queueOperations, ...messageOperations };
const QUEUE_PATH = /^\/\d{12}\/[\w-]{1,80}(\.fifo)?\/?$/;
const JSON_TARGET = "AmazonSQS.";

/** A developer-endpoint request: a plain GET, or an SDK client (JSON or Query) pointed at it. */
function peekRequest(
  req: IncomingMessage,
  raw: string,
  target: string | undefined,
  body: Buffer,
  form: URLSearchParams | undefined,
): PeekRequest {
  const base = { url: new URL(raw, "http://sqs"), accept: String(req.headers.accept ?? "") };
  if (target !== undefined) {
    let fields: Record<string, unknown> = {};
    try {
      fields = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
    } catch {
      // A body that is not JSON names no queue: the peek answers NonExistentQueue.
    }
    return { ...base, fields, protocol: "json", action: target.slice(JSON_TARGET.length) };
  }
  if (form?.has("Action")) {
    return {
      ...base,
      fields: Object.fromEntries(form),
      protocol: "query",
      action: form.get("Action") ?? "",
    };
  }
  return { ...base, fields: form && Object.fromEntries(form), protocol: "plain" };
}

function isForm(req: IncomingMessage): boolean {
  return String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");
}

export function createSqsService(options: SqsServiceOptions): SqsService {
  const journal =
    options.dataDir === undefined
      ? undefined
      : openJournal(options.dataDir, { synchronous: options.durability ?? "NORMAL" });
  const model = new SqsModel({
    clock: options.clock,
    region: options.region,
    accountId: options.accountId,
    ...(journal ? { journal } : {}),
  });
  const runtime: SqsRuntime = { model, moveTasks: new MoveTasks(model) };

  /** Facts of the call; a receive (the only action that waits) also stops when the client leaves. */
  function callOf(req: IncomingMessage, res: ServerResponse, action: string | null): CallContext {
    const host = req.headers.host;
    const trace = req.headers["x-amzn-trace-id"];
    const call: CallContext = {
      baseUrl: host ? `http://${host}` : options.endpoint(),
      ...(typeof trace === "string" ? { traceHeader: trace } : {}),
    };
    if (action !== "ReceiveMessage") return call;
    let abort: AbortController | undefined;
    const clientGone = () => {
      if (abort) return abort.signal;
      const made = new AbortController();
      const left = () => {
        if (!res.writableFinished) made.abort();
      };
      if (res.destroyed) left();
      else res.once("close", left);
      abort = made;
      return made.signal;
    };
    return { ...call, clientGone, ...(options.parked ? { parked: options.parked } : {}) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? "/";
    const path = raw.split("?", 1)[0] as string;
    const body = await readBody(req);
    const target = req.headers["x-amz-target"];
    const json = typeof target === "string" && target.startsWith(JSON_TARGET);
    const form = isForm(req) ? new URLSearchParams(body.toString("utf8")) : undefined;
    if (path.startsWith(DEVELOPER_PATH)) {
      handlePeek(model, peekRequest(req, raw, json ? target : undefined, body, form), res);
      return;
    }
    if (json) {
      const call = callOf(req, res, target.slice(JSON_TARGET.length));
      await handleJson(runtime, operations, target, body, res, call);
      return;
    }
    const params = new URLSearchParams(raw.slice(path.length + 1));
    for (const [key, value] of form ?? []) params.set(key, value);
    const call = callOf(req, res, params.get("Action"));
    const onQueue = QUEUE_PATH.test(path) ? `${call.baseUrl}${path.replace(/\/$/, "")}` : undefined;
    await handleQuery(
      runtime,
      operations,
      { params, ...(onQueue ? { queueUrl: onQueue } : {}) },
      res,
      call,
    );
  }

  return {
    name: "sqs",
    model,
    local: localSqs(runtime),
    handle,
    inspect: (name) => inspectQueue(model, name),
    async stop() {
      await runtime.moveTasks.stop();
      model.close();
    },
  };
}
