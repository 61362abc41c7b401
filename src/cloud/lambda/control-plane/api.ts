// The Lambda REST-JSON wire: parses requests, calls the models, writes AWS-shaped answers.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  EventSourceMappingConfiguration,
  FunctionConfiguration,
  GetFunctionResponse,
  LastUpdateStatusReasonCode,
  ListEventSourceMappingsResponse,
  ListFunctionsResponse,
} from "@aws-sdk/client-lambda";
import type { z } from "zod";
import { readBody, type JsonWire } from "../../wire.ts";
import { LambdaError, invalidParameter } from "../errors.ts";
import type { EventSourceStore, MappingInput, MappingRecord } from "./event-source-store.ts";
import type { FunctionRecord, FunctionSettings, FunctionStore } from "./function-store.ts";
import type { Invoker } from "../runtime/invoker.ts";
import {
  createFunctionSchema,
  createMappingSchema,
  updateCodeSchema,
  updateConfigurationSchema,
  updateMappingSchema,
  validationMessage,
  type CodeBody,
  type UpdateConfigurationBody,
} from "./schemas.ts";
import { epochSeconds, lambdaTimestamp } from "./time-format.ts";

export interface LambdaApiDeps {
  region: string;
  accountId: string;
  functions: FunctionStore;
  mappings: EventSourceStore;
  invoker: Invoker;
  loadZip(code: CodeBody): Promise<Uint8Array>;
  deleteFunction(ref: string): Promise<FunctionRecord>;
  endpoint(): string;
}

interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

interface Reply {
  status: number;
  body?: unknown;
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

type Route = [
  method: string,
  pattern: RegExp,
  handle: (deps: LambdaApiDeps, req: Request, params: string[]) => Promise<Reply>,
];

const MAX_BODY_BYTES = 80 * 1024 * 1024;
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
const MAX_EVENT_PAYLOAD = 1024 * 1024;

const routes: Route[] = [
  ["POST", /^\/2015-03-31\/functions\/?$/, createFunction],
  ["GET", /^\/2015-03-31\/functions\/?$/, listFunctions],
  ["GET", /^\/2015-03-31\/functions\/([^/]+)\/?$/, getFunction],
  ["DELETE", /^\/2015-03-31\/functions\/([^/]+)\/?$/, deleteFunction],
  ["GET", /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, getConfiguration],
  ["PUT", /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, updateConfiguration],
  ["PUT", /^\/2015-03-31\/functions\/([^/]+)\/code\/?$/, updateCode],
  ["GET", /^\/2015-03-31\/functions\/([^/]+)\/code\/?$/, downloadCode],
  ["POST", /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/, invoke],
  ["POST", /^\/2015-03-31\/event-source-mappings\/?$/, createMapping],
  ["GET", /^\/2015-03-31\/event-source-mappings\/?$/, listMappings],
  ["GET", /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/, getMapping],
  ["PUT", /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/, updateMapping],
  ["DELETE", /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/, deleteMapping],
];

export async function handleLambdaRequest(
  deps: LambdaApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  let reply: Reply;
  try {
    reply = await route(deps, await readRequest(req));
  } catch (error) {
    reply = errorReply(error);
  }
  const headers: Record<string, string> = { "x-amzn-requestid": requestId, ...reply.headers };
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, headers);
    res.end(reply.raw);
  } else if (reply.body !== undefined) {
    res.writeHead(reply.status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(reply.body));
  } else {
    res.writeHead(reply.status, headers);
    res.end();
  }
}

async function route(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  for (const [method, pattern, handle] of routes) {
    const match = pattern.exec(req.path);
    if (match && method === req.method)
      return handle(deps, req, match.slice(1).map(decodeURIComponent));
  }
  throw new LambdaError(
    "UnsupportedOperationException",
    501,
    `orderflow's embedded Lambda does not implement ${req.method} ${req.path}`,
  );
}

async function readRequest(req: IncomingMessage): Promise<Request> {
  const body = await readBody(req, {
    limit: MAX_BODY_BYTES,
    tooLarge: () =>
      new LambdaError(
        "RequestTooLargeException",
        413,
        "Request must be smaller than 70167211 bytes for the CreateFunction operation",
      ),
  });
  const url = new URL(req.url ?? "/", "http://localhost");
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
}

function errorReply(error: unknown): Reply {
  if (error instanceof LambdaError) {
    return {
      status: error.status,
      headers: { "x-amzn-errortype": error.type },
      body: { Type: "User", Message: error.message },
    };
  }
  return {
    status: 500,
    headers: { "x-amzn-errortype": "ServiceException" },
    body: { Type: "Service", Message: `internal error: ${String(error)}` },
  };
}

function parseBody<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  let json: unknown;
  try {
    json = req.body.length === 0 ? {} : JSON.parse(req.body.toString("utf8"));
  } catch {
    throw invalidParameter("The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new LambdaError("ValidationException", 400, validationMessage(parsed.error));
  return parsed.data;
}

function settingsOf(body: UpdateConfigurationBody): FunctionSettings {
  const logging = body.LoggingConfig;
  return {
    ...(body.Role !== undefined ? { role: body.Role } : {}),
    ...(body.Runtime !== undefined ? { runtime: body.Runtime } : {}),
    ...(body.Handler !== undefined ? { handler: body.Handler } : {}),
    ...(body.Description !== undefined ? { description: body.Description } : {}),
    ...(body.Timeout !== undefined ? { timeout: body.Timeout } : {}),
    ...(body.MemorySize !== undefined ? { memorySize: body.MemorySize } : {}),
    ...(body.Environment !== undefined ? { environment: body.Environment.Variables ?? {} } : {}),
    ...(body.EphemeralStorage !== undefined
      ? { ephemeralStorage: body.EphemeralStorage.Size }
      : {}),
    ...(logging?.LogFormat !== undefined ? { logFormat: logging.LogFormat } : {}),
    ...(logging?.LogGroup !== undefined ? { logGroup: logging.LogGroup } : {}),
    ...(logging?.ApplicationLogLevel !== undefined
      ? { applicationLogLevel: logging.ApplicationLogLevel }
      : {}),
    ...(logging?.SystemLogLevel !== undefined ? { systemLogLevel: logging.SystemLogLevel } : {}),
  };
}

/** The SDK's shape, with the update reason code AWS sends and the SDK's list lacks. */
type FunctionConfigurationWire = Omit<FunctionConfiguration, "LastUpdateStatusReasonCode"> & {
  LastUpdateStatusReasonCode?: LastUpdateStatusReasonCode | "Creating";
};

export function configuration(fn: FunctionRecord) {
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
    ...(fn.stateReason ? { StateReason: fn.stateReason, StateReasonCode: fn.stateReasonCode } : {}),
    LastUpdateStatus: fn.lastUpdateStatus,
    ...(fn.lastUpdateStatusReason
      ? {
          LastUpdateStatusReason: fn.lastUpdateStatusReason,
          LastUpdateStatusReasonCode: fn.lastUpdateStatusReasonCode,
        }
      : {}),
    PackageType: "Zip",
    Architectures: fn.architectures,
    EphemeralStorage: { Size: fn.ephemeralStorage },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: {
      LogFormat: fn.logFormat,
      LogGroup: fn.logGroup,
      ...(fn.applicationLogLevel ? { ApplicationLogLevel: fn.applicationLogLevel } : {}),
      ...(fn.systemLogLevel ? { SystemLogLevel: fn.systemLogLevel } : {}),
    },
  } satisfies FunctionConfigurationWire;
}

function mappingBody(deps: LambdaApiDeps, m: MappingRecord) {
  return {
    UUID: m.uuid,
    EventSourceMappingArn: `arn:aws:lambda:${deps.region}:${deps.accountId}:event-source-mapping:${m.uuid}`,
    BatchSize: m.batchSize,
    MaximumBatchingWindowInSeconds: m.windowSeconds,
    EventSourceArn: m.eventSourceArn,
    FunctionArn: deps.functions.arnOf(m.functionName),
    LastModified: epochSeconds(m.lastModified),
    State: m.state,
    StateTransitionReason: "USER_INITIATED",
    FunctionResponseTypes: m.functionResponseTypes,
    ...(m.maximumConcurrency !== undefined
      ? { ScalingConfig: { MaximumConcurrency: m.maximumConcurrency } }
      : {}),
  } satisfies JsonWire<EventSourceMappingConfiguration>;
}

async function createFunction(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  const body = parseBody(createFunctionSchema, req);
  const zip = await deps.loadZip(body.Code);
  const fn = deps.functions.create(
    {
      ...settingsOf(body),
      name: body.FunctionName,
      role: body.Role,
      ...(body.Architectures ? { architectures: body.Architectures } : {}),
      ...(body.PackageType ? { packageType: body.PackageType } : {}),
      ...(body.Tags ? { tags: body.Tags } : {}),
    },
    zip,
  );
  return { status: 201, body: configuration(fn) };
}

function page<T>(
  items: T[],
  key: (item: T) => string,
  req: Request,
): { items: T[]; next?: string } {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const marker = req.query.get("Marker");
  const max = Math.min(10000, Math.max(1, Number(req.query.get("MaxItems") ?? 50) || 50));
  const after = marker ? Buffer.from(marker, "base64url").toString() : undefined;
  const start = after === undefined ? 0 : sorted.findIndex((item) => key(item) > after);
  const from = start < 0 ? sorted.length : start;
  const chunk = sorted.slice(from, from + max);
  const last = chunk.at(-1);
  const more = from + max < sorted.length && last !== undefined;
  return { items: chunk, ...(more ? { next: Buffer.from(key(last)).toString("base64url") } : {}) };
}

async function listFunctions(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  const { items, next } = page(deps.functions.list(), (fn) => fn.name, req);
  return {
    status: 200,
    body: {
      Functions: items.map(configuration),
      ...(next ? { NextMarker: next } : {}),
    } satisfies Omit<ListFunctionsResponse, "Functions"> & {
      Functions: FunctionConfigurationWire[];
    },
  };
}

async function getFunction(
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

async function getConfiguration(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  return {
    status: 200,
    body: configuration(deps.functions.get(name, req.query.get("Qualifier") ?? undefined)),
  };
}

async function downloadCode(
  deps: LambdaApiDeps,
  _req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  const fn = deps.functions.get(name);
  return { status: 200, raw: Buffer.from(fn.zip), headers: { "content-type": "application/zip" } };
}

async function deleteFunction(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  deps.functions.nameOf(name, req.query.get("Qualifier") ?? undefined);
  await deps.deleteFunction(name);
  return { status: 204 };
}

async function updateConfiguration(
  deps: LambdaApiDeps,
  req: Request,
  [name = ""]: string[],
): Promise<Reply> {
  const body = parseBody(updateConfigurationSchema, req);
  const fn = deps.functions.updateConfiguration(name, settingsOf(body), body.RevisionId);
  return { status: 200, body: configuration(fn) };
}

async function updateCode(
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

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function invocationPayload(req: Request, limit: number): string {
  if (req.body.length > limit) {
    throw new LambdaError(
      "RequestTooLargeException",
      413,
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
    );
  }
  const text = req.body.length === 0 ? "{}" : req.body.toString("utf8");
  try {
    JSON.parse(text);
  } catch (error) {
    throw new LambdaError(
      "InvalidRequestContentException",
      400,
      `Could not parse request body into json: ${String(error)}`,
    );
  }
  return text;
}

async function invoke(deps: LambdaApiDeps, req: Request, [name = ""]: string[]): Promise<Reply> {
  const type = header(req, "x-amz-invocation-type") ?? "RequestResponse";
  const qualifier = req.query.get("Qualifier") ?? undefined;
  if (type === "DryRun") {
    deps.invoker.invocable(name, qualifier);
    return { status: 204 };
  }
  if (type === "Event") {
    const requestId = deps.invoker.invokeEvent(name, invocationPayload(req, MAX_EVENT_PAYLOAD));
    return { status: 202, headers: { "x-amzn-requestid": requestId } };
  }
  if (type !== "RequestResponse") throw invalidParameter(`Unsupported invocation type: ${type}`);
  const payload = invocationPayload(req, MAX_SYNC_PAYLOAD);
  deps.invoker.invocable(name, qualifier);
  const clientContext = header(req, "x-amz-client-context");
  const outcome = await deps.invoker.invoke(name, {
    payload,
    ...(clientContext
      ? { clientContext: Buffer.from(clientContext, "base64").toString("utf8") }
      : {}),
  });
  const headers: Record<string, string> = {
    "x-amzn-requestid": outcome.requestId,
    "x-amz-executed-version": "$LATEST",
    "content-type": "application/json",
  };
  if (outcome.error) headers["x-amz-function-error"] = "Unhandled";
  if (header(req, "x-amz-log-type") === "Tail") headers["x-amz-log-result"] = outcome.logResult;
  return { status: 200, raw: outcome.payload, headers };
}

function mappingInput(
  body: z.infer<typeof updateMappingSchema> & { EventSourceArn?: string },
): MappingInput {
  return {
    ...(body.FunctionName !== undefined ? { functionName: body.FunctionName } : {}),
    ...(body.EventSourceArn !== undefined ? { eventSourceArn: body.EventSourceArn } : {}),
    ...(body.Enabled !== undefined ? { enabled: body.Enabled } : {}),
    ...(body.BatchSize !== undefined ? { batchSize: body.BatchSize } : {}),
    ...(body.MaximumBatchingWindowInSeconds !== undefined
      ? { windowSeconds: body.MaximumBatchingWindowInSeconds }
      : {}),
    ...(body.FunctionResponseTypes !== undefined
      ? { functionResponseTypes: body.FunctionResponseTypes }
      : {}),
    ...(body.ScalingConfig?.MaximumConcurrency !== undefined
      ? { maximumConcurrency: body.ScalingConfig.MaximumConcurrency }
      : {}),
  };
}

/** Accepted by AWS but not emulated: refusing beats silently delivering what it would filter out. */
function refuseUnsupported(body: Record<string, unknown>): void {
  for (const field of [
    "FilterCriteria",
    "DestinationConfig",
    "MetricsConfig",
    "ProvisionedPollerConfig",
  ]) {
    if (body[field] !== undefined) {
      throw invalidParameter(`${field} is not supported by orderflow's embedded Lambda.`);
    }
  }
}

async function createMapping(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  const body = parseBody(createMappingSchema, req);
  refuseUnsupported(body);
  const mapping = await deps.mappings.create(mappingInput(body));
  return { status: 202, body: mappingBody(deps, mapping) };
}

async function listMappings(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  const filter = {
    ...(req.query.get("FunctionName") ? { functionName: req.query.get("FunctionName") ?? "" } : {}),
    ...(req.query.get("EventSourceArn")
      ? { eventSourceArn: req.query.get("EventSourceArn") ?? "" }
      : {}),
  };
  const { items, next } = page(deps.mappings.list(filter), (m) => m.uuid, req);
  return {
    status: 200,
    body: {
      EventSourceMappings: items.map((m) => mappingBody(deps, m)),
      ...(next ? { NextMarker: next } : {}),
    } satisfies JsonWire<ListEventSourceMappingsResponse>,
  };
}

async function getMapping(
  deps: LambdaApiDeps,
  _req: Request,
  [uuid = ""]: string[],
): Promise<Reply> {
  return { status: 200, body: mappingBody(deps, deps.mappings.get(uuid)) };
}

async function updateMapping(
  deps: LambdaApiDeps,
  req: Request,
  [uuid = ""]: string[],
): Promise<Reply> {
  const body = parseBody(updateMappingSchema, req);
  refuseUnsupported(body);
  const mapping = await deps.mappings.update(uuid, mappingInput(body));
  return { status: 202, body: mappingBody(deps, mapping) };
}

async function deleteMapping(
  deps: LambdaApiDeps,
  _req: Request,
  [uuid = ""]: string[],
): Promise<Reply> {
  return { status: 202, body: mappingBody(deps, deps.mappings.delete(uuid)) };
}
