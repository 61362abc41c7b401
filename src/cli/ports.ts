// Taken ports, said plainly and found first: a command that cannot listen fails before it
// loads and starts anything slow (the cloud, the stack's deploy, the API).
import { createServer } from "node:net";
import type { listenersOf } from "./options.ts";

/** The error for a listen on `port` that failed, naming the `flag` that picks another port. */
export function listenError(error: unknown, flag: string, port: number): Error {
  const e = error as NodeJS.ErrnoException;
  if (
    e.code === "EADDRINUSE" ||
    (e.cause as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE"
  ) {
    return new Error(
      `port ${port} is already in use (another orderflow, or LocalStack?): choose another with ${flag} (0 picks a free one)`,
      { cause: error },
    );
  }
  return error as Error;
}

function listenOnce(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/**
 * Listens on each port for a moment and lets go. A port taken in between is still reported
 * the same way when the command itself listens; this only makes the common case quick.
 */
export async function requireFreePorts(listeners: ReturnType<typeof listenersOf>): Promise<void> {
  for (const { port, host, flag } of listeners) {
    if (port === 0) continue;
    try {
      await listenOnce(port, host ?? "127.0.0.1");
    } catch (error) {
      throw listenError(error, flag, port);
    }
  }
}
