// One Lambda execution environment: a worker thread that loads the handler once (the init
// phase), then runs one invocation at a time for the runtime in the main thread.
import { enableCompileCache, registerHooks } from "node:module";
import { format } from "node:util";
import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { loadHandler, RuntimeError, toErrorBody, type Handler } from "./handler-loader.ts";
import type { InvokeMessage, WorkerInit, WorkerMessage } from "./worker-protocol.ts";

const init = workerData as WorkerInit;
const port = parentPort;
let requestId: string | undefined;
/** The cloud's clock minus the wall clock; it never changes while an invocation runs. */
let clockOffset = init.clockOffset;

/**
 * Handler code keeps time on the cloud's clock, which may be ahead of the wall clock when it
 * skips idle time: `Date.now()`, `new Date()` and `Date()` read it. Timers stay real, as the
 * cloud's clock runs at real speed while an invocation runs.
 */
function useCloudClock(): void {
  const WallDate = Date;
  const now = () => WallDate.now() + clockOffset;
  class CloudDate extends WallDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(now());
      else super(...(args as ConstructorParameters<DateConstructor>));
    }
    static override now(): number {
      return now();
    }
    // Dates made by Node itself (file times, ...) are still dates.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof WallDate;
    }
  }
  globalThis.Date = new Proxy(CloudDate, {
    apply: () => new WallDate(now()).toString(),
  }) as DateConstructor;
}

function send(message: WorkerMessage): void {
  port?.postMessage(message);
}

const LEVELS = {
  log: "INFO",
  info: "INFO",
  warn: "WARN",
  error: "ERROR",
  debug: "DEBUG",
  trace: "TRACE",
};

function logLine(level: string, message: string): string {
  const timestamp = new Date().toISOString();
  if (init.logFormat === "JSON") {
    return JSON.stringify({ timestamp, level, requestId, message });
  }
  return `${timestamp}\t${requestId ?? "undefined"}\t${level}\t${message}`;
}

// The real runtime patches console the same way: one log event per call, tagged with the
// request id. Raw stdout/stderr writes (loggers with their own Console) are captured too.
function captureOutput(): void {
  for (const [method, level] of Object.entries(LEVELS)) {
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      send({ type: "log", text: logLine(level, format(...args)), raw: false });
  }
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      send({ type: "log", text: String(chunk), raw: true });
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
}

// Node runtimes ship the AWS SDK v3: a handler that does not bundle it still finds it.
function provideAwsSdk(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (!specifier.startsWith("@aws-sdk/") && !specifier.startsWith("@smithy/")) throw error;
        return nextResolve(specifier, { ...context, parentURL: init.providedModulesFrom });
      }
    },
  });
}

function crash(error: unknown, exitCode: number): void {
  const body = toErrorBody(error);
  console.error("Uncaught Exception", JSON.stringify(body));
  send({ type: "crash", error: body });
  process.exit(exitCode);
}

function context(message: InvokeMessage, finish: (error: unknown, value?: unknown) => void) {
  return {
    functionName: init.functionName,
    functionVersion: init.functionVersion,
    invokedFunctionArn: init.functionArn,
    memoryLimitInMB: String(init.memorySize),
    awsRequestId: message.requestId,
    logGroupName: init.logGroup,
    logStreamName: init.logStream,
    callbackWaitsForEmptyEventLoop: true,
    clientContext: message.clientContext
      ? (JSON.parse(message.clientContext) as unknown)
      : undefined,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    done: finish,
    succeed: (value: unknown) => finish(null, value),
    fail: (error: unknown) => finish(error ?? new Error("handled")),
  };
}

function run(
  handler: Handler,
  message: InvokeMessage,
): Promise<{ error?: unknown; value?: unknown }> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (error: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      resolve(error === null || error === undefined ? { value } : { error });
    };
    try {
      const returned = handler(JSON.parse(message.payload), context(message, finish), finish);
      if (returned && typeof (returned as Promise<unknown>).then === "function") {
        (returned as Promise<unknown>).then(
          (value) => finish(null, value),
          (error: unknown) => finish(error ?? new Error("Promise rejected without a reason")),
        );
      } else if (handler.length < 3) {
        finish(null, null);
      }
    } catch (error) {
      finish(error);
    }
  });
}

async function invoke(handler: Handler, message: InvokeMessage): Promise<void> {
  requestId = message.requestId;
  clockOffset = message.clockOffset;
  const outcome = await run(handler, message);
  const heapUsed = getHeapStatistics().used_heap_size;
  if ("error" in outcome) {
    const error = toErrorBody(outcome.error);
    console.error("Invoke Error", JSON.stringify(error));
    send({ type: "result", requestId: message.requestId, error, heapUsed });
  } else {
    let payload: string;
    try {
      payload = JSON.stringify(outcome.value === undefined ? null : outcome.value);
    } catch (error) {
      const body = toErrorBody(new RuntimeError("Runtime.SerializationError", String(error)));
      send({ type: "result", requestId: message.requestId, error: body, heapUsed });
      return;
    }
    send({ type: "result", requestId: message.requestId, payload, heapUsed });
  }
  requestId = undefined;
}

async function main(): Promise<void> {
  useCloudClock();
  captureOutput();
  provideAwsSdk();
  process.on("uncaughtException", (error) => crash(error, 129));
  process.on("unhandledRejection", (reason) =>
    crash(new RuntimeError("Runtime.UnhandledPromiseRejection", String(reason)), 128),
  );
  // Every cold start of a function parses the same code: V8's compiled code, kept on disk
  // beside the function's unpacked code, makes the next one cheaper (about 100 ms of CPU less
  // for a handler that bundles the SDK). Only the cost changes; nothing the handler sees.
  enableCompileCache(init.compileCache);
  let handler: Handler;
  try {
    handler = await loadHandler(init.taskRoot, init.handler);
  } catch (error) {
    const body = toErrorBody(error);
    console.error("Uncaught Exception", JSON.stringify(body));
    send({ type: "init-error", error: body });
    return;
  }
  port?.on("message", (message: InvokeMessage) => void invoke(handler, message));
  send({ type: "ready" });
}

await main();
