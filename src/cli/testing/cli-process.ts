// The CLI as a user runs it: `node src/cli.ts …` in a child process, its output collected.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env,
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

export async function json(
  method: "GET" | "POST",
  url: string,
  body?: unknown,
  token?: string,
  { newConnection = false } = {},
) {
  const answer = await request(url, {
    method,
    reset: newConnection,
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

/** The embedded cloud's endpoint that a ready `up` printed. */
export function cloudOf(up: Child): string {
  const url = /cloud +(http:\/\/\S+)/.exec(up.output())?.[1];
  if (!url) throw new Error(`orderflow up printed no cloud URL:\n${up.output()}`);
  return url;
}

/** A token for `userId` from the API's POST /token. */
export async function tokenFrom(api: string, userId = "alice"): Promise<string> {
  return (await json("POST", `${api}/token`, { user_id: userId })).body.access_token as string;
}

/**
 * Runs `body` with a fresh data directory and a way to start `orderflow up` on it; afterwards
 * every process it started is killed and the directory removed. The processes keep their
 * temporary files (the functions' unpacked code) beside it, so that what a SIGKILL leaves
 * behind goes too; Node's compile cache stays where it is, shared with other runs.
 */
export async function onData(
  body: (up: () => Child, dataDir: string) => Promise<void>,
): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "orderflow-up-"));
  const dataDir = join(root, "data");
  const env = {
    TMPDIR: join(root, "tmp"),
    NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), "node-compile-cache"),
  };
  mkdirSync(dataDir);
  mkdirSync(env.TMPDIR);
  const started: Child[] = [];
  try {
    await body(() => {
      const child = runUpOnData(dataDir, env);
      started.push(child);
      return child;
    }, dataDir);
  } finally {
    for (const child of started) child.process.kill("SIGKILL");
    await Promise.all(started.map((child) => child.exited));
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `orderflow up` keeping its data in `dataDir`, with the test settings (a message cut off by a
 * stop comes back after 5 s, not 30) and a limiter that a burst of orders does not meet.
 */
export function runUpOnData(dataDir: string, env: NodeJS.ProcessEnv = {}): Child {
  const args = [
    "up",
    "--port",
    "0",
    "--cloud-port",
    "0",
    "--data-dir",
    dataDir,
    "--settings",
    "test",
  ];
  return runCli(args, {
    RATE_LIMIT_CAPACITY: "10000",
    RATE_LIMIT_REFILL_PER_SECOND: "10000",
    ...env,
  });
}

/** The order's status once it is PROCESSED (after a restart, that may take a visibility timeout). */
export function untilProcessed(api: string, token: string, id: string) {
  return waitFor(`${id} to be PROCESSED`, async () => {
    const answer = await json("GET", `${api}/orders/${id}`, undefined, token);
    return answer.body.status === "PROCESSED" ? answer.body : undefined;
  });
}

/** A small order whose total is 19.98. */
export const cableOrder = (id: string) => ({
  order_id: id,
  items: [{ name: "Cable", price: 9.99, quantity: 2 }],
});

/**
 * Four senders place orders on `up`'s API until `stopAt` are accepted, then `stop` goes out
 * (a signal to the process); each sender ends at its first request that fails after that.
 * Order ids are `ORD-<label>-<pid>-<n>`.
 * Answers the accepted ids and how many requests failed while the process still ran.
 */
export async function placeOrdersUntilStopped(
  up: Child,
  api: string,
  token: string,
  stopAt: number,
  stop: () => void,
  label = "stop",
): Promise<{ accepted: string[]; refusedWhileRunning: number }> {
  const accepted: string[] = [];
  let refusedWhileRunning = 0;
  let stopped = false;
  let next = 0;
  const sender = async () => {
    for (;;) {
      const id = `ORD-${label}-${process.pid}-${next++}`;
      let status: number;
      try {
        // A new connection for each order: once stopping, the API takes no new connections,
        // so the stop is seen at once rather than after a kept-alive connection drains.
        status = (
          await json("POST", `${api}/orders`, cableOrder(id), token, { newConnection: true })
        ).status;
      } catch (error) {
        if (!stopped) throw error;
        if (up.process.exitCode === null && up.process.signalCode === null)
          refusedWhileRunning += 1;
        return;
      }
      if (status !== 202) throw new Error(`order ${id} answered ${status}, not 202`);
      accepted.push(id);
      if (accepted.length >= stopAt && !stopped) {
        stopped = true;
        stop();
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, sender));
  return { accepted, refusedWhileRunning };
}
