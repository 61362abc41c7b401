// Invocation types on top of the runtime: synchronous, and Event (queued, run in the background).
import { randomUUID } from "node:crypto";
import { conflict } from "../errors.ts";
import type { FunctionRecord, FunctionStore } from "../control-plane/function-store.ts";
import type { LambdaLog } from "../lambda-log.ts";
import type { InvokeOptions, InvokeOutcome, LambdaRuntime } from "./runtime.ts";

export class Invoker {
  private readonly functions: FunctionStore;
  private readonly runtime: LambdaRuntime;
  private readonly log: LambdaLog;
  private readonly background = new Set<Promise<unknown>>();

  constructor(functions: FunctionStore, runtime: LambdaRuntime, log: LambdaLog) {
    this.functions = functions;
    this.runtime = runtime;
    this.log = log;
  }

  /** The function, if it can take an invocation now (AWS refuses while it is Pending). */
  invocable(ref: string, qualifier?: string): FunctionRecord {
    const fn = this.functions.get(ref, qualifier);
    if (fn.state !== "Active") {
      throw conflict(
        `The operation cannot be performed at this time. The function is currently in the following state: ${fn.state}`,
      );
    }
    return fn;
  }

  invoke(ref: string, options: InvokeOptions): Promise<InvokeOutcome> {
    return this.runtime.invoke(this.invocable(ref), options);
  }

  /** InvocationType Event: accepted now, run when an environment is free. */
  invokeEvent(ref: string, payload: string): string {
    const fn = this.invocable(ref);
    const requestId = randomUUID();
    const run = this.runtime
      .invoke(fn, { payload, requestId })
      .then((outcome) => {
        if (outcome.error) {
          this.log("info", "event invocation failed", {
            function: fn.name,
            request_id: requestId,
            error: outcome.error.errorType,
          });
        }
      })
      .catch((error: unknown) =>
        this.log("error", "event invocation lost", { function: fn.name, error: String(error) }),
      )
      .finally(() => this.background.delete(run));
    this.background.add(run);
    return requestId;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }
}
