// The execution environments of every function: a pool of worker threads per function,
// reused while warm, replaced when the code or configuration changes or a worker dies.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { CloudClock } from "../../cloud-clock.ts";
import type { LogsModel } from "../../logs/model.ts";
import type { FaultDice, InvocationFault } from "../faults.ts";
import { environmentVariables, heapLimits, type RunnableFunction } from "./environment.ts";
import { Instance } from "./instance.ts";
import {
  diedError,
  exitError,
  MAX_RESPONSE_BYTES,
  responseTooLarge,
  timedOut,
} from "./invocation-errors.ts";
import { EnvironmentLog, logStreamName } from "./invocation-log.ts";
import { workerEntry } from "./worker-entry.ts";
import type { ErrorBody, WorkerInit } from "./worker-protocol.ts";

/** AWS gives the init phase 10 s of its own, outside the function's timeout. */
const INIT_TIMEOUT_MS = 10_000;

export interface InvokeOptions {
  payload: string;
  requestId?: string;
  clientContext?: string;
  /** False for deliveries the fault campaign itself adds (duplicates). */
  injectFaults?: boolean;
}

export interface InvokeOutcome {
  requestId: string;
  /** The handler's JSON result, or the error body when `error` is set. */
  payload: string;
  error?: ErrorBody;
  /** Base64 of the last 4 KB of this invocation's log. */
  logResult: string;
}

export interface RuntimeOptions {
  region: string;
  endpoint: () => string;
  logs: LogsModel;
  dice: FaultDice;
  /** The cloud's clock: an invocation holds it (no time skips meanwhile) and its times come from it. */
  clock: CloudClock;
  maxInstancesPerFunction?: number;
  /** An environment idle this long is shut down, as AWS recycles idle ones (default 10 min). */
  idleTimeoutMs?: number;
}

interface Pool {
  instances: Set<Instance>;
  idle: Instance[];
  /** Woken with true when the function was deleted meanwhile. */
  waiters: ((retired: boolean) => void)[];
}

interface Settled {
  payload?: string;
  error?: ErrorBody;
  healthy: boolean;
  status?: "timeout" | "error";
  heapUsed?: number;
}

export class LambdaRuntime {
  private readonly options: RuntimeOptions;
  private readonly pools = new Map<string, Pool>();
  private readonly maxInstances: number;
  private stopped = false;
  private readonly reaper: NodeJS.Timeout;

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.maxInstances = options.maxInstancesPerFunction ?? 10;
    const idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
    this.reaper = setInterval(() => this.reapIdle(idleTimeoutMs), Math.min(30_000, idleTimeoutMs));
    this.reaper.unref();
    // Ready (or being built) before the first invocation needs it.
    workerEntry().catch(() => undefined);
  }

  async invoke(fn: RunnableFunction, options: InvokeOptions): Promise<InvokeOutcome> {
    const requestId = options.requestId ?? randomUUID();
    const release = this.options.clock.hold();
    try {
      return await this.invokeHeld(fn, options, requestId);
    } finally {
      release();
    }
  }

  private async invokeHeld(
    fn: RunnableFunction,
    options: InvokeOptions,
    requestId: string,
  ): Promise<InvokeOutcome> {
    const instance = await this.acquire(fn);
    let healthy = false;
    try {
      instance.log.beginInvocation();
      const cold = !instance.initialized;
      const initError = await this.initialize(instance, requestId);
      instance.log.write(`START RequestId: ${requestId} Version: $LATEST`);
      const started = performance.now();
      const settled: Settled = initError
        ? { error: initError, healthy: false, status: "error" }
        : await this.execute(instance, fn, requestId, options);
      this.writeReport(instance, fn, requestId, settled, performance.now() - started, cold);
      healthy = settled.healthy;
      return {
        requestId,
        payload: settled.error ? JSON.stringify(settled.error) : (settled.payload ?? "null"),
        ...(settled.error ? { error: settled.error } : {}),
        logResult: instance.log.endInvocation(),
      };
    } finally {
      this.release(fn.name, instance, healthy);
    }
  }

  /** Ends every environment of a function (deleted): busy ones fail their invocation. */
  async retire(name: string): Promise<void> {
    const pool = this.pools.get(name);
    if (!pool) return;
    this.pools.delete(name);
    await Promise.all([...pool.instances].map((instance) => instance.terminate()));
    for (const wake of pool.waiters) wake(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reaper);
    await Promise.all([...this.pools.keys()].map((name) => this.retire(name)));
  }

  private reapIdle(idleTimeoutMs: number): void {
    // Wall-clock time on purpose: recycling environments is this process's housekeeping, and a
    // skipping clock must not turn every jump into a round of cold starts.
    const cutoff = Date.now() - idleTimeoutMs;
    for (const pool of this.pools.values()) {
      const expired = pool.idle.filter((instance) => instance.idleSince < cutoff);
      pool.idle = pool.idle.filter((instance) => instance.idleSince >= cutoff);
      for (const instance of expired) {
        pool.instances.delete(instance);
        void instance.terminate();
      }
    }
  }

  private pool(name: string): Pool {
    let pool = this.pools.get(name);
    if (!pool) {
      pool = { instances: new Set(), idle: [], waiters: [] };
      this.pools.set(name, pool);
    }
    return pool;
  }

  private async acquire(fn: RunnableFunction): Promise<Instance> {
    const entry = await workerEntry();
    for (;;) {
      if (this.stopped) throw new Error("the Lambda runtime is stopped");
      const pool = this.pool(fn.name);
      for (const stale of pool.idle.filter((i) => i.generation !== fn.generation || i.dead)) {
        pool.instances.delete(stale);
        void stale.terminate();
      }
      pool.idle = pool.idle.filter((i) => pool.instances.has(i));
      const warm = pool.idle.pop();
      if (warm) return warm;
      if (pool.instances.size < this.maxInstances) {
        const instance = this.spawn(fn, entry);
        pool.instances.add(instance);
        return instance;
      }
      const retired = await new Promise<boolean>((resolve) => pool.waiters.push(resolve));
      if (retired) throw new Error(`function ${fn.name} was deleted while the invocation waited`);
    }
  }

  private release(name: string, instance: Instance, healthy: boolean): void {
    const pool = this.pools.get(name);
    if (!pool?.instances.has(instance)) {
      void instance.terminate();
      return;
    }
    if (healthy && !instance.dead && !this.stopped) {
      instance.idleSince = Date.now();
      pool.idle.push(instance);
    } else {
      pool.instances.delete(instance);
      void instance.terminate();
    }
    pool.waiters.shift()?.(false);
  }

  private spawn(fn: RunnableFunction, entry: URL): Instance {
    const { clock } = this.options;
    const stream = logStreamName(new Date(clock.now()));
    const log = new EnvironmentLog(this.options.logs, fn.logGroup, stream, () => clock.now());
    const init: WorkerInit = {
      taskRoot: fn.codeDir,
      handler: fn.handler,
      logFormat: fn.logFormat,
      functionName: fn.name,
      functionVersion: "$LATEST",
      functionArn: fn.arn,
      memorySize: fn.memorySize,
      logGroup: fn.logGroup,
      logStream: stream,
      providedModulesFrom: import.meta.url,
      clockOffset: clock.offset(),
      // Beside the unpacked code versions, so it goes when the cloud removes them.
      compileCache: path.join(path.dirname(fn.codeDir), ".compile-cache"),
    };
    const worker = new Worker(entry, {
      execArgv: [],
      workerData: init,
      env: environmentVariables(fn, stream, this.options),
      resourceLimits: heapLimits(fn.memorySize),
    });
    return new Instance(worker, fn.generation, log);
  }

  /** Waits for the init phase of a cold environment; undefined when it is ready. */
  private async initialize(instance: Instance, requestId: string): Promise<ErrorBody | undefined> {
    if (instance.initialized) return undefined;
    const event = await instance.next(INIT_TIMEOUT_MS, "timeout");
    if (event.type === "ready") {
      instance.initialized = true;
      return undefined;
    }
    if (event.type === "init-error" || event.type === "crash") return event.error;
    if (event.type === "timer") {
      await instance.terminate();
      return { errorType: "Sandbox.Timedout", errorMessage: "Init phase timed out", trace: [] };
    }
    if (event.type === "died") return diedError(event, requestId);
    return { errorType: "Runtime.Unknown", errorMessage: "unexpected init message", trace: [] };
  }

  private async execute(
    instance: Instance,
    fn: RunnableFunction,
    requestId: string,
    options: InvokeOptions,
  ): Promise<Settled> {
    const timeoutMs = fn.timeout * 1000;
    const fault =
      options.injectFaults === false ? undefined : this.options.dice.invocation(timeoutMs);
    instance.worker.postMessage({
      type: "invoke",
      requestId,
      payload: options.payload,
      deadline: this.options.clock.now() + timeoutMs,
      clockOffset: this.options.clock.offset(),
      ...(options.clientContext ? { clientContext: options.clientContext } : {}),
    });
    if (fault) return this.injectFault(instance, fn, requestId, fault);
    const event = await instance.next(timeoutMs, "timeout");
    switch (event.type) {
      case "result":
        if (event.error) return { error: event.error, healthy: true, heapUsed: event.heapUsed };
        if (Buffer.byteLength(event.payload ?? "") > MAX_RESPONSE_BYTES) {
          return { error: responseTooLarge(), healthy: true, heapUsed: event.heapUsed };
        }
        return { payload: event.payload ?? "null", healthy: true, heapUsed: event.heapUsed };
      case "crash":
        return { error: event.error, healthy: false, status: "error" };
      case "timer":
        await instance.terminate();
        return { error: timedOut(fn.timeout, requestId), healthy: false, status: "timeout" };
      case "died":
        return { error: diedError(event, requestId), healthy: false, status: "error" };
      default:
        return {
          error: diedError({ outOfMemory: false }, requestId),
          healthy: false,
        };
    }
  }

  /** A campaign fault: whatever the handler did by now stands, its answer is lost. */
  private async injectFault(
    instance: Instance,
    fn: RunnableFunction,
    requestId: string,
    fault: NonNullable<InvocationFault>,
  ): Promise<Settled> {
    await new Promise((resolve) => setTimeout(resolve, fault.afterMs));
    await instance.terminate();
    if (fault.kind === "timeout") {
      return { error: timedOut(fn.timeout, requestId), healthy: false, status: "timeout" };
    }
    return {
      error: exitError(requestId, "Runtime exited with error: signal: killed"),
      healthy: false,
      status: "error",
    };
  }

  private writeReport(
    instance: Instance,
    fn: RunnableFunction,
    requestId: string,
    settled: Settled,
    durationMs: number,
    cold: boolean,
  ): void {
    const { log } = instance;
    if (settled.status === "timeout") {
      log.write(
        `${new Date(this.options.clock.now()).toISOString()} ${requestId} Task timed out after ${fn.timeout.toFixed(2)} seconds`,
      );
    }
    log.write(`END RequestId: ${requestId}`);
    const usedMb = Math.max(1, Math.ceil((settled.heapUsed ?? 0) / 1048576));
    const parts = [
      `REPORT RequestId: ${requestId}`,
      `Duration: ${durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.max(1, Math.ceil(durationMs))} ms`,
      `Memory Size: ${fn.memorySize} MB`,
      `Max Memory Used: ${usedMb} MB`,
    ];
    if (cold && instance.initDurationMs !== undefined) {
      parts.push(`Init Duration: ${instance.initDurationMs.toFixed(2)} ms`);
    }
    if (settled.status === "timeout") parts.push("Status: timeout");
    if (settled.status === "error" && settled.error) {
      parts.push("Status: error", `Error Type: ${settled.error.errorType}`);
    }
    log.write(parts.join("\t"));
  }
}
