import type { ResultsBucket } from "../bucket.ts";
import type { FunctionLogs } from "../function-logs.ts";
import type { PeekedMessage, QueuePeek } from "../queue-peek.ts";
import type { Attachment } from "../report/step-log.ts";
import type { Scenario } from "./scenario.ts";

/** Where an order leaves objects in the results bucket. */
const ORDER_PREFIXES = ["orders/", "invoices/", "notifications/", "failed/"];
/** A function's log lines kept per order, the latest. */
const MAX_LOG_LINES = 50;

function textOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The answer of `probe`, or the reason it has none, so one failed look spoils none of the others. */
async function orWhy<T>(probe: () => Promise<T>): Promise<T | { could_not_read: string }> {
  try {
    return await probe();
  } catch (error) {
    return { could_not_read: textOf(error) };
  }
}

const json = (name: string, value: unknown): Attachment => ({
  name,
  mediaType: "application/json",
  body: JSON.stringify(value, null, 2),
});

/**
 * What the system holds about a scenario's orders, gathered when a step fails, so the report
 * explains the failure without a rerun: each order's stored record, every queue looked at
 * without receiving, each function's log lines that mention it, and its objects in the bucket.
 */
export class Diagnostics {
  private readonly scenario: Scenario;
  private readonly bucket: ResultsBucket;
  private readonly peek: QueuePeek;
  private readonly logs: FunctionLogs;

  constructor(scenario: Scenario, bucket: ResultsBucket, peek: QueuePeek, logs: FunctionLogs) {
    this.scenario = scenario;
    this.bucket = bucket;
    this.peek = peek;
    this.logs = logs;
  }

  async collect(): Promise<Attachment[]> {
    const ids = this.scenario.orderIds();
    if (ids.length === 0) {
      const body = "no diagnostics: the scenario had made no order yet";
      return [{ name: "diagnostics", mediaType: "text/plain", body }];
    }
    const which = ids.join(", ");
    const [records, queues, logs, objects] = await Promise.all([
      this.records(ids),
      this.queues(ids),
      this.functionLogs(ids),
      this.objects(ids),
    ]);
    return [
      json(`stored order record of ${which} (orders/)`, records),
      json(`queues, looked at without receiving: messages about ${which}`, queues),
      { name: `function log lines that mention ${which}`, mediaType: "text/plain", body: logs },
      json(`results bucket: every object of ${which}`, objects),
    ];
  }

  private async records(ids: string[]) {
    const entries = await Promise.all(
      ids.map(async (id) => {
        const record = await orWhy(() => this.bucket.read(`orders/${id}.json`));
        return [id, record && "json" in record ? record.json : (record ?? "none")] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  private async queues(ids: string[]) {
    const { names } = this.scenario.run;
    const entries = await Promise.all(
      [names.taskQueue, names.notificationQueue, names.dlq].map(async (queue) => {
        // Real AWS has no look without a receive, and a receive counts toward the task
        // queue's redrive: the diagnosis would change what it diagnoses.
        if (!this.peek.sideEffectFree && queue === names.taskQueue) {
          return [
            queue,
            "not looked at: on real AWS a look is a receive, which counts toward the redrive",
          ] as const;
        }
        return [queue, await orWhy(async () => summary(await this.peek.peek(queue), ids))] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  private async functionLogs(ids: string[]): Promise<string> {
    const functions = Object.values(this.scenario.run.names.functions);
    const sections = await Promise.all(
      functions.map(async (fn) => {
        const lines = await Promise.all(
          ids.map((id) =>
            this.logs
              .eventsMentioning(fn, id)
              .then((events) =>
                events.map((e) => `${new Date(e.timestamp).toISOString()} ${e.message.trimEnd()}`),
              )
              .catch((error: unknown) => [`could not read: ${textOf(error)}`]),
          ),
        );
        const all = lines.flat().sort().slice(-MAX_LOG_LINES);
        return `${fn}:\n${all.length > 0 ? all.map((l) => `  ${l}`).join("\n") : "  (no lines)"}`;
      }),
    );
    return sections.join("\n\n");
  }

  private async objects(ids: string[]) {
    const prefixes = ids.flatMap((id) => ORDER_PREFIXES.map((prefix) => `${prefix}${id}`));
    const listed = await Promise.all(
      prefixes.map(async (prefix) => {
        const keys = await orWhy(() => this.bucket.keysStartingWith(prefix));
        if (!Array.isArray(keys)) return [[`${prefix}*`, keys] as const];
        return Promise.all(
          keys.map(async (key) => {
            const object = await orWhy(() => this.bucket.read(key));
            return [key, object && "json" in object ? object.json : object] as const;
          }),
        );
      }),
    );
    return Object.fromEntries(listed.flat());
  }
}

/** How many messages the queue holds in each state, and those about the orders in full. */
function summary(messages: PeekedMessage[], ids: string[]) {
  const count = (state: PeekedMessage["state"]) => messages.filter((m) => m.state === state).length;
  return {
    ready: count("ready"),
    in_flight: count("inflight"),
    delayed: count("delayed"),
    about_these_orders: messages
      .filter((m) => ids.some((id) => m.body.includes(`"${id}"`)))
      .map((m) => ({
        message_id: m.messageId,
        state: m.state,
        receive_count: m.receiveCount,
        body: m.body,
      })),
  };
}
