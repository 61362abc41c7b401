// What a struck request gets back: AWS's own error for the service and protocol, or a
// connection cut in the middle of the real answer.
import { randomBytes } from "node:crypto";
import { STATUS_CODES, type ServerResponse } from "node:http";
import { SqsError } from "../sqs/errors.ts";
import { writeJsonError } from "../sqs/json-api.ts";
import { writeQueryError } from "../sqs/query-api.ts";
import type { StrikeKind } from "./dice.ts";

const S3_ERRORS = {
  error: {
    status: 500,
    code: "InternalError",
    message: "We encountered an internal error. Please try again.",
  },
  throttle: { status: 503, code: "SlowDown", message: "Please reduce your request rate." },
} as const;

/** S3's error document; a HEAD answer carries the status and the request ids only. */
export function writeS3Fault(
  res: ServerResponse,
  kind: Exclude<StrikeKind, "reset">,
  method: string | undefined,
  resource: string,
): void {
  const { status, code, message } = S3_ERRORS[kind];
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  const hostId = randomBytes(24).toString("base64");
  const body =
    method === "HEAD"
      ? ""
      : '<?xml version="1.0" encoding="UTF-8"?>' +
        `<Error><Code>${code}</Code><Message>${message}</Message>` +
        `<Resource>${escapeText(resource)}</Resource>` +
        `<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
  res.writeHead(status, {
    "content-type": "application/xml",
    "content-length": Buffer.byteLength(body),
    "x-amz-request-id": requestId,
    "x-amz-id-2": hostId,
  });
  res.end(body);
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** SQS's transient errors, in the protocol the request spoke. */
export function writeSqsFault(
  res: ServerResponse,
  kind: Exclude<StrikeKind, "reset">,
  protocol: "json" | "query",
): void {
  const error =
    kind === "error"
      ? new SqsError(
          "ServiceUnavailable",
          "The request has failed due to a temporary failure of the server.",
        )
      : new SqsError("RequestThrottled", "The request was denied due to request throttling.");
  if (protocol === "json") writeJsonError(res, error);
  else writeQueryError(res, error);
}

/**
 * Lets the service answer for real, then cuts the connection mid-answer: the status line and
 * headers with half of the first piece of the body go out, then the socket is reset. An
 * answer without a body gets its status line only. The action itself has happened, as when a
 * connection drops on AWS after the work is done.
 */
export function cutMidResponse(res: ServerResponse): void {
  const write = res.write.bind(res) as (chunk: Buffer, done: () => void) => boolean;
  let cut = false;
  const reset = () => {
    const socket = res.socket;
    if (socket && !socket.destroyed) socket.resetAndDestroy();
    else res.destroy();
  };
  const cutAt = (chunk: unknown) => {
    if (cut) return;
    cut = true;
    const bytes =
      typeof chunk === "string" || chunk instanceof Uint8Array ? Buffer.from(chunk) : undefined;
    if (bytes && bytes.length > 1) {
      write(bytes.subarray(0, bytes.length >> 1), reset);
      return;
    }
    const line = `HTTP/1.1 ${res.statusCode} ${STATUS_CODES[res.statusCode] ?? ""}\r\n`;
    if (res.socket) res.socket.write(line, reset);
    else reset();
  };
  res.write = ((chunk: unknown) => {
    cutAt(chunk);
    return false;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    cutAt(typeof chunk === "function" ? undefined : chunk);
    return res;
  }) as typeof res.end;
}
