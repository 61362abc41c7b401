/*
 * fauxqs 2.4.1 ignores conditional writes: PutObject (and CompleteMultipartUpload) with
 * `If-None-Match: *` overwrites and `If-Match` is never compared. AWS answers 412 PreconditionFailed; orderflow's write-once
 * invoices depend on it, so this hook checks the conditions after fauxqs has parsed the
 * request and before its handler stores the object.
 */
import { randomBytes } from "node:crypto";
import type { FauxqsS3Store } from "../fauxqs-stores.ts";

interface HookRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  params: unknown;
  query: unknown;
  routeOptions: { url?: string | undefined };
}

interface HookReply {
  code(status: number): HookReply;
  header(name: string, value: string): HookReply;
  send(payload: string): HookReply;
  raw: { once(event: "close", listener: () => void): unknown };
}

interface HookApp {
  addHook(
    name: "preHandler",
    hook: (request: HookRequest, reply: HookReply) => Promise<unknown>,
  ): unknown;
}

type Verdict = { status: 412 | 404; code: string; message: string; condition?: string } | undefined;

function header(request: HookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function s3ErrorXml(code: string, message: string, resource: string, condition?: string): string {
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<Error>",
    `<Code>${code}</Code>`,
    `<Message>${message}</Message>`,
    condition ? `<Condition>${condition}</Condition>` : "",
    `<Resource>${escapeXml(resource)}</Resource>`,
    `<RequestId>${requestId}</RequestId>`,
    `<HostId>${randomBytes(24).toString("base64")}</HostId>`,
    "</Error>",
  ].join("");
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** fauxqs' S3Store keeps its objects in maps: bucket name -> key -> object. */
type ObjectMaps = Map<string, Map<string, { etag: string }>>;

/**
 * A direct map lookup: going through headObject builds an S3Error (stack trace included) for
 * every new key, which cost ~2 % of the main thread under load. headObject stays the fallback
 * should a fauxqs upgrade store objects differently.
 */
function currentEtag(store: FauxqsS3Store, bucket: string, key: string): string | undefined {
  const maps = (store as { buckets?: unknown }).buckets;
  if (maps instanceof Map) return (maps as ObjectMaps).get(bucket)?.get(key)?.etag;
  try {
    return store.headObject(bucket, key).etag;
  } catch {
    return undefined;
  }
}

const PRECONDITION_FAILED = "At least one of the pre-conditions you specified did not hold";

/** Decides a conditional PutObject: undefined lets the write go ahead. */
export function judgeConditionalPut(
  etag: string | undefined,
  writeInFlight: boolean,
  ifNoneMatch: string | undefined,
  ifMatch: string | undefined,
): Verdict {
  if (
    ifNoneMatch !== undefined &&
    ifNoneMatch.trim() === "*" &&
    (etag !== undefined || writeInFlight)
  ) {
    return {
      status: 412,
      code: "PreconditionFailed",
      message: PRECONDITION_FAILED,
      condition: "If-None-Match",
    };
  }
  if (ifMatch !== undefined) {
    if (etag === undefined)
      return { status: 404, code: "NoSuchKey", message: "The specified key does not exist." };
    const wanted = ifMatch.split(",").map((t) => t.trim());
    if (
      !wanted.includes("*") &&
      !wanted.includes(etag) &&
      !wanted.includes(etag.replace(/"/g, ""))
    ) {
      return {
        status: 412,
        code: "PreconditionFailed",
        message: PRECONDITION_FAILED,
        condition: "If-Match",
      };
    }
  }
  return undefined;
}

/** PutObject, CopyObject and CompleteMultipartUpload: the requests that create an object. */
function objectWriteTarget(request: HookRequest): { bucket: string; key: string } | undefined {
  if (request.routeOptions.url !== "/:bucket/*") return undefined;
  const params = request.params as { bucket?: string; "*"?: string };
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (!params.bucket || !params["*"]) return undefined;
  const isPut = request.method === "PUT" && !("uploadId" in query) && !("renameObject" in query);
  const isComplete = request.method === "POST" && "uploadId" in query;
  return isPut || isComplete ? { bucket: params.bucket, key: params["*"] } : undefined;
}

export function installS3Fixes(app: HookApp, store: FauxqsS3Store): void {
  // Conditional creates whose write has not finished yet: a second `If-None-Match: *` for
  // the same key must fail even if the first one's object is not stored yet.
  const creating = new Set<string>();
  app.addHook("preHandler", async (request, reply) => {
    const target = objectWriteTarget(request);
    const ifNoneMatch = header(request, "if-none-match");
    const ifMatch = header(request, "if-match");
    if (!target || (ifNoneMatch === undefined && ifMatch === undefined)) return undefined;
    if (!store.hasBucket(target.bucket)) return undefined;
    const id = `${target.bucket}/${target.key}`;
    const verdict = judgeConditionalPut(
      currentEtag(store, target.bucket, target.key),
      creating.has(id),
      ifNoneMatch,
      ifMatch,
    );
    if (verdict) {
      reply
        .code(verdict.status)
        .header("content-type", "application/xml")
        .send(s3ErrorXml(verdict.code, verdict.message, `/${id}`, verdict.condition));
      return reply;
    }
    if (ifNoneMatch !== undefined) {
      creating.add(id);
      reply.raw.once("close", () => creating.delete(id));
    }
    return undefined;
  });
}
