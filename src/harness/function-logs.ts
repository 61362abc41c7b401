import { FilterLogEventsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";

/** One structured line a function logged (Powertools JSON), whatever prefix the runtime added. */
export interface FunctionLogLine {
  timestamp: number;
  message: string;
  fields: Record<string, unknown>;
}

/** The JSON object in a log line: Lambda may put a timestamp and request id before it. */
export function jsonOfLine(line: string): Record<string, unknown> | undefined {
  const start = line.indexOf("{");
  if (start < 0) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(start));
    return value !== null && typeof value === "object"
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** One raw log event, as the function's log group holds it. */
export interface FunctionLogEvent {
  timestamp: number;
  message: string;
}

/**
 * Reads a function's CloudWatch Logs. Invocation counts and errors come from here on every
 * backend, because it is the one record all three keep: the embedded cloud, LocalStack and AWS.
 */
export class FunctionLogs {
  private readonly logs: CloudWatchLogsClient;
  private readonly since: number | undefined;

  /**
   * `since` (epoch ms): nothing older is asked for. LocalStack's community edition ignores
   * filter patterns and answers every event of the group, so without a start time each probe
   * would download everything every scenario of the run has logged so far.
   */
  constructor(logs: CloudWatchLogsClient, options: { since?: number } = {}) {
    this.logs = logs;
    this.since = options.since;
  }

  /** Every event of `functionName` whose text contains `orderId`, oldest first. */
  async eventsMentioning(functionName: string, orderId: string): Promise<FunctionLogEvent[]> {
    const events: FunctionLogEvent[] = [];
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await this.logs.send(
          new FilterLogEventsCommand({
            logGroupName: `/aws/lambda/${functionName}`,
            filterPattern: `"${orderId}"`,
            startTime: this.since,
            nextToken,
          }),
        );
      } catch (error) {
        // The group appears with the function's first invocation (LocalStack, AWS).
        if ((error as { name?: string }).name === "ResourceNotFoundException") return [];
        throw error;
      }
      for (const event of page.events ?? []) {
        const message = event.message ?? "";
        if (message.includes(orderId)) events.push({ timestamp: event.timestamp ?? 0, message });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return events.sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Every structured line of `functionName` that names `orderId`. */
  async linesAbout(functionName: string, orderId: string): Promise<FunctionLogLine[]> {
    const events = await this.eventsMentioning(functionName, orderId);
    return events.flatMap((event) => {
      const fields = jsonOfLine(event.message);
      return fields && fields.order_id === orderId
        ? [{ timestamp: event.timestamp, message: String(fields.message ?? ""), fields }]
        : [];
    });
  }

  /** How many lines of `functionName` about `orderId` say `message`. */
  async count(functionName: string, orderId: string, message: string | RegExp): Promise<number> {
    const lines = await this.linesAbout(functionName, orderId);
    return lines.filter((l) =>
      typeof message === "string" ? l.message === message : message.test(l.message),
    ).length;
  }
}
