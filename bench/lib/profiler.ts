import { Session } from "node:inspector/promises";
import type { CpuProfile } from "./profile.ts";

interface WorkerSession {
  sessionId: string;
  title: string;
}

export interface Recording {
  /** Stops every profiler; the main thread's profile first, then one per worker thread. */
  stop(): Promise<{ label: string; profile: CpuProfile }[]>;
}

/**
 * CPU profiles of this process for a window of time (unlike --cpu-prof, which covers the
 * whole life, start-up included), including its worker threads: the Lambda runtime runs
 * handlers in workers, and that is where an order's time goes.
 */
export async function record(intervalMicros = 500): Promise<Recording> {
  const main = new Session();
  main.connect();
  const workers: WorkerSession[] = [];
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const toWorker = (w: WorkerSession, method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      void main.post("NodeWorker.sendMessageToWorker", {
        sessionId: w.sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  main.on("NodeWorker.receivedMessageFromWorker", ({ params }) => {
    const message = JSON.parse(params.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  main.on("NodeWorker.attachedToWorker", ({ params }) => {
    const w = { sessionId: params.sessionId, title: params.workerInfo.title };
    workers.push(w);
    void (async () => {
      await toWorker(w, "Profiler.enable");
      await toWorker(w, "Profiler.setSamplingInterval", { interval: intervalMicros });
      await toWorker(w, "Profiler.start");
    })();
  });
  await main.post("Profiler.enable");
  await main.post("Profiler.setSamplingInterval", { interval: intervalMicros });
  await main.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
  await main.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await main.post("Profiler.stop");
      const out = [{ label: "main", profile: profile as unknown as CpuProfile }];
      for (const [i, w] of workers.entries()) {
        // A worker that ended during the window took its profile with it.
        let timer: NodeJS.Timeout | undefined;
        const answer = (await Promise.race([
          toWorker(w, "Profiler.stop"),
          new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
        ])) as { profile?: CpuProfile } | undefined;
        clearTimeout(timer);
        if (answer?.profile) out.push({ label: `worker${i + 1}`, profile: answer.profile });
      }
      await main.post("NodeWorker.disable");
      main.disconnect();
      return out;
    },
  };
}
