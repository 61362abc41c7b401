/*
 * The keys an S3 store may hold, kept beside a store that started empty and receives every
 * request through us: a key no request could have written does not exist, so a conditional
 * create of it needs no lookup. Only the answer "absent" is trusted; "may exist" still asks
 * the store.
 */
import type { IncomingMessage } from "node:http";
import { objectPath, routedPath } from "./object-path.ts";

export interface WrittenKeys {
  /** Takes note of a request as the store is handed it. */
  note(req: Pick<IncomingMessage, "method" | "headers" | "url">): void;
  /** False only when no request so far can have written the key. */
  mayExist(bucket: string, key: string): boolean;
}

/**
 * Any PUT or POST to a key may write it (PutObject, CopyObject, RenameObject's destination,
 * CompleteMultipartUpload, and harmlessly more); nothing is ever forgotten, since a delete
 * only makes "may exist" too cautious. A POST to a bucket that is not a DeleteObjects is a
 * browser-form upload naming its key in the body, and a path that does not decode cannot be
 * placed: after either, every key may exist.
 */
export function writtenKeys(): WrittenKeys {
  const keys = new Set<string>();
  let anyKey = false;
  return {
    note(req) {
      if (anyKey || (req.method !== "PUT" && req.method !== "POST")) return;
      const target = objectPath(routedPath(req));
      if (target?.bucket === undefined) {
        anyKey ||= !target;
      } else if (target.key !== undefined) {
        keys.add(`${target.bucket}/${target.key}`);
      } else {
        anyKey ||= req.method === "POST" && !target.query.has("delete");
      }
    },
    mayExist: (bucket, key) => anyKey || keys.has(`${bucket}/${key}`),
  };
}
