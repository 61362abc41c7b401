// The CLI as a user runs it: `node src/cli.ts …` in a child process, its output collected.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { pollUntil } from "../../stack/poll.ts";

export const CLI = fileURLToPath(new URL("../../cli.ts", import.meta.url));
/** The CLI bundles the handlers and starts a cloud: seconds on a busy machine. */
export const SLOW = 120_000;

export interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

// The children share Node's on-disk compile cache: each one otherwise parses (and strips the
// types of) every source file again, about a quarter of the CPU a child takes to start.
const COMPILE_CACHE = fileURLToPath(
  new URL("../../../node_modules/.cache/orderflow/compile", import.meta.url),
);

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env,
      NODE_COMPILE_CACHE: COMPILE_CACHE,
      JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { process: child, output: () => text, exited };
}

export const waitFor = <T>(what: string, check: () => Promise<T | undefined>) =>
  pollUntil(check, { what, timeoutMs: 90_000, intervalMs: 200 });

export async function json(method: "GET" | "POST", url: string, body?: unknown, token?: string) {
  const answer = await request(url, {
    method,
    headers: {
      ...(body ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
}

/** The API's URL once `up` says it is ready. */
export async function apiOf(up: Child): Promise<string> {
  await waitFor("orderflow up to be ready", async () =>
    up.output().includes("Ctrl-C stops everything.") ? true : undefined,
  );
  const url = /API +(http:\/\/\S+)/.exec(up.output())?.[1];
  if (!url) throw new Error(`orderflow up printed no API URL:\n${up.output()}`);
  return url;
}

/** A token for `userId` from the API's POST /token. */
export async function tokenFrom(api: string, userId = "alice"): Promise<string> {
  return (await json("POST", `${api}/token`, { user_id: userId })).body.access_token as string;
}
