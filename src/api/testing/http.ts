// An undici call for the API's tests that returns the status, headers and parsed body in one
// object.
import type { Readable } from "node:stream";
import { type Dispatcher, request } from "undici";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface CallOptions {
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  token?: string;
}

/** One request; a hang fails the test within seconds instead of stalling the suite. */
export async function call(base: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const answer = await request(`${base}${path}`, {
    method: options.method ?? "GET",
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
  });
  const text = await answer.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: answer.statusCode, headers: answer.headers, text, json };
}

export function postJson(base: string, path: string, body: unknown, token?: string) {
  return call(base, path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(token ? { token } : {}),
  });
}
