/*
 * The digests SQS returns with every send and receive, and that the SDK checks: MD5 of the
 * body, and MD5 over the message (or system) attributes in AWS's documented layout: for each
 * attribute in name order, the name, the data type and the value, each preceded by its
 * length as a 4-byte big-endian integer, with a transport byte (1 string, 2 binary) before
 * the value.
 */
import { createHash, hash } from "node:crypto";

/** A message attribute as the JSON wire carries it: binary values are base64 text. */
export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export type AttributeMap = Record<string, AttributeValue>;

export function md5Hex(text: string): string {
  return hash("md5", text, "hex");
}

function lengthPrefixed(bytes: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

/** The attribute's value as bytes: decoded base64 for binary types, UTF-8 otherwise. */
export function valueBytes(value: AttributeValue): Buffer {
  return value.DataType.startsWith("Binary")
    ? Buffer.from(value.BinaryValue ?? "", "base64")
    : Buffer.from(value.StringValue ?? "", "utf8");
}

export function md5OfAttributes(attributes: AttributeMap | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash("md5");
  for (const name of names) {
    const value = attributes[name] as AttributeValue;
    const binary = value.DataType.startsWith("Binary");
    for (const part of lengthPrefixed(Buffer.from(name, "utf8"))) hash.update(part);
    for (const part of lengthPrefixed(Buffer.from(value.DataType, "utf8"))) hash.update(part);
    hash.update(Buffer.from([binary ? 2 : 1]));
    for (const part of lengthPrefixed(valueBytes(value))) hash.update(part);
  }
  return hash.digest("hex");
}
