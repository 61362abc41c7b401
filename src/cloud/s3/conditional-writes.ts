/*
 * Conditional writes, which fauxqs 2.4.1 (the newest release on the registry) ignores: PutObject
 * and CompleteMultipartUpload with `If-None-Match: *` must fail with 412 PreconditionFailed when
 * the key exists, and `If-Match` must name the current ETag (404 NoSuchKey when there is none).
 * orderflow writes each invoice once this way. The check asks fauxqs for the key's ETag first
 * (a HEAD request) and holds back a second conditional create of a key until the first one is
 * answered. When a fauxqs release honours these headers itself, this file can go.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeXml } from "../wire.ts";
import { objectPath, routedPath } from "./object-path.ts";

export type Verdict =
  { status: 412 | 404; code: string; message: string; condition?: string } | undefined;

const PRECONDITION_FAILED = "At least one of the pre-conditions you specified did not hold";

/** Decides a conditional write: undefined lets it go ahead. */
export function judgeConditionalPut(
  etag: string | undefined,
  writeInFlight: boolean,
  ifNoneMatch: string | undefined,
  ifMatch: string | undefined,
): Verdict {
  if (ifNoneMatch?.trim() === "*" && (etag !== undefined || writeInFlight)) {
    return {
      status: 412,
      code: "PreconditionFailed",
      message: PRECONDITION_FAILED,
      condition: "If-None-Match",
    };
  }
  if (ifMatch === undefined) return undefined;
  if (etag === undefined)
    return { status: 404, code: "NoSuchKey", message: "The specified key does not exist." };
  const wanted = ifMatch.split(",").map((t) => t.trim().replace(/"/g, ""));
  if (wanted.includes("*") || wanted.includes(etag.replace(/"/g, ""))) return undefined;
  return {
    status: 412,
    code: "PreconditionFailed",
    message: PRECONDITION_FAILED,
    condition: "If-Match",
  };
}

export function s3ErrorXml(verdict: NonNullable<Verdict>, resource: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<Error>",
    `<Code>${verdict.code}</Code>`,
    `<Message>${verdict.message}</Message>`,
    verdict.condition ? `<Condition>${verdict.condition}</Condition>` : "",
    `<Resource>${escapeXml(resource)}</Resource>`,
    `<RequestId>${randomBytes(8).toString("hex").toUpperCase()}</RequestId>`,
    `<HostId>${randomBytes(24).toString("base64")}</HostId>`,
    "</Error>",
  ].join("");
}

/** The bucket and key a PutObject or CompleteMultipartUpload writes, if the request is one. */
export function objectWriteTarget(
  req: Pick<IncomingMessage, "method" | "headers" | "url">,
): { bucket: string; key: string } | undefined {
  const target = objectPath(routedPath(req));
  if (target?.bucket === undefined || target.key === undefined) return undefined;
  const { bucket, key, query } = target;
  const isPut =
    req.method === "PUT" &&
    !query.has("uploadId") &&
    !query.has("renameObject") &&
    !query.has("partNumber");
  const isComplete = req.method === "POST" && query.has("uploadId");
  return isPut || isComplete ? { bucket, key } : undefined;
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Wraps the forwarding of an S3 request: a conditional write is checked first, and answered
 * 412/404 here when its condition fails. `etagOf` asks the store for a key's current ETag.
 */
export function conditionalWrites(
  etagOf: (bucket: string, key: string) => Promise<string | undefined>,
) {
  const creating = new Set<string>();
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    forward: () => Promise<void>,
  ): Promise<void> => {
    const ifNoneMatch = header(req, "if-none-match");
    const ifMatch = header(req, "if-match");
    const target =
      ifNoneMatch === undefined && ifMatch === undefined ? undefined : objectWriteTarget(req);
    if (!target) return forward();
    const id = `${target.bucket}/${target.key}`;
    const inFlight = creating.has(id);
    if (ifNoneMatch !== undefined) creating.add(id);
    try {
      const verdict = judgeConditionalPut(
        await etagOf(target.bucket, target.key),
        inFlight,
        ifNoneMatch,
        ifMatch,
      );
      if (!verdict) return await forward();
      req.resume();
      const body = s3ErrorXml(verdict, `/${id}`);
      res.writeHead(verdict.status, {
        "content-type": "application/xml",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    } finally {
      if (ifNoneMatch !== undefined && !inFlight) creating.delete(id);
    }
  };
}
