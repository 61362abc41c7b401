/*
 * The SQS service on the cloud's port: the JSON protocol (`X-Amz-Target: AmazonSQS.*`, on any
 * path), the Query protocol (form fields, on `/` or on a queue's own URL), and LocalStack's
 * developer endpoint. It also hands the Lambda pollers their in-process door.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import { readBody } from "../router.ts";
import type { LocalSqs, Service } from "../types.ts";
import type { CallContext, Operation, SqsRuntime } from "./call.ts";
import { DEVELOPER_PATH, handlePeek } from "./developer-api.ts";
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

  function callOf(req: IncomingMessage, res: ServerResponse): CallContext {
    const host = req.headers.host;
    const abort = new AbortController();
    res.once("close", () => abort.abort());
    const trace = req.headers["x-amzn-trace-id"];
    return {
      baseUrl: host ? `http://${host}` : options.endpoint(),
      signal: abort.signal,
      ...(typeof trace === "string" ? { traceHeader: trace } : {}),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sqs");
    const body = await readBody(req);
    const target = req.headers["x-amz-target"];
    const json = typeof target === "string" && target.startsWith(JSON_TARGET);
    const form = isForm(req) ? new URLSearchParams(body.toString("utf8")) : undefined;
    if (url.pathname.startsWith(DEVELOPER_PATH)) {
      handlePeek(
        model,
        {
          url,
          fields: json
            ? (JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>)
            : form && Object.fromEntries(form),
          protocol: json ? "json" : form?.has("Action") ? "query" : "plain",
          ...(json
            ? { action: target.slice(JSON_TARGET.length) }
            : form?.has("Action")
              ? { action: form.get("Action") ?? "" }
              : {}),
          accept: String(req.headers.accept ?? ""),
        },
        res,
      );
      return;
    }
    const call = callOf(req, res);
    if (json) {
      await handleJson(runtime, operations, target, body, res, call);
      return;
    }
    const params = new URLSearchParams(url.search);
    for (const [key, value] of form ?? []) params.set(key, value);
    const onQueue = QUEUE_PATH.test(url.pathname)
      ? `${call.baseUrl}${url.pathname.replace(/\/$/, "")}`
      : undefined;
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
