/*
 * SQS over the Query protocol: form fields in (a POST body, or a GET's query string), XML out.
 * Older clients speak it (Debian's awscli 1.x, the JS SDK v2). A request may also go to a
 * queue's own URL without a QueueUrl field: the URL then names the queue, and the actions that
 * are not about one queue (CreateQueue, ListQueues) are refused there, as AWS does.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { CallContext, Operation, SqsRuntime } from "./call.ts";
import { invalidAction, QUERY_NON_EXISTENT_QUEUE, SqsError } from "./errors.ts";
import { queryRequest } from "./query-input.ts";
import { errorTree, renderXml, responseTree } from "./query-xml.ts";

const NOT_ON_QUEUE_URL = new Set(["CreateQueue", "ListQueues"]);

function write(res: ServerResponse, status: number, body: string, requestId: string): void {
  res.writeHead(status, {
    "content-type": "text/xml",
    "content-length": Buffer.byteLength(body),
    "x-amzn-RequestId": requestId,
  });
  res.end(body);
}

export function writeQueryError(res: ServerResponse, error: SqsError): void {
  const requestId = randomUUID();
  const message = error.kind === "QueueDoesNotExist" ? QUERY_NON_EXISTENT_QUEUE : error.message;
  write(
    res,
    error.status,
    renderXml(errorTree(error.code, message, requestId, error.fault)),
    requestId,
  );
}

export interface QueryRequest {
  params: URLSearchParams;
  /** Set when the request went to a queue's URL: that queue, unless a QueueUrl field says otherwise. */
  queueUrl?: string;
}

export async function handleQuery(
  runtime: SqsRuntime,
  operations: Record<string, Operation>,
  request: QueryRequest,
  res: ServerResponse,
  call: CallContext,
): Promise<void> {
  const action = request.params.get("Action");
  if (!action) {
    const body = "<UnknownOperationException/>";
    res.writeHead(404, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  try {
    const operation = operations[action];
    const input = queryRequest(action, request.params);
    if (!operation || !input) throw invalidAction(action);
    if (request.queueUrl !== undefined) {
      if (NOT_ON_QUEUE_URL.has(action)) throw invalidAction(action);
      input.QueueUrl ??= request.queueUrl;
    }
    const result = (await operation(runtime, input, call)) as Record<string, unknown>;
    if (res.destroyed) return;
    const requestId = randomUUID();
    write(res, 200, renderXml(responseTree(action, result, requestId)), requestId);
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    if (!res.destroyed) writeQueryError(res, error);
  }
}
