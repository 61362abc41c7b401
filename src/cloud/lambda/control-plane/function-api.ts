// The function operations: create, read, list, update code and configuration, delete.
import type {
  FunctionConfiguration,
  GetFunctionResponse,
  LastUpdateStatusReasonCode,
  ListFunctionsResponse,
} from "@aws-sdk/client-lambda";
import type { FunctionRecord, FunctionSettings } from "./function-store.ts";
import { page, parseBody, type LambdaApiDeps, type Reply, type Request } from "./rest.ts";
import {
  createFunctionSchema,
  updateCodeSchema,
  updateConfigurationSchema,
  type UpdateConfigurationBody,
} from "./schemas.ts";
import { lambdaTimestamp } from "./time-format.ts";

function settingsOf(body: UpdateConfigurationBody): FunctionSettings {
  const logging = body.LoggingConfig;
  return {
    role: body.Role,
    runtime: body.Runtime,
    handler: body.Handler,
    description: body.Description,
    timeout: body.Timeout,
    memorySize: body.MemorySize,
    environment: body.Environment && (body.Environment.Variables ?? {}),
    ephemeralStorage: body.EphemeralStorage?.Size,
    logFormat: logging?.LogFormat,
    logGroup: logging?.LogGroup,
    applicationLogLevel: logging?.ApplicationLogLevel,
    systemLogLevel: logging?.SystemLogLevel,
  };
}

/** The SDK's shape, with the update reason code AWS sends and the SDK's list lacks. */
type FunctionConfigurationWire = Omit<FunctionConfiguration, "LastUpdateStatusReasonCode"> & {
  LastUpdateStatusReasonCode?: LastUpdateStatusReasonCode | "Creating" | undefined;
};

function configuration(fn: FunctionRecord) {
  const variables =
    Object.keys(fn.environment).length > 0 ? { Environment: { Variables: fn.environment } } : {};
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.codeSize,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: lambdaTimestamp(fn.lastModified),
    CodeSha256: fn.codeSha256,
    Version: "$LATEST",
    ...variables,
    TracingConfig: { Mode: "PassThrough" },
    RevisionId: fn.revisionId,
    State: fn.state,
    StateReason: fn.stateReason,
    StateReasonCode: fn.stateReasonCode,
    LastUpdateStatus: fn.lastUpdateStatus,
    LastUpdateStatusReason: fn.lastUpdateStatusReason,
    LastUpdateStatusReasonCode: fn.lastUpdateStatusReasonCode,
    PackageType: "Zip",
    Architectures: fn.architectures,
    EphemeralStorage: { Size: fn.ephemeralStorage },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: {
      LogFormat: fn.logFormat,
      LogGroup: fn.logGroup,
      ApplicationLogLevel: fn.applicationLogLevel,
      SystemLogLevel: fn.systemLogLevel,
    },
  } satisfies FunctionConfigurationWire;
}

export async function createFunction(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  const body = parseBody(createFunctionSchema, req);
  const zip = await deps.loadZip(body.Code);
  const fn = deps.functions.create(
    {
      ...settingsOf(body),
      name: body.FunctionName,
      role: body.Role,
      architectures: body.Architectures,
      packageType: body.PackageType,
      tags: body.Tags,
    },
    zip,
  );
  return { status: 201, body: configuration(fn) };
}

export async function listFunctions(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  const { items, next } = page(deps.functions.list(), (fn) => fn.name, req);
  return {
    status: 200,
    body: {
      Functions: items.map(configuration),
      NextMarker: next,
    } satisfies Omit<ListFunctionsResponse, "Functions"> & {
      Functions: FunctionConfigurationWire[];
    },
  };
}

export async function getFunction(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  const fn = deps.functions.get(name, req.query.get("Qualifier") ?? undefined);
  const location = `${deps.endpoint()}/2015-03-31/functions/${fn.name}/code`;
  const tags = Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {};
  return {
    status: 200,
    body: {
      Configuration: configuration(fn),
      Code: { RepositoryType: "S3", Location: location },
      ...tags,
    } satisfies Omit<GetFunctionResponse, "Configuration"> & {
      Configuration: FunctionConfigurationWire;
    },
  };
}

export async function getConfiguration(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  return {
    status: 200,
    body: configuration(deps.functions.get(name, req.query.get("Qualifier") ?? undefined)),
  };
}

export async function downloadCode(
  deps: LambdaApiDeps,
  _req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  const fn = deps.functions.get(name);
  return { status: 200, raw: Buffer.from(fn.zip), headers: { "content-type": "application/zip" } };
}

export async function deleteFunction(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  deps.functions.nameOf(name, req.query.get("Qualifier") ?? undefined);
  await deps.deleteFunction(name);
  return { status: 204 };
}

export async function updateConfiguration(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  const body = parseBody(updateConfigurationSchema, req);
  const fn = deps.functions.updateConfiguration(name, settingsOf(body), body.RevisionId);
  return { status: 200, body: configuration(fn) };
}

export async function updateCode(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  const body = parseBody(updateCodeSchema, req);
  const zip = await deps.loadZip(body);
  if (body.DryRun) return { status: 200, body: configuration(deps.functions.get(name)) };
  const fn = deps.functions.updateCode(name, zip, body.RevisionId);
  return { status: 200, body: configuration(fn) };
}
