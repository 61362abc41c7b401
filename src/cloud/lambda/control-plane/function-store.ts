// Functions: configuration, code versions and the Pending → Active / InProgress → Successful
// state machine that SDK waiters poll.
import { randomUUID } from "node:crypto";
import type {
  ApplicationLogLevel,
  Architecture,
  LastUpdateStatusReasonCode,
  PackageType,
  StateReasonCode,
  SystemLogLevel,
} from "@aws-sdk/client-lambda";
import type { Clock } from "../../clock.ts";
import type { CodeStore } from "./code-store.ts";
import { conflict, functionNotFound, invalidParameter, preconditionFailed } from "../errors.ts";
import type { RunnableFunction } from "../runtime/environment.ts";
import type { LogFormat } from "../runtime/worker-protocol.ts";
import { isNodeRuntime, NODE_RUNTIMES, type NodeRuntime } from "./schemas.ts";

export interface FunctionSettings {
  role?: string | undefined;
  runtime?: string | undefined;
  handler?: string | undefined;
  description?: string | undefined;
  timeout?: number | undefined;
  memorySize?: number | undefined;
  environment?: Record<string, string> | undefined;
  logFormat?: LogFormat | undefined;
  logGroup?: string | undefined;
  applicationLogLevel?: ApplicationLogLevel | undefined;
  systemLogLevel?: SystemLogLevel | undefined;
  ephemeralStorage?: number | undefined;
}

export interface CreateFunctionInput extends FunctionSettings {
  name: string;
  role: string;
  architectures?: Architecture[] | undefined;
  packageType?: PackageType | undefined;
  tags?: Record<string, string> | undefined;
}

export interface FunctionRecord extends RunnableFunction {
  runtime: NodeRuntime;
  role: string;
  description: string;
  codeSize: number;
  codeSha256: string;
  codeDirs: string[];
  zip: Uint8Array;
  revisionId: string;
  lastModified: Date;
  state: "Pending" | "Active" | "Failed";
  stateReason?: string;
  stateReasonCode?: StateReasonCode;
  lastUpdateStatus: "InProgress" | "Successful" | "Failed";
  lastUpdateStatusReason?: string;
  /** AWS answers "Creating" while an update is under way, a code the SDK's list lacks. */
  lastUpdateStatusReasonCode?: LastUpdateStatusReasonCode | "Creating";
  architectures: Architecture[];
  ephemeralStorage: number;
  applicationLogLevel?: ApplicationLogLevel;
  systemLogLevel?: SystemLogLevel;
  tags: Record<string, string>;
}

const RESERVED_VARIABLES = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_DEFAULT_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_LAMBDA_RUNTIME_API",
  "AWS_REGION",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SECRET_KEY",
  "AWS_SESSION_TOKEN",
  "LAMBDA_RUNTIME_DIR",
  "LAMBDA_TASK_ROOT",
]);
const MAX_ENVIRONMENT_BYTES = 4096;

export interface FunctionStoreOptions {
  region: string;
  accountId: string;
  code: CodeStore;
  /** The cloud's clock: LastModified, and the wait before a state settles. */
  clock: Clock;
}

/**
 * How long Pending and InProgress last before Active and Successful, on the cloud's clock:
 * long enough that a client which does not wait (AWS would refuse it) sees the conflict, short
 * next to the SDK waiters' 1 s poll. A skipping clock jumps through it once the cloud is idle.
 */
const SETTLE_MS = 150;

export class FunctionStore {
  private readonly functions = new Map<string, FunctionRecord>();
  private readonly options: FunctionStoreOptions;
  private readonly pending = new Set<() => void>();

  constructor(options: FunctionStoreOptions) {
    this.options = options;
  }

  arnOf(name: string): string {
    return `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${name}`;
  }

  /** A name, a full or partial ARN, each with an optional `$LATEST` qualifier. */
  nameOf(ref: string, qualifier?: string): string {
    const match =
      /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?(?:function:)?([A-Za-z0-9_-]+)(?::(.+))?$/.exec(
        ref,
      );
    if (!match?.[1]) throw invalidParameter(`Invalid function name or ARN: ${ref}`);
    const given = qualifier ?? match[2];
    if (given !== undefined && given !== "$LATEST") {
      throw functionNotFound(`${this.arnOf(match[1])}:${given}`);
    }
    return match[1];
  }

  find(ref: string, qualifier?: string): FunctionRecord | undefined {
    return this.functions.get(this.nameOf(ref, qualifier));
  }

  get(ref: string, qualifier?: string): FunctionRecord {
    const name = this.nameOf(ref, qualifier);
    const found = this.functions.get(name);
    if (!found) throw functionNotFound(this.arnOf(name));
    return found;
  }

  list(): FunctionRecord[] {
    return [...this.functions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  create(input: CreateFunctionInput, zip: Uint8Array): FunctionRecord {
    if (this.functions.has(input.name)) throw conflict(`Function already exist: ${input.name}`);
    if (input.packageType === "Image") {
      throw invalidParameter(
        "The embedded cloud runs Zip packages only (PackageType Image is not supported).",
      );
    }
    if (!input.runtime || !input.handler) {
      throw invalidParameter(
        "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
      );
    }
    validateSettings(input);
    const runtime = nodeRuntime(input.runtime);
    const code = this.options.code.unpack(input.name, zip);
    const record: FunctionRecord = {
      name: input.name,
      arn: this.arnOf(input.name),
      runtime,
      handler: input.handler,
      role: input.role,
      description: input.description ?? "",
      timeout: input.timeout ?? 3,
      memorySize: input.memorySize ?? 128,
      environment: input.environment ?? {},
      codeDir: code.dir,
      codeDirs: [code.dir],
      codeSize: code.size,
      codeSha256: code.sha256,
      zip,
      logFormat: input.logFormat ?? "Text",
      logGroup: input.logGroup ?? `/aws/lambda/${input.name}`,
      ...(input.applicationLogLevel ? { applicationLogLevel: input.applicationLogLevel } : {}),
      ...(input.systemLogLevel ? { systemLogLevel: input.systemLogLevel } : {}),
      generation: 1,
      revisionId: randomUUID(),
      lastModified: new Date(this.options.clock.now()),
      state: "Pending",
      stateReason: "The function is being created.",
      stateReasonCode: "Creating",
      lastUpdateStatus: "InProgress",
      architectures: input.architectures ?? ["x86_64"],
      ephemeralStorage: input.ephemeralStorage ?? 512,
      tags: input.tags ?? {},
    };
    this.functions.set(record.name, record);
    this.settle(record, () => {
      record.state = "Active";
      delete record.stateReason;
      delete record.stateReasonCode;
      record.lastUpdateStatus = "Successful";
    });
    return record;
  }

  updateCode(ref: string, zip: Uint8Array, revisionId?: string): FunctionRecord {
    const record = this.updatable(ref, revisionId);
    const code = this.options.code.unpack(record.name, zip);
    record.codeDir = code.dir;
    record.codeDirs.push(code.dir);
    record.codeSha256 = code.sha256;
    record.codeSize = code.size;
    record.zip = zip;
    this.beginUpdate(record);
    return record;
  }

  updateConfiguration(
    ref: string,
    settings: FunctionSettings,
    revisionId?: string,
  ): FunctionRecord {
    const record = this.updatable(ref, revisionId);
    validateSettings(settings);
    const { runtime, ...rest } = settings;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    Object.assign(record, defined, runtime === undefined ? {} : { runtime: nodeRuntime(runtime) });
    this.beginUpdate(record);
    return record;
  }

  delete(ref: string): FunctionRecord {
    const record = this.get(ref);
    this.functions.delete(record.name);
    return record;
  }

  stop(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }

  private updatable(ref: string, revisionId: string | undefined): FunctionRecord {
    const record = this.get(ref);
    if (revisionId !== undefined && revisionId !== record.revisionId) {
      throw preconditionFailed(
        "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
      );
    }
    if (record.state === "Pending" || record.lastUpdateStatus === "InProgress") {
      throw conflict(
        `The operation cannot be performed at this time. An update is in progress for resource: ${record.arn}`,
      );
    }
    return record;
  }

  private beginUpdate(record: FunctionRecord): void {
    record.generation += 1;
    record.revisionId = randomUUID();
    record.lastModified = new Date(this.options.clock.now());
    record.lastUpdateStatus = "InProgress";
    record.lastUpdateStatusReason = "The function is being created.";
    record.lastUpdateStatusReasonCode = "Creating";
    this.settle(record, () => {
      record.lastUpdateStatus = "Successful";
      delete record.lastUpdateStatusReason;
      delete record.lastUpdateStatusReasonCode;
    });
  }

  private settle(record: FunctionRecord, apply: () => void): void {
    const cancel = this.options.clock.schedule(SETTLE_MS, () => {
      this.pending.delete(cancel);
      apply();
    });
    this.pending.add(cancel);
  }
}

function nodeRuntime(runtime: string): NodeRuntime {
  if (isNodeRuntime(runtime)) return runtime;
  throw invalidParameter(
    `The runtime parameter of ${runtime} is not supported by the embedded cloud: it runs ${NODE_RUNTIMES.join(", ")}.`,
  );
}

function validateSettings(settings: FunctionSettings): void {
  if (settings.runtime !== undefined) nodeRuntime(settings.runtime);
  const variables = settings.environment;
  if (!variables) return;
  const reserved = Object.keys(variables).filter((key) => RESERVED_VARIABLES.has(key));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(", ")}`,
    );
  }
  const size = Buffer.byteLength(JSON.stringify(variables));
  if (size > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${size}`,
    );
  }
}
