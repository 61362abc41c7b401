/*
 * LocalStack's developer endpoint, answered the way LocalStack 4.14 does, so that tools peek at
 * a queue the same way on both: `GET /_aws/sqs/messages?QueueUrl=…` (or
 * `/_aws/sqs/messages/<region>/<account>/<queue>`) lists a queue's messages as a ReceiveMessage
 * answer without receiving them: no receive count, no visibility change. `ShowInvisible` and
 * `ShowDelayed` add in-flight and delayed messages, marked by IsVisible and IsDelayed. The
 * answer is XML, or xmltodict-style JSON with `Accept: application/json`; an SDK client
 * pointed at the endpoint gets its own protocol's ReceiveMessage answer.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { queueDoesNotExist, SqsError } from "./errors.ts";
import { wireMessage, type WireMessage } from "./message-view.ts";
import type { SqsModel } from "./model.ts";
import { errorTree, renderXml, responseTree, xmlDict, type XmlNode } from "./query-xml.ts";
import { parseQueueUrl } from "./queue-names.ts";
import type { Queue } from "./queue.ts";
import type { StoredMessage } from "./stored-message.ts";

export const DEVELOPER_PATH = "/_aws/sqs/messages";
const BACKDOOR_HANDLE = "SQS/BACKDOOR/ACCESS";

export interface PeekRequest {
  /** Path and query of the request. */
  url: URL;
  /** Form fields or JSON members of a request from an SDK client. */
  fields: Record<string, unknown> | undefined;
  /** "json" or "query" when an SDK client sent it; "plain" for a browser or curl. */
  protocol: "json" | "query" | "plain";
  /** The action an SDK client asked for. */
  action?: string;
  accept: string;
}

const flag = (value: unknown) => ["true", "1"].includes(String(value ?? "").toLowerCase());

function queueOf(model: SqsModel, request: PeekRequest): Queue {
  const rest = request.url.pathname.slice(DEVELOPER_PATH.length).split("/").filter(Boolean);
  if (rest.length === 3) {
    const [region, accountId, name] = rest as [string, string, string];
    const queue = model.findQueue(name);
    if (region !== model.region || accountId !== model.accountId || !queue)
      throw queueDoesNotExist();
    return queue;
  }
  const url = request.fields?.QueueUrl ?? request.url.searchParams.get("QueueUrl");
  if (typeof url !== "string" || url === "") throw queueDoesNotExist();
  const { accountId, name } = parseQueueUrl(url, model.accountId);
  const queue = model.findQueue(name);
  if (accountId !== model.accountId || !queue) throw queueDoesNotExist();
  return queue;
}

/** The queue's messages without side effects: in flight first, then ready, then delayed. */
export function peekMessages(
  model: SqsModel,
  queue: Queue,
  invisible: boolean,
  delayed: boolean,
): WireMessage[] {
  queue.settle(model.clock.now());
  const all = [...queue.byId.values()].sort((a, b) => a.seq - b.seq);
  const pick = (state: StoredMessage["state"]) => all.filter((m) => m.state === state);
  const shown = [
    ...(invisible ? pick("inflight") : []),
    ...pick("ready").filter((m) => invisible || queue.deliverable(m)),
    ...(delayed ? pick("delayed") : []),
  ];
  return shown.map((m) => {
    const facts = {
      message: m,
      receiveCount: m.receiveCount,
      firstReceiveTimestamp: m.firstReceiveTimestamp,
    };
    const wire = wireMessage(facts, BACKDOOR_HANDLE, ["All"], ["All"]);
    const attributes = { ...wire.Attributes };
    if (invisible) attributes.IsVisible = String(m.state !== "inflight");
    if (delayed) attributes.IsDelayed = String(m.state === "delayed");
    return { ...wire, Attributes: attributes };
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "x-amzn-RequestId": randomUUID(),
  });
  res.end(body);
}

function answer(
  res: ServerResponse,
  request: PeekRequest,
  status: number,
  tree: XmlNode,
  json: unknown,
): void {
  if (request.protocol === "json")
    send(res, status, "application/x-amz-json-1.0", JSON.stringify(json));
  else if (request.accept.includes("application/json")) {
    send(res, status, "application/json", JSON.stringify({ [tree.name]: xmlDict(tree) }));
  } else send(res, status, "text/xml", renderXml(tree));
}

export function handlePeek(model: SqsModel, request: PeekRequest, res: ServerResponse): void {
  const requestId = randomUUID();
  try {
    if (request.protocol !== "plain" && request.action !== "ReceiveMessage") {
      throw new SqsError("InvalidAction", "This endpoint only accepts ReceiveMessage calls");
    }
    const queue = queueOf(model, request);
    const params = request.url.searchParams;
    const messages = peekMessages(
      model,
      queue,
      flag(params.get("ShowInvisible")),
      flag(params.get("ShowDelayed")),
    );
    const result = messages.length > 0 ? { Messages: messages } : {};
    answer(res, request, 200, responseTree("ReceiveMessage", result, requestId), result);
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    const code = error.kind === "InvalidAction" ? "InvalidRequest" : error.code;
    answer(res, request, error.status, errorTree(code, error.message, requestId), {
      __type: code,
      message: error.message,
    });
  }
}
