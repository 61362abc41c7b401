// Event source mappings (SQS only): their state machine and one poller each.
import { randomUUID } from "node:crypto";
import type { FunctionResponseType } from "@aws-sdk/client-lambda";
import { availableParallelism } from "node:os";
import type { Clock } from "../../clock.ts";
import { conflict, invalidParameter, resourceNotFound } from "../errors.ts";
import type { FunctionStore } from "./function-store.ts";
import type { PollerSettings, SqsPoller } from "../event-sources/sqs-poller.ts";

export type MappingState =
  "Creating" | "Enabling" | "Enabled" | "Disabling" | "Disabled" | "Updating" | "Deleting";

export interface MappingRecord {
  uuid: string;
  functionName: string;
  eventSourceArn: string;
  batchSize: number;
  windowSeconds: number;
  enabled: boolean;
  state: MappingState;
  functionResponseTypes: FunctionResponseType[];
  maximumConcurrency?: number | undefined;
  lastModified: Date;
}

export interface MappingInput {
  functionName?: string | undefined;
  eventSourceArn?: string | undefined;
  enabled?: boolean | undefined;
  batchSize?: number | undefined;
  windowSeconds?: number | undefined;
  functionResponseTypes?: FunctionResponseType[] | undefined;
  maximumConcurrency?: number | undefined;
}

export interface QueueFacts {
  exists: boolean;
  visibilityTimeout: number;
}

export interface EventSourceStoreDeps {
  functions: FunctionStore;
  createPoller: (mapping: MappingRecord) => SqsPoller;
  describeQueue: (arn: string) => Promise<QueueFacts>;
  /** The cloud's clock: LastModified, and the wait before a state settles. */
  clock: Clock;
}

/** How long Creating, Enabling, Disabling, Updating and Deleting last, on the cloud's clock. */
const SETTLE_MS = 20;

/**
 * Concurrent batches per mapping when ScalingConfig does not say: about one per core (at
 * least 2, at most 5). Every environment is a thread of this process and the queues are served
 * on its main thread, so more instances than cores add cold starts, not throughput.
 */
export const DEFAULT_CONCURRENCY = Math.min(5, Math.max(2, availableParallelism()));
const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/;

export function pollerSettings(mapping: MappingRecord): PollerSettings {
  return {
    batchSize: mapping.batchSize,
    windowSeconds: mapping.windowSeconds,
    maxConcurrency: mapping.maximumConcurrency ?? DEFAULT_CONCURRENCY,
    reportBatchItemFailures: mapping.functionResponseTypes.includes("ReportBatchItemFailures"),
  };
}

export class EventSourceStore {
  private readonly deps: EventSourceStoreDeps;
  private readonly mappings = new Map<string, MappingRecord>();
  private readonly pollers = new Map<string, SqsPoller>();
  private readonly transitions = new Set<Promise<void>>();
  private stopped = false;
  /** Cuts the transitions' waits short when the cloud stops. */
  private readonly stopping = new AbortController();

  constructor(deps: EventSourceStoreDeps) {
    this.deps = deps;
  }

  /**
   * Some mapping meant to be enabled (Enabled, or on its way there) has messages waiting that
   * its poller is about to take: time must not skip ahead of them.
   */
  hasReadyWork(): boolean {
    for (const [uuid, mapping] of this.mappings) {
      if (!mapping.enabled || mapping.state === "Deleting") continue;
      if (this.pollers.get(uuid)?.queueHasReady()) return true;
    }
    return false;
  }

  async create(input: MappingInput): Promise<MappingRecord> {
    const { functions } = this.deps;
    if (!input.functionName) throw invalidParameter("FunctionName is required.");
    const fn = functions.get(input.functionName);
    const arn = input.eventSourceArn ?? "";
    if (!SQS_ARN.test(arn)) {
      throw invalidParameter(
        `The embedded cloud supports SQS event sources only; got EventSourceArn ${arn || "(none)"}.`,
      );
    }
    const existing = [...this.mappings.values()].find(
      (m) => m.eventSourceArn === arn && m.functionName === fn.name,
    );
    if (existing) {
      throw conflict(
        `An event source mapping with SQS arn (" ${arn} ") and function (" ${fn.name} ") already exists. Please update or delete the existing mapping with UUID ${existing.uuid}`,
      );
    }
    await this.checkQueue(arn, fn.timeout);
    const mapping: MappingRecord = {
      uuid: randomUUID(),
      functionName: fn.name,
      eventSourceArn: arn,
      batchSize: input.batchSize ?? 10,
      windowSeconds: input.windowSeconds ?? 0,
      enabled: input.enabled ?? true,
      state: "Creating",
      functionResponseTypes: input.functionResponseTypes ?? [],
      maximumConcurrency: input.maximumConcurrency,
      lastModified: new Date(this.deps.clock.now()),
    };
    validateBatching(mapping);
    this.mappings.set(mapping.uuid, mapping);
    const poller = this.deps.createPoller(mapping);
    this.pollers.set(mapping.uuid, poller);
    this.transition(async () => {
      if (mapping.enabled) poller.start();
      mapping.state = mapping.enabled ? "Enabled" : "Disabled";
    });
    return { ...mapping };
  }

  get(uuid: string): MappingRecord {
    const mapping = this.mappings.get(uuid);
    if (!mapping)
      throw resourceNotFound(
        `The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${randomUUID()})`,
      );
    return mapping;
  }

  list(filter: {
    functionName?: string | undefined;
    eventSourceArn?: string | undefined;
  }): MappingRecord[] {
    const name = filter.functionName ? this.deps.functions.nameOf(filter.functionName) : undefined;
    return [...this.mappings.values()].filter(
      (m) =>
        (name === undefined || m.functionName === name) &&
        (filter.eventSourceArn === undefined || m.eventSourceArn === filter.eventSourceArn),
    );
  }

  async update(uuid: string, input: MappingInput): Promise<MappingRecord> {
    const mapping = this.get(uuid);
    if (mapping.state === "Deleting")
      throw conflict(`The event source mapping ${uuid} is being deleted.`);
    const next: MappingRecord = { ...mapping };
    if (input.functionName !== undefined)
      next.functionName = this.deps.functions.get(input.functionName).name;
    if (input.batchSize !== undefined) next.batchSize = input.batchSize;
    if (input.windowSeconds !== undefined) next.windowSeconds = input.windowSeconds;
    if (input.functionResponseTypes !== undefined)
      next.functionResponseTypes = input.functionResponseTypes;
    if (input.maximumConcurrency !== undefined) next.maximumConcurrency = input.maximumConcurrency;
    validateBatching(next);
    const toggled = input.enabled !== undefined && input.enabled !== mapping.enabled;
    Object.assign(mapping, next, { lastModified: new Date(this.deps.clock.now()) });
    if (input.enabled !== undefined) mapping.enabled = input.enabled;
    const poller = this.pollers.get(uuid);
    if (toggled && mapping.enabled) {
      mapping.state = "Enabling";
      this.transition(async () => {
        poller?.start();
        mapping.state = "Enabled";
      });
    } else if (toggled) {
      mapping.state = "Disabling";
      this.transition(async () => {
        await poller?.pause();
        if (mapping.state === "Disabling") mapping.state = "Disabled";
      });
    } else {
      const settled = mapping.state === "Enabled" || mapping.state === "Disabled";
      if (settled) {
        const after = mapping.state;
        mapping.state = "Updating";
        this.transition(async () => {
          if (mapping.state === "Updating") mapping.state = after;
        });
      }
    }
    return { ...mapping };
  }

  delete(uuid: string): MappingRecord {
    const mapping = this.get(uuid);
    mapping.state = "Deleting";
    const poller = this.pollers.get(uuid);
    this.transition(async () => {
      await poller?.pause();
      this.pollers.delete(uuid);
      this.mappings.delete(uuid);
    });
    return { ...mapping };
  }

  /** Stops every poller at once; batches under way end when the runtime stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    const stopping = [...this.pollers.values()].map((p) => p.stop());
    await Promise.allSettled([...stopping, ...this.transitions]);
  }

  private async checkQueue(arn: string, functionTimeout: number): Promise<void> {
    const queue = await this.deps.describeQueue(arn);
    if (!queue.exists) {
      throw invalidParameter(
        `Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist: ${arn}`,
      );
    }
    if (queue.visibilityTimeout < functionTimeout) {
      throw invalidParameter(
        `Queue visibility timeout: ${queue.visibilityTimeout} seconds is less than Function timeout: ${functionTimeout} seconds`,
      );
    }
  }

  private transition(step: () => Promise<void>): void {
    const done = this.deps.clock
      .sleep(SETTLE_MS, this.stopping.signal)
      .then(() => (this.stopped ? undefined : step()))
      .finally(() => this.transitions.delete(done));
    this.transitions.add(done);
  }
}

function validateBatching(mapping: MappingRecord): void {
  if (mapping.batchSize > 10 && mapping.windowSeconds < 1) {
    throw invalidParameter(
      "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
    );
  }
}
