/*
 * SQS over the JSON protocol (AWS JSON 1.0, `X-Amz-Target: AmazonSQS.<Action>`), what SDK v3
 * and current botocore speak. Errors carry `__type` in the body and the classic Query code in
 * `x-amzn-query-error`, from which SDKs recover the code older code expects.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { CallContext, Operation, SqsRuntime } from "./call.ts";
import { invalidAction, SqsError } from "./errors.ts";

const CONTENT_TYPE = "application/x-amz-json-1.0";

function write(
  res: ServerResponse,
  status: number,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": CONTENT_TYPE,
    "content-length": Buffer.byteLength(body),
    "x-amzn-RequestId": randomUUID(),
    ...extra,
  });
  res.end(body);
}

export function writeJsonError(res: ServerResponse, error: SqsError): void {
  write(res, error.status, JSON.stringify({ __type: error.type, message: error.message }), {
    "x-amzn-query-error": `${error.code};${error.fault}`,
  });
}

export async function handleJson(
  runtime: SqsRuntime,
  operations: Record<string, Operation>,
  target: string,
  body: Buffer,
  res: ServerResponse,
  call: CallContext,
): Promise<void> {
  const action = target.slice(target.indexOf(".") + 1);
  try {
    const operation = operations[action];
    if (!operation) throw invalidAction(action);
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
    } catch {
      throw new SqsError("SerializationException", "The request body is not valid JSON.");
    }
    const result = await operation(runtime, input, call);
    if (res.destroyed) return;
    write(res, 200, JSON.stringify(result));
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    if (!res.destroyed) writeJsonError(res, error);
  }
}
