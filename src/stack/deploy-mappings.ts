import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
} from "@aws-sdk/client-lambda";
import { errorMessage, isError } from "./aws-errors.ts";
import { WAIT_MS, type StepContext } from "./deploy-context.ts";
import { pollUntil, retryWhile } from "./poll.ts";

export interface MappingSpec {
  functionName: string;
  queueName: string;
  queueArn: string;
  freshRole: boolean;
}

const RESPONSE_TYPES = ["ReportBatchItemFailures"] as const;

export async function findMapping(
  ctx: StepContext,
  functionName: string,
  queueArn: string,
): Promise<EventSourceMappingConfiguration | undefined> {
  const answer = await ctx.clients.lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: functionName, EventSourceArn: queueArn }),
  );
  return answer.EventSourceMappings?.[0];
}

function mappingChanges(ctx: StepContext, m: EventSourceMappingConfiguration): string[] {
  const changes: string[] = [];
  if (m.BatchSize !== ctx.settings.batchSize) changes.push("BatchSize");
  if ((m.MaximumBatchingWindowInSeconds ?? 0) !== ctx.settings.maximumBatchingWindowSeconds) {
    changes.push("MaximumBatchingWindowInSeconds");
  }
  if ((m.FunctionResponseTypes ?? []).join() !== RESPONSE_TYPES.join())
    changes.push("FunctionResponseTypes");
  if (m.State === "Disabled" || m.State === "Disabling") changes.push("Enabled");
  return changes;
}

function waitUntilEnabled(ctx: StepContext, uuid: string, label: string): Promise<void> {
  return pollUntil(
    async () => {
      const m = await ctx.clients.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      return m.State === "Enabled" ? true : undefined;
    },
    {
      what: `event source mapping ${label} to be Enabled`,
      timeoutMs: WAIT_MS,
      intervalMs: ctx.pollMs,
    },
  ).then(() => undefined);
}

function wanted(ctx: StepContext) {
  return {
    BatchSize: ctx.settings.batchSize,
    MaximumBatchingWindowInSeconds: ctx.settings.maximumBatchingWindowSeconds,
    FunctionResponseTypes: [...RESPONSE_TYPES],
    Enabled: true,
  };
}

/**
 * Every mapping reports batch item failures: a function answering with failed message IDs
 * to a mapping without it would have the whole batch counted as a success.
 */
export async function ensureMapping(ctx: StepContext, spec: MappingSpec): Promise<void> {
  const label = `${spec.queueName} -> ${spec.functionName}`;
  const existing = await findMapping(ctx, spec.functionName, spec.queueArn);
  let uuid = existing?.UUID;
  if (!existing || !uuid) {
    // On AWS the role's new SQS permissions take seconds to be seen by the mapping check.
    const retry = ctx.onAws && spec.freshRole;
    const created = await retryWhile(
      () =>
        ctx.clients.lambda.send(
          new CreateEventSourceMappingCommand({
            FunctionName: spec.functionName,
            EventSourceArn: spec.queueArn,
            ...wanted(ctx),
          }),
        ),
      (e) => retry && isError(e, "InvalidParameterValue") && /permission/i.test(errorMessage(e)),
      { what: `permissions for ${label}`, timeoutMs: 90_000, intervalMs: 3_000 },
    );
    if (!created.UUID) throw new Error(`CreateEventSourceMapping ${label} returned no UUID`);
    uuid = created.UUID;
    ctx.did(`create event source mapping ${label}`);
  } else {
    const changes = mappingChanges(ctx, existing);
    if (changes.length > 0) {
      await waitUntilSettled(ctx, uuid, label);
      await ctx.clients.lambda.send(
        new UpdateEventSourceMappingCommand({ UUID: uuid, ...wanted(ctx) }),
      );
      ctx.did(`update event source mapping ${label} (${changes.join(", ")})`);
    }
  }
  await waitUntilEnabled(ctx, uuid, label);
}

/** An update while the mapping is Creating or Updating is refused (ResourceInUse). */
function waitUntilSettled(ctx: StepContext, uuid: string, label: string): Promise<void> {
  return pollUntil(
    async () => {
      const m = await ctx.clients.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      return m.State === "Enabled" || m.State === "Disabled" ? true : undefined;
    },
    { what: `event source mapping ${label} to settle`, timeoutMs: WAIT_MS, intervalMs: ctx.pollMs },
  ).then(() => undefined);
}
