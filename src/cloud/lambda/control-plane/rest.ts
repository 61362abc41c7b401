// The Lambda REST-JSON wire as the operations see it: the request, the reply, what they may
// call, and the parsing and paging they share.
import type { IncomingMessage } from "node:http";
import type * as z from "zod";
import { LambdaError, invalidParameter } from "../errors.ts";
import type { Invoker } from "../runtime/invoker.ts";
import type { EventSourceStore } from "./event-source-store.ts";
import type { FunctionRecord, FunctionStore } from "./function-store.ts";
import { validationMessage, type CodeBody } from "./schemas.ts";

export interface LambdaApiDeps {
  region: string;
  accountId: string;
  functions: FunctionStore;
  mappings: EventSourceStore;
  invoker: Invoker;
  loadZip(code: CodeBody): Promise<Uint8Array>;
  deleteFunction(ref: string): Promise<FunctionRecord>;
  endpoint(): string;
}

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface Reply {
  status: number;
  body?: unknown;
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

export type Route = [
  method: string,
  pattern: RegExp,
  handle: (deps: LambdaApiDeps, req: Request, params: string[]) => Promise<Reply>,
];

export function parseBody<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  let json: unknown;
  try {
    json = req.body.length === 0 ? {} : JSON.parse(req.body.toString("utf8"));
  } catch {
    throw invalidParameter("The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new LambdaError("ValidationException", 400, validationMessage(parsed.error));
  return parsed.data;
}

export function page<T>(
  items: T[],
  key: (item: T) => string,
  req: Request,
): { items: T[]; next: string | undefined } {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const marker = req.query.get("Marker");
  const max = Math.min(10000, Math.max(1, Number(req.query.get("MaxItems") ?? 50) || 50));
  const after = marker ? Buffer.from(marker, "base64url").toString() : undefined;
  const start = after === undefined ? 0 : sorted.findIndex((item) => key(item) > after);
  const from = start < 0 ? sorted.length : start;
  const chunk = sorted.slice(from, from + max);
  const last = chunk.at(-1);
  const more = from + max < sorted.length && last !== undefined;
  return { items: chunk, next: more ? Buffer.from(key(last)).toString("base64url") : undefined };
}

export function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
