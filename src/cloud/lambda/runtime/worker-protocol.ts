/** Messages between the runtime (main thread) and one execution environment (a worker). */

export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export type LogFormat = "Text" | "JSON";

/** workerData of an execution environment. */
export interface WorkerInit {
  taskRoot: string;
  handler: string;
  logFormat: LogFormat;
  functionName: string;
  functionVersion: string;
  functionArn: string;
  memorySize: number;
  logGroup: string;
  logStream: string;
  /** Where runtime-provided modules (the AWS SDK v3) resolve from when the zip lacks them. */
  providedModulesFrom: string;
  /** The cloud's clock minus the wall clock, in ms, when the environment starts. */
  clockOffset: number;
  /** Node's on-disk compile cache for the function's code, shared by its environments. */
  compileCache: string;
}

export interface InvokeMessage {
  type: "invoke";
  requestId: string;
  payload: string;
  /** When the invocation times out, on the cloud's clock. */
  deadline: number;
  /** The cloud's clock minus the wall clock: the same for the whole invocation. */
  clockOffset: number;
  clientContext?: string;
}

export type WorkerMessage =
  | { type: "ready" }
  | { type: "init-error"; error: ErrorBody }
  | { type: "log"; text: string; raw: boolean }
  | { type: "result"; requestId: string; payload?: string; error?: ErrorBody; heapUsed: number }
  /** An uncaught exception or unhandled rejection: reported, then the worker exits. */
  | { type: "crash"; error: ErrorBody };
