/*
 * What SendMessage and SendMessageBatch check in a message before any queue sees it: body
 * characters, message and system attributes, the FIFO ids' format, and the size.
 */
import { invalidParameter, invalidValue, missingParameter, SqsError } from "./errors.ts";
import { valueBytes, type AttributeMap } from "./md5.ts";

// The characters AWS allows are defined by code points, tab, line feed and carriage return among them.
// eslint-disable-next-line no-control-regex
const BODY_CHARS = /^[\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ATTRIBUTE_NAME = /^[\u00C0-\u017Fa-zA-Z0-9_.-]+$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;
const MAX_ATTRIBUTES = 10;

export const INVALID_CHARACTERS =
  "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";

export function checkBody(body: string | undefined): asserts body is string {
  if (body === undefined || body === "") throw missingParameter("MessageBody");
  if (!BODY_CHARS.test(body)) throw new SqsError("InvalidMessageContents", INVALID_CHARACTERS);
}

function checkAttributeName(name: string): void {
  if (name.length > 256) {
    throw invalidParameter("Message (user) attribute names must be shorter than 256 Bytes");
  }
  if (!ATTRIBUTE_NAME.test(name)) {
    throw invalidParameter(
      "Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. ",
    );
  }
  const lower = name.toLowerCase();
  if (
    lower.startsWith("aws.") ||
    lower.startsWith("amazon.") ||
    name.startsWith(".") ||
    name.endsWith(".") ||
    name.includes("..")
  ) {
    throw invalidParameter(
      "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'.",
    );
  }
}

function checkAttributeValue(name: string, value: AttributeMap[string]): void {
  const type = value.DataType;
  if (!type) {
    throw invalidParameter(
      `The message attribute '${name}' must contain non-empty message attribute type.`,
    );
  }
  if (type.length > 256) {
    throw invalidParameter("Message (user) attribute types must be shorter than 256 Bytes");
  }
  const base = DATA_TYPE.exec(type)?.[1];
  if (!base) {
    throw invalidParameter(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  const present = base === "Binary" ? value.BinaryValue : value.StringValue;
  if (present === undefined || present === "") {
    throw invalidParameter(
      `Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`,
    );
  }
  if (base !== "Binary" && !BODY_CHARS.test(present)) throw invalidParameter(INVALID_CHARACTERS);
}

export function checkMessageAttributes(attributes: AttributeMap | undefined): void {
  if (!attributes) return;
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) {
    throw invalidParameter(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  for (const name of names) {
    checkAttributeName(name);
    checkAttributeValue(name, attributes[name] as AttributeMap[string]);
  }
}

/** Only AWSTraceHeader may be sent as a system attribute, as a String. */
export function checkSystemAttributes(attributes: AttributeMap | undefined): void {
  if (!attributes) return;
  for (const [name, value] of Object.entries(attributes)) {
    if (name !== "AWSTraceHeader") {
      throw invalidParameter(`Message system attribute name '${name}' is invalid.`);
    }
    if (value.DataType !== "String" || !value.StringValue) {
      throw invalidParameter(
        "Message system attribute 'AWSTraceHeader' must contain a non-empty value of type 'String'.",
      );
    }
  }
}

export function checkFifoId(value: string | undefined, parameter: string): void {
  if (value === undefined || FIFO_ID.test(value)) return;
  throw invalidValue(
    value,
    parameter,
    `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
  );
}

/** What counts against MaximumMessageSize: the body and every attribute's name, type and value. */
export function messageSize(body: string, attributes: AttributeMap | undefined): number {
  let size = Buffer.byteLength(body, "utf8");
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name, "utf8") + Buffer.byteLength(value.DataType, "utf8");
    size += valueBytes(value).length;
  }
  return size;
}
