import type { IncomingMessage } from "node:http";
import { fail } from "./problem.ts";

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_JSON_DEPTH = 32;

/** `application/json` or `application/<x>+json`, any case, charset absent or UTF-8. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type = "", ...params] = header.split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false;
  return params.every((p) => !p.startsWith("charset=") || /^charset="?utf-8"?$/.test(p));
}

function tooLarge(): never {
  return fail(
    413,
    "payload-too-large",
    "Payload Too Large",
    `the body must be at most ${MAX_BODY_BYTES} bytes`,
  );
}

/**
 * Reads at most MAX_BODY_BYTES. A declared or actual size over the limit answers 413 at once
 * and stops reading: the request is paused and the connection closed after the answer, so
 * the rest of the upload is never buffered.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) {
    req.pause();
    tooLarge();
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stop();
        req.pause();
        try {
          tooLarge();
        } catch (error) {
          reject(error);
        }
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    // A client that hangs up mid-upload may only close: settle rather than wait for ever.
    const onClose = () => onError(new Error("the client closed the connection"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** Parses a JSON request body, refusing anything that is not plainly one JSON document. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!isJsonContentType(req.headers["content-type"])) {
    fail(
      415,
      "unsupported-media-type",
      "Unsupported Media Type",
      "send the body as application/json",
      { "accept-post": "application/json" },
    );
  }
  const bytes = await readBody(req);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(400, "invalid-json", "Bad Request", "the body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unparseable";
    return fail(400, "invalid-json", "Bad Request", `the body is not valid JSON: ${reason}`);
  }
  const structural = checkStructure(text);
  if (structural) fail(400, "invalid-json", "Bad Request", structural);
  return value;
}

/**
 * JSON.parse quietly keeps the last of two equal keys, and another parser may keep the first:
 * such a body means different things to different readers, so it is refused. Deep nesting is
 * refused too. Runs on text JSON.parse has accepted, so only strings need real lexing.
 */
export function checkStructure(text: string): string | undefined {
  const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") {
      stack.push({ keys: c === "{" ? new Set() : null, expectKey: c === "{" });
      if (stack.length > MAX_JSON_DEPTH)
        return `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      const top = stack.at(-1);
      if (top?.keys) top.expectKey = true;
    } else if (c === '"') {
      const end = endOfString(text, i);
      const top = stack.at(-1);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return `the body repeats the key ${JSON.stringify(key)}`;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    }
  }
  return undefined;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}
