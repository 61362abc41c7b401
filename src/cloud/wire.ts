// What the emulated services share about the wire: reading a request body, escaping XML, and
// the JSON form of the SDK's output shapes.
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";

/**
 * The whole request body; over `limit` bytes, the error `tooLarge` makes (a generic one by
 * default). Read with stream events: an async iterator per request cost the SQS service a
 * measurable share of its time.
 */
export function readBody(
  req: Readable,
  options: { limit?: number; tooLarge?: (limit: number) => Error } = {},
): Promise<Buffer> {
  const limit = options.limit ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    if (req.destroyed) {
      reject(new Error("the client left before its request body was read"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer | string) => {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        req.destroy();
        reject(options.tooLarge?.(limit) ?? new Error(`request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(buf);
    });
    req.once("end", () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.once("error", reject);
    // A client that left takes its unread body with it: no "end" will come. Every request
    // closes, so the error is made only when it is one (a stack trace per request is not free).
    req.once("close", () => {
      if (!req.readableEnded) reject(new Error("the client left before its request body was read"));
    });
  });
}

/** A request whose body was already read, to be handed on as if it had not been. */
export function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from([body]), {
    headers: req.headers,
    url: req.url,
    method: req.method,
  }) as unknown as IncomingMessage;
}

const XML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text made safe for an XML element or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch] ?? ch);
}

/** An AWS timestamp in XML: ISO 8601, without milliseconds when there are none. */
function xmlDate(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

function xmlElement(name: string, value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value))
    return `<${name}>${value.map((item) => xmlElement("member", item)).join("")}</${name}>`;
  if (value instanceof Date) return `<${name}>${xmlDate(value)}</${name}>`;
  if (typeof value === "object" && value !== null) return `<${name}>${xmlFields(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * An output shape as the Query protocol writes it: one element per field in the order given,
 * lists as <member> items, dates in ISO 8601, nothing for an undefined field.
 */
export function xmlFields(shape: object): string {
  return Object.entries(shape)
    .map(([name, value]) => xmlElement(name, value))
    .join("");
}

/**
 * An SDK output shape as a JSON protocol carries it: where the SDK hands its caller a Date,
 * the wire holds epoch seconds.
 */
export type JsonWire<T> = T extends Date
  ? number
  : T extends (infer U)[]
    ? JsonWire<U>[]
    : T extends object
      ? { [K in keyof T]: JsonWire<T[K]> }
      : T;
