// One execution environment: a worker thread, its log, and the events it reports one at a time.
import { performance } from "node:perf_hooks";
import type { Worker } from "node:worker_threads";
import type { EnvironmentLog } from "./invocation-log.ts";
import type { WorkerMessage } from "./worker-protocol.ts";

export type InstanceEvent =
  | Exclude<WorkerMessage, { type: "log" }>
  | { type: "died"; outOfMemory: boolean; exitCode?: number }
  | { type: "timer"; reason: "timeout" | "fault" };

export class Instance {
  readonly worker: Worker;
  readonly generation: number;
  readonly log: EnvironmentLog;
  private readonly spawnedAt = performance.now();
  initDurationMs: number | undefined;
  initialized = false;
  dead = false;
  idleSince = 0;
  private readonly queued: InstanceEvent[] = [];
  private waiter: ((event: InstanceEvent) => void) | undefined;

  constructor(worker: Worker, generation: number, log: EnvironmentLog) {
    this.worker = worker;
    this.generation = generation;
    this.log = log;
    worker.unref();
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "log") {
        if (message.raw) log.writeRaw(message.text);
        else log.write(message.text);
      } else {
        if (message.type === "ready") this.initDurationMs = performance.now() - this.spawnedAt;
        this.push(message);
      }
    });
    worker.on("error", (error: Error & { code?: string }) => {
      this.dead = true;
      this.push({ type: "died", outOfMemory: error.code === "ERR_WORKER_OUT_OF_MEMORY" });
    });
    worker.on("exit", (exitCode) => {
      this.dead = true;
      this.push({ type: "died", outOfMemory: false, exitCode });
    });
  }

  private push(event: InstanceEvent): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter(event);
    else this.queued.push(event);
  }

  /** The next event, or a timer event when `ms` passes first. */
  next(ms: number, reason: "timeout" | "fault"): Promise<InstanceEvent> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ type: "timer", reason });
      }, ms);
      this.waiter = (event) => {
        clearTimeout(timer);
        resolve(event);
      };
    });
  }

  terminate(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }
}
