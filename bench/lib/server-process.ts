import { fork } from "node:child_process";
import { once } from "node:events";

/** A server running in a process of its own, so that the bench's CPU time is not its. */
export interface ServerProcess {
  endpoint: string;
  /** Sends `message` and answers the child's reply. */
  ask<T>(message: string): Promise<T>;
  /** Sends "stop" and waits for the child to exit. */
  stop(): Promise<void>;
}

/**
 * Forks `script` (a *-child.ts server): it sends { endpoint } once listening, answers each
 * message it understands with one of its own, and exits on "stop". `label` names it when it
 * exits early.
 */
export async function startServerProcess(
  script: string,
  args: string[],
  label: string,
): Promise<ServerProcess> {
  const child = fork(script, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const reply = async <T>(message?: string): Promise<T> => {
    const answer = once(child, "message");
    if (message) child.send(message);
    const exited = once(child, "exit").then(() => {
      throw new Error(`${label} exited`);
    });
    return ((await Promise.race([answer, exited])) as [T])[0];
  };
  const { endpoint } = await reply<{ endpoint: string }>();
  return {
    endpoint,
    ask: (message) => reply(message),
    stop: async () => {
      const exit = once(child, "exit");
      child.send("stop");
      await exit;
    },
  };
}
