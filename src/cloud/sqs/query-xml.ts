/*
 * SQS Query-protocol answers: a response in the JSON protocol's shape turned into AWS's XML
 * (flattened lists, Name/Value maps), plus the same tree as xmltodict-style JSON, which is
 * what LocalStack's developer endpoint sends to a client asking for JSON.
 */
import { escapeXml } from "../wire.ts";

export const SQS_XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/";

export interface XmlNode {
  name: string;
  text?: string;
  children?: XmlNode[];
}

/** The element each member of a list is written as. */
const LIST_ITEMS: Record<string, string> = {
  QueueUrls: "QueueUrl",
  queueUrls: "QueueUrl",
  Messages: "Message",
  Results: "ListMessageMoveTasksResultEntry",
  Failed: "BatchResultErrorEntry",
  StringListValues: "StringListValue",
  BinaryListValues: "BinaryListValue",
};

/** Maps are written as repeated elements holding a key and a value. */
const MAPS: Record<string, [entry: string, key: string, value: string]> = {
  Attributes: ["Attribute", "Name", "Value"],
  MessageAttributes: ["MessageAttribute", "Name", "Value"],
  Tags: ["Tag", "Key", "Value"],
};

/** Actions whose answer has a <…Result> element, even an empty one. */
const WITH_RESULT = new Set([
  "CreateQueue",
  "GetQueueUrl",
  "ListQueues",
  "GetQueueAttributes",
  "SendMessage",
  "SendMessageBatch",
  "ReceiveMessage",
  "DeleteMessageBatch",
  "ChangeMessageVisibilityBatch",
  "ListQueueTags",
  "ListDeadLetterSourceQueues",
  "StartMessageMoveTask",
  "ListMessageMoveTasks",
  "CancelMessageMoveTask",
]);

const el = (name: string, text: string): XmlNode => ({ name, text });

function members(value: Record<string, unknown>, action: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const map = MAPS[key];
    if (map && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        out.push({ name: map[0], children: [el(map[1], k), node(map[2], item, action)] });
      }
    } else if (Array.isArray(v)) {
      const item = LIST_ITEMS[key] ?? (key === "Successful" ? `${action}ResultEntry` : key);
      for (const entry of v) out.push(node(item, entry, action));
    } else {
      out.push(node(key, v, action));
    }
  }
  return out;
}

function node(name: string, value: unknown, action: string): XmlNode {
  if (value !== null && typeof value === "object") {
    return { name, children: members(value as Record<string, unknown>, action) };
  }
  return el(name, String(value));
}

/** <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse> */
export function responseTree(
  action: string,
  result: Record<string, unknown>,
  requestId: string,
): XmlNode {
  const body = members(result, action);
  return {
    name: `${action}Response`,
    children: [
      ...(WITH_RESULT.has(action) ? [{ name: `${action}Result`, children: body }] : []),
      { name: "ResponseMetadata", children: [el("RequestId", requestId)] },
    ],
  };
}

export function errorTree(
  code: string,
  message: string,
  requestId: string,
  fault: "Sender" | "Receiver" = "Sender",
): XmlNode {
  return {
    name: "ErrorResponse",
    children: [
      {
        name: "Error",
        children: [el("Type", fault), el("Code", code), el("Message", message), { name: "Detail" }],
      },
      el("RequestId", requestId),
    ],
  };
}

/** Escapes for XML text; a carriage return is written as a reference so parsers keep it. */
function escape(text: string): string {
  return escapeXml(text).replace(/\r/g, "&#xD;");
}

function render(n: XmlNode): string {
  if (n.children === undefined) {
    return n.text === undefined ? `<${n.name}/>` : `<${n.name}>${escape(n.text)}</${n.name}>`;
  }
  if (n.children.length === 0) return `<${n.name}/>`;
  return `<${n.name}>${n.children.map(render).join("")}</${n.name}>`;
}

export function renderXml(root: XmlNode): string {
  const inner = render(root);
  const open = `<${root.name}`;
  return `<?xml version="1.0"?>${open} xmlns="${SQS_XMLNS}"${inner.slice(open.length)}`;
}

/** The tree as xmltodict reads it: text as strings, repeated names as lists, empty as null. */
export function xmlDict(n: XmlNode): unknown {
  if (n.children === undefined) return n.text ?? null;
  if (n.children.length === 0) return null;
  const out: Record<string, unknown> = {};
  for (const child of n.children) {
    const value = xmlDict(child);
    const previous = out[child.name];
    if (previous === undefined) out[child.name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else out[child.name] = [previous, value];
  }
  return out;
}
