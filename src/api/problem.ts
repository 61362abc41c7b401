import type { ServerResponse } from "node:http";
import type { Problem } from "./schemas.ts";

/** An answer for the client, raised anywhere in a handler and written as problem+json. */
export class HttpError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly headers: Record<string, string>;

  constructor(problem: Problem, headers: Record<string, string> = {}) {
    super(problem.detail ?? problem.title);
    this.name = "HttpError";
    this.status = problem.status;
    this.problem = problem;
    this.headers = headers;
  }
}

const TYPE_BASE = "urn:orderflow:problem:";

/** A problem with our own type URI, e.g. `urn:orderflow:problem:validation-error`. */
export function problem(
  status: number,
  slug: string,
  title: string,
  detail?: string,
  extra: Partial<Problem> = {},
): Problem {
  return {
    type: `${TYPE_BASE}${slug}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

export function fail(
  status: number,
  slug: string,
  title: string,
  detail?: string,
  headers: Record<string, string> = {},
  extra: Partial<Problem> = {},
): never {
  throw new HttpError(problem(status, slug, title, detail, extra), headers);
}

const COMMON = { "x-content-type-options": "nosniff", "cache-control": "no-store" };

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendProblem(res: ServerResponse, error: HttpError): void {
  const text = JSON.stringify(error.problem);
  res.writeHead(error.status, {
    ...COMMON,
    "content-type": "application/problem+json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...error.headers,
  });
  res.end(text);
}

/** The raw bytes for a problem answered from the socket itself (the HTTP parser gave up). */
export function rawProblemResponse(
  status: number,
  slug: string,
  reason: string,
  detail: string,
): string {
  const body = JSON.stringify(problem(status, slug, reason, detail));
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    "content-type: application/problem+json; charset=utf-8\r\n" +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    "connection: close\r\n\r\n" +
    body
  );
}
