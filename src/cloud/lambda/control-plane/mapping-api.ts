// The event source mapping operations: create, read, list, update, delete.
import type {
  EventSourceMappingConfiguration,
  ListEventSourceMappingsResponse,
} from "@aws-sdk/client-lambda";
import type * as z from "zod";
import type { JsonWire } from "../../wire.ts";
import { invalidParameter } from "../errors.ts";
import type { MappingInput, MappingRecord } from "./event-source-store.ts";
import { page, parseBody, type LambdaApiDeps, type Reply, type Request } from "./rest.ts";
import { createMappingSchema, updateMappingSchema } from "./schemas.ts";
import { epochSeconds } from "./time-format.ts";

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

function mappingInput(
  body: z.infer<typeof updateMappingSchema> & { EventSourceArn?: string },
): MappingInput {
  return {
    functionName: body.FunctionName,
    eventSourceArn: body.EventSourceArn,
    enabled: body.Enabled,
    batchSize: body.BatchSize,
    windowSeconds: body.MaximumBatchingWindowInSeconds,
    functionResponseTypes: body.FunctionResponseTypes,
    maximumConcurrency: body.ScalingConfig?.MaximumConcurrency,
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

export async function createMapping(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  const body = parseBody(createMappingSchema, req);
  refuseUnsupported(body);
  const mapping = await deps.mappings.create(mappingInput(body));
  return { status: 202, body: mappingBody(deps, mapping) };
}

export async function listMappings(deps: LambdaApiDeps, req: Request): Promise<Reply> {
  // An empty parameter filters nothing, as an absent one.
  const filter = {
    functionName: req.query.get("FunctionName") || undefined,
    eventSourceArn: req.query.get("EventSourceArn") || undefined,
  };
  const { items, next } = page(deps.mappings.list(filter), (m) => m.uuid, req);
  return {
    status: 200,
    body: {
      EventSourceMappings: items.map((m) => mappingBody(deps, m)),
      NextMarker: next,
    } satisfies JsonWire<ListEventSourceMappingsResponse>,
  };
}

export async function getMapping(
  deps: LambdaApiDeps,
  _req: Request,
  [uuid = ""]: string[],
): Promise<Reply> {
  return { status: 200, body: mappingBody(deps, deps.mappings.get(uuid)) };
}

export async function updateMapping(
  deps: LambdaApiDeps,
  req: Request,
  [uuid = ""]: string[],
): Promise<Reply> {
  const body = parseBody(updateMappingSchema, req);
  refuseUnsupported(body);
  const mapping = await deps.mappings.update(uuid, mappingInput(body));
  return { status: 202, body: mappingBody(deps, mapping) };
}

export async function deleteMapping(
  deps: LambdaApiDeps,
  _req: Request,
  [uuid = ""]: string[],
): Promise<Reply> {
  return { status: 202, body: mappingBody(deps, deps.mappings.delete(uuid)) };
}
