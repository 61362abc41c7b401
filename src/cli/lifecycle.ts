// How a long-running command lives: it prints, waits for a signal, and stops its parts in order.

export function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const EXIT_ON_SECOND: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
};

/**
 * Resolves with the reason to stop: the first SIGINT, SIGTERM or SIGHUP, or the parent going
 * away. The last one matters under `npm start`: a SIGTERM sent to npm ends npm's `sh -c`, not
 * us, and we would be left running as an orphan. A second signal ends the process at once.
 */
export function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const stop = (reason: string) => {
      clearInterval(watch);
      for (const signal of STOP_SIGNALS) {
        process.off(signal, onSignal);
        process.once(signal, () => process.exit(EXIT_ON_SECOND[signal] ?? 1));
      }
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop("parent process exited");
    }, 500);
    watch.unref();
  });
}

/** Stops the parts in order; a part that hangs does not keep the process alive for ever. */
export async function shutdown(steps: [string, () => Promise<void> | void][]): Promise<void> {
  const force = setTimeout(() => {
    process.stderr.write("orderflow: still stopping after 10 s; exiting anyway\n");
    process.exit(1);
  }, 10_000);
  force.unref();
  for (const [label, step] of steps) {
    print(`  stopping ${label}`);
    await step();
  }
  clearTimeout(force);
}
