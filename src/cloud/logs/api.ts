/*
 * CloudWatch Logs wire: JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`. Parses each
 * request with zod, calls the model, writes AWS-shaped answers and errors.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  DescribeLogGroupsResponse,
  DescribeLogStreamsResponse,
  FilterLogEventsResponse,
  GetLogEventsResponse,
  LogGroup as SdkLogGroup,
  LogStream as SdkLogStream,
  PutLogEventsResponse,
} from "@aws-sdk/client-cloudwatch-logs";
import * as z from "zod";
import { readBody } from "../wire.ts";
import type { Service } from "../types.ts";
import { InvalidFilterPatternError } from "./filter-pattern.ts";
import { LogsError, type LogGroup, type LogStream, type LogsStore } from "./model.ts";

export interface LogsServiceOptions {
  store: LogsStore;
  region: string;
  accountId: string;
}

type Handler = (input: unknown) => unknown;

class WireError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

const groupName = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[.\-_/#A-Za-z0-9]+$/, "must match [.-_/#A-Za-z0-9]+");
const streamName = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^:*]*$/, "must not contain : or *");
const limit = (max: number) => z.number().int().min(1).max(max).optional();

/** logGroupIdentifier may be a name or an ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`). */
function nameFromIdentifier(identifier: string): string {
  const m = /^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return m?.[1] ?? identifier;
}

const groupRef = z
  .object({ logGroupName: groupName.optional(), logGroupIdentifier: z.string().min(1).optional() })
  .passthrough()
  .transform((v, ctx) => {
    const name =
      v.logGroupName ??
      (v.logGroupIdentifier ? nameFromIdentifier(v.logGroupIdentifier) : undefined);
    if (!name) {
      ctx.addIssue({
        code: "custom",
        message: "logGroupName or logGroupIdentifier is required",
        path: ["logGroupName"],
      });
      return z.NEVER;
    }
    return name;
  });

const schemas = {
  createGroup: z.object({ logGroupName: groupName }).passthrough(),
  deleteGroup: z.object({ logGroupName: groupName }).passthrough(),
  describeGroups: z
    .object({
      logGroupNamePrefix: z.string().optional(),
      logGroupNamePattern: z.string().optional(),
      limit: limit(50),
      nextToken: z.string().optional(),
    })
    .passthrough(),
  stream: z.object({ logGroupName: groupName, logStreamName: streamName }).passthrough(),
  describeStreams: z
    .object({
      logStreamNamePrefix: z.string().optional(),
      orderBy: z.enum(["LogStreamName", "LastEventTime"]).optional(),
      descending: z.boolean().optional(),
      limit: limit(50),
      nextToken: z.string().optional(),
    })
    .passthrough(),
  putEvents: z
    .object({
      logGroupName: groupName,
      logStreamName: streamName,
      logEvents: z
        .array(z.object({ timestamp: z.number().int(), message: z.string().min(1) }))
        .min(1)
        .max(10_000),
      sequenceToken: z.string().optional(),
    })
    .passthrough(),
  getEvents: z
    .object({
      logStreamName: streamName,
      startTime: z.number().int().optional(),
      endTime: z.number().int().optional(),
      nextToken: z.string().optional(),
      limit: limit(10_000),
      startFromHead: z.boolean().optional(),
    })
    .passthrough(),
  filterEvents: z
    .object({
      logStreamNames: z.array(streamName).min(1).max(100).optional(),
      logStreamNamePrefix: z.string().optional(),
      startTime: z.number().int().optional(),
      endTime: z.number().int().optional(),
      filterPattern: z.string().max(1024).optional(),
      nextToken: z.string().optional(),
      limit: limit(10_000),
    })
    .passthrough(),
  retention: z
    .object({ logGroupName: groupName, retentionInDays: z.number().int().min(1) })
    .passthrough(),
};

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join(".") || "request";
  throw new WireError("InvalidParameterException", `${where}: ${issue?.message ?? "invalid"}`);
}

function operations(o: LogsServiceOptions): Record<string, Handler> {
  const { store } = o;
  const groupArn = (name: string) => `arn:aws:logs:${o.region}:${o.accountId}:log-group:${name}`;
  const groupView = (g: LogGroup) =>
    ({
      logGroupName: g.name,
      creationTime: g.creationTime,
      retentionInDays: g.retentionInDays,
      metricFilterCount: 0,
      arn: `${groupArn(g.name)}:*`,
      logGroupArn: groupArn(g.name),
      storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
      logGroupClass: "STANDARD",
    }) satisfies SdkLogGroup;
  const streamView = (group: string, s: LogStream) =>
    ({
      logStreamName: s.name,
      creationTime: s.creationTime,
      firstEventTimestamp: s.events[0]?.timestamp,
      lastEventTimestamp: s.events.at(-1)?.timestamp,
      lastIngestionTime: s.lastIngestionTime,
      uploadSequenceToken: String(s.sequence + 1).padStart(56, "0"),
      arn: `${groupArn(group)}:log-stream:${s.name}`,
      storedBytes: 0,
    }) satisfies SdkLogStream;

  return {
    CreateLogGroup(input) {
      store.createGroup(parse(schemas.createGroup, input).logGroupName);
      return {};
    },
    DeleteLogGroup(input) {
      store.deleteGroup(parse(schemas.deleteGroup, input).logGroupName);
      return {};
    },
    DescribeLogGroups(input) {
      const q = parse(schemas.describeGroups, input);
      if (q.logGroupNamePrefix !== undefined && q.logGroupNamePattern !== undefined) {
        throw new WireError(
          "InvalidParameterException",
          "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
        );
      }
      const page = store.listGroups(
        { prefix: q.logGroupNamePrefix, substring: q.logGroupNamePattern },
        q.limit ?? 50,
        q.nextToken,
      );
      return {
        logGroups: page.items.map(groupView),
        nextToken: page.nextToken,
      } satisfies DescribeLogGroupsResponse;
    },
    PutRetentionPolicy(input) {
      const q = parse(schemas.retention, input);
      store.setRetention(q.logGroupName, q.retentionInDays);
      return {};
    },
    DeleteRetentionPolicy(input) {
      store.setRetention(parse(schemas.deleteGroup, input).logGroupName, undefined);
      return {};
    },
    CreateLogStream(input) {
      const q = parse(schemas.stream, input);
      store.createStream(q.logGroupName, q.logStreamName);
      return {};
    },
    DeleteLogStream(input) {
      const q = parse(schemas.stream, input);
      store.deleteStream(q.logGroupName, q.logStreamName);
      return {};
    },
    DescribeLogStreams(input) {
      const group = parse(groupRef, input);
      const q = parse(schemas.describeStreams, input);
      if (q.orderBy === "LastEventTime" && q.logStreamNamePrefix !== undefined) {
        throw new WireError(
          "InvalidParameterException",
          "Cannot order by LastEventTime with a logStreamNamePrefix.",
        );
      }
      const page = store.listStreams(group, {
        limit: q.limit ?? 50,
        prefix: q.logStreamNamePrefix,
        orderBy: q.orderBy,
        descending: q.descending,
        nextToken: q.nextToken,
      });
      return {
        logStreams: page.items.map((s) => streamView(group, s)),
        nextToken: page.nextToken,
      } satisfies DescribeLogStreamsResponse;
    },
    PutLogEvents(input) {
      const q = parse(schemas.putEvents, input);
      const next = store.appendEvents(q.logGroupName, q.logStreamName, q.logEvents);
      return { nextSequenceToken: next } satisfies PutLogEventsResponse;
    },
    GetLogEvents(input) {
      const group = parse(groupRef, input);
      const q = parse(schemas.getEvents, input);
      const result = store.getEvents(group, q.logStreamName, q);
      return {
        events: result.events.map((e) => ({
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
        })),
        nextForwardToken: result.nextForwardToken,
        nextBackwardToken: result.nextBackwardToken,
      } satisfies GetLogEventsResponse;
    },
    FilterLogEvents(input) {
      const group = parse(groupRef, input);
      const q = parse(schemas.filterEvents, input);
      if (q.logStreamNames && q.logStreamNamePrefix !== undefined) {
        throw new WireError(
          "InvalidParameterException",
          "logStreamNames and logStreamNamePrefix are mutually exclusive.",
        );
      }
      const result = store.filterEvents(group, q);
      return {
        events: result.events.map((e) => ({
          logStreamName: e.logStreamName,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
          eventId: e.eventId,
        })),
        searchedLogStreams: result.searchedLogStreams.map((name) => ({
          logStreamName: name,
          searchedCompletely: true,
        })),
        nextToken: result.nextToken,
      } satisfies FilterLogEventsResponse;
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": crypto.randomUUID(),
    ...(errorType ? { "x-amzn-errortype": errorType } : {}),
  });
  res.end(text);
}

function toWireError(error: unknown): WireError {
  if (error instanceof WireError) return error;
  if (error instanceof LogsError) return new WireError(error.code, error.message);
  if (error instanceof InvalidFilterPatternError)
    return new WireError("InvalidParameterException", error.message);
  throw error;
}

export function createLogsService(options: LogsServiceOptions): Service {
  const ops = operations(options);
  return {
    name: "logs",
    async handle(req: IncomingMessage, res: ServerResponse) {
      const raw = await readBody(req);
      try {
        const target = String(req.headers["x-amz-target"] ?? "");
        const handler = target.startsWith("Logs_20140328.")
          ? ops[target.slice("Logs_20140328.".length)]
          : undefined;
        if (!handler)
          throw new WireError(
            "UnknownOperationException",
            `Unknown operation ${JSON.stringify(target)}`,
          );
        let input: unknown;
        try {
          input = raw.length === 0 ? {} : JSON.parse(raw.toString("utf8"));
        } catch {
          throw new WireError("SerializationException", "The request body is not valid JSON.");
        }
        send(res, 200, handler(input));
      } catch (error) {
        const wire = toWireError(error);
        send(res, wire.status, { __type: wire.type, message: wire.message }, wire.type);
      }
    },
  };
}
