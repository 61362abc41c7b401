import { fork } from "node:child_process";
import { once } from "node:events";

/** Forks a Node script, returns the first IPC message it sends and waits for it to exit. */
export async function forkForMessage(
  script: string,
  args: string[] = [],
  execArgv: string[] = process.execArgv,
): Promise<unknown> {
  const child = fork(script, args, { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv });
  try {
    const message = once(child, "message");
    const exit = once(child, "exit").then(([code]) => {
      if (code !== 0) throw new Error(`${script} exited with code ${String(code)}`);
    });
    const [first] = (await Promise.race([message, exit.then(() => [undefined])])) as [unknown];
    if (first === undefined) throw new Error(`${script} exited without reporting`);
    await exit;
    return first;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
