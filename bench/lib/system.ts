import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  cpuSchema,
  depthSchema,
  profiledSchema,
  profilingSchema,
  readySchema,
  type Command,
  type Ready,
} from "./system-protocol.ts";

const script = fileURLToPath(new URL("./system-process.ts", import.meta.url));

export interface System {
  ready: Ready;
  /** Messages in the stack's queues (task, notification, DLQ): ready, delayed or in flight. */
  depth(): Promise<number>;
  /** CPU time (ms) the system process has used so far, all its threads together. */
  cpuMs(): Promise<number>;
  /** Starts CPU profiles of the system's main thread and its Lambda worker threads. */
  profileStart(): Promise<void>;
  /** Stops them and writes `<dir>/<label>-<thread>.cpuprofile`; returns the files. */
  profileStop(dir: string, label: string): Promise<string[]>;
  stop(): Promise<void>;
}

async function nextMessage(child: ChildProcess): Promise<unknown> {
  // Aborting afterwards removes the loser's listener; race has already handled its rejection.
  const ac = new AbortController();
  try {
    const [message] = (await Promise.race([
      once(child, "message", { signal: ac.signal }),
      once(child, "exit", { signal: ac.signal }).then(([code]) => {
        throw new Error(`system process exited (code ${String(code)}) before answering`);
      }),
    ])) as [unknown];
    return message;
  } finally {
    ac.abort();
  }
}

/**
 * The system under test in its own process: embedded cloud, deployed stack and API, as
 * `npm start` runs them. The load generator stays in this process so it does not take the
 * system's CPU for granted.
 */
export async function startSystem(options: {
  prefix: string;
  /** Stack settings: "local" (default) as on a laptop, "test" for the short dead-letter path. */
  settings?: "local" | "test";
}): Promise<System> {
  const child = fork(script, [options.prefix, options.settings ?? "local"], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    execArgv: [],
    env: { ...process.env, JWT_SECRET: randomBytes(48).toString("base64") },
  });
  try {
    const ready = readySchema.parse(await nextMessage(child));
    const send = (command: Command) => child.send(command);
    return {
      ready,
      async depth() {
        send({ type: "depth" });
        return depthSchema.parse(await nextMessage(child)).depth;
      },
      async cpuMs() {
        send({ type: "cpu" });
        return cpuSchema.parse(await nextMessage(child)).micros / 1000;
      },
      async profileStart() {
        send({ type: "profile-start" });
        profilingSchema.parse(await nextMessage(child));
      },
      async profileStop(dir, label) {
        send({ type: "profile-stop", dir, label });
        return profiledSchema.parse(await nextMessage(child)).files;
      },
      async stop() {
        if (child.exitCode !== null) return;
        const exited = once(child, "exit");
        send({ type: "stop" });
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
