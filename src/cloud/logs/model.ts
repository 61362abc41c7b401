/*
 * CloudWatch Logs state: groups, streams and their events, in plain types. The wire lives in
 * api.ts; the Lambda service writes function logs here through the LogsModel interface.
 */
import { compileFilterPattern } from "./filter-pattern.ts";

export interface LogEventInput {
  timestamp: number;
  message: string;
}

/** What other services of the cloud need (the Lambda runtime writes function logs). */
export interface LogsModel {
  /** Creates the group if it does not exist (no error when it does). */
  ensureGroup(group: string): void;
  /** Creates the stream (and its group) if missing. */
  ensureStream(group: string, stream: string): void;
  /** Appends events, creating the group and stream when missing. */
  putEvents(group: string, stream: string, events: LogEventInput[]): void;
}

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface LogStream {
  name: string;
  creationTime: number;
  events: StoredEvent[];
  storedBytes: number;
  lastIngestionTime?: number;
  sequence: number;
}

export interface LogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
}

export type LogsErrorCode =
  "ResourceNotFoundException" | "ResourceAlreadyExistsException" | "InvalidParameterException";

/** An error the API answers with the AWS error type of the same name. */
export class LogsError extends Error {
  readonly code: LogsErrorCode;
  constructor(code: LogsErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface GetEventsQuery {
  startTime?: number | undefined;
  endTime?: number | undefined;
  limit?: number | undefined;
  startFromHead?: boolean | undefined;
  nextToken?: string | undefined;
}

export interface GetEventsResult {
  events: StoredEvent[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

export interface FilterQuery {
  logStreamNames?: string[] | undefined;
  logStreamNamePrefix?: string | undefined;
  startTime?: number | undefined;
  endTime?: number | undefined;
  filterPattern?: string | undefined;
  limit?: number | undefined;
  nextToken?: string | undefined;
}

export interface FilteredEvent extends StoredEvent {
  logStreamName: string;
}

export interface FilterResult {
  events: FilteredEvent[];
  searchedLogStreams: string[];
  nextToken?: string;
}

const MAX_EVENTS = 10_000;

function notFoundGroup(): LogsError {
  return new LogsError("ResourceNotFoundException", "The specified log group does not exist.");
}

function notFoundStream(): LogsError {
  return new LogsError("ResourceNotFoundException", "The specified log stream does not exist.");
}

function pageOf<T>(all: T[], limit: number, token: string | undefined): Page<T> {
  const start = token === undefined ? 0 : Number.parseInt(token, 10);
  if (!Number.isInteger(start) || start < 0) {
    throw new LogsError("InvalidParameterException", "The specified nextToken is invalid.");
  }
  const items = all.slice(start, start + limit);
  const end = start + items.length;
  return end < all.length ? { items, nextToken: String(end) } : { items };
}

function inRange(e: { timestamp: number }, startTime?: number, endTime?: number): boolean {
  // AWS: startTime inclusive, endTime exclusive.
  return (
    (startTime === undefined || e.timestamp >= startTime) &&
    (endTime === undefined || e.timestamp < endTime)
  );
}

export class LogsStore implements LogsModel {
  private readonly groups = new Map<string, LogGroup>();
  private eventCounter = 0;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  createGroup(name: string): LogGroup {
    if (this.groups.has(name)) {
      throw new LogsError(
        "ResourceAlreadyExistsException",
        "The specified log group already exists",
      );
    }
    const group: LogGroup = { name, creationTime: this.now(), streams: new Map() };
    this.groups.set(name, group);
    return group;
  }

  getGroup(name: string): LogGroup {
    const group = this.groups.get(name);
    if (!group) throw notFoundGroup();
    return group;
  }

  deleteGroup(name: string): void {
    if (!this.groups.delete(name)) throw notFoundGroup();
  }

  setRetention(name: string, days: number | undefined): void {
    const group = this.getGroup(name);
    if (days === undefined) delete group.retentionInDays;
    else group.retentionInDays = days;
  }

  /** Groups by name; `substring` is DescribeLogGroups' logGroupNamePattern (case-insensitive). */
  listGroups(
    match: { prefix?: string | undefined; substring?: string | undefined },
    limit: number,
    token?: string,
  ): Page<LogGroup> {
    const needle = match.substring?.toLowerCase();
    const all = [...this.groups.values()]
      .filter((g) => match.prefix === undefined || g.name.startsWith(match.prefix))
      .filter((g) => needle === undefined || g.name.toLowerCase().includes(needle))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return pageOf(all, limit, token);
  }

  createStream(groupName: string, streamName: string): LogStream {
    const group = this.getGroup(groupName);
    if (group.streams.has(streamName)) {
      throw new LogsError(
        "ResourceAlreadyExistsException",
        "The specified log stream already exists",
      );
    }
    const stream: LogStream = {
      name: streamName,
      creationTime: this.now(),
      events: [],
      storedBytes: 0,
      sequence: 0,
    };
    group.streams.set(streamName, stream);
    return stream;
  }

  getStream(groupName: string, streamName: string): LogStream {
    const stream = this.getGroup(groupName).streams.get(streamName);
    if (!stream) throw notFoundStream();
    return stream;
  }

  deleteStream(groupName: string, streamName: string): void {
    if (!this.getGroup(groupName).streams.delete(streamName)) throw notFoundStream();
  }

  listStreams(
    groupName: string,
    options: {
      prefix?: string | undefined;
      orderBy?: "LogStreamName" | "LastEventTime" | undefined;
      descending?: boolean | undefined;
      limit: number;
      nextToken?: string | undefined;
    },
  ): Page<LogStream> {
    const streams = [...this.getGroup(groupName).streams.values()].filter(
      (s) => options.prefix === undefined || s.name.startsWith(options.prefix),
    );
    const key = (s: LogStream): string | number =>
      options.orderBy === "LastEventTime" ? (s.events.at(-1)?.timestamp ?? 0) : s.name;
    streams.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const order = ka < kb ? -1 : ka > kb ? 1 : 0;
      return options.descending ? -order : order;
    });
    return pageOf(streams, options.limit, options.nextToken);
  }

  /** Appends events to an existing stream; answers the next sequence token. */
  appendEvents(groupName: string, streamName: string, events: LogEventInput[]): string {
    const stream = this.getStream(groupName, streamName);
    for (let i = 1; i < events.length; i++) {
      if ((events[i]?.timestamp ?? 0) < (events[i - 1]?.timestamp ?? 0)) {
        throw new LogsError(
          "InvalidParameterException",
          "Log events in a single PutLogEvents request must be in chronological order.",
        );
      }
    }
    const ingestionTime = this.now();
    for (const e of events)
      this.insertSorted(stream, { ...e, ingestionTime, eventId: this.nextEventId() });
    if (events.length > 0) stream.lastIngestionTime = ingestionTime;
    stream.sequence += 1;
    return String(stream.sequence).padStart(56, "0");
  }

  ensureGroup(group: string): void {
    if (!this.groups.has(group)) this.createGroup(group);
  }

  ensureStream(group: string, stream: string): void {
    this.ensureGroup(group);
    if (!this.getGroup(group).streams.has(stream)) this.createStream(group, stream);
  }

  putEvents(group: string, stream: string, events: LogEventInput[]): void {
    this.ensureStream(group, stream);
    const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
    this.appendEvents(group, stream, sorted);
  }

  /**
   * GetLogEvents: a window over the stream's events in time order. Tokens are `f/<index>` and
   * `b/<index>`; at either end the same token comes back, which is how clients know to stop.
   */
  getEvents(groupName: string, streamName: string, q: GetEventsQuery): GetEventsResult {
    const events = this.getStream(groupName, streamName).events.filter((e) =>
      inRange(e, q.startTime, q.endTime),
    );
    const limit = Math.min(q.limit ?? MAX_EVENTS, MAX_EVENTS);
    const [start, end] = windowOf(events.length, limit, q);
    return {
      events: events.slice(start, end),
      nextForwardToken: `f/${end}`,
      nextBackwardToken: `b/${start}`,
    };
  }

  filterEvents(groupName: string, q: FilterQuery): FilterResult {
    const group = this.getGroup(groupName);
    const matches = compileFilterPattern(q.filterPattern ?? "");
    const streams = [...group.streams.values()].filter(
      (s) =>
        (q.logStreamNames === undefined || q.logStreamNames.includes(s.name)) &&
        (q.logStreamNamePrefix === undefined || s.name.startsWith(q.logStreamNamePrefix)),
    );
    const found: FilteredEvent[] = [];
    for (const s of streams) {
      for (const e of s.events) {
        if (inRange(e, q.startTime, q.endTime) && matches(e.message))
          found.push({ ...e, logStreamName: s.name });
      }
    }
    found.sort(
      (a, b) =>
        a.timestamp - b.timestamp ||
        a.ingestionTime - b.ingestionTime ||
        (a.eventId < b.eventId ? -1 : 1),
    );
    const page = pageOf(found, Math.min(q.limit ?? MAX_EVENTS, MAX_EVENTS), q.nextToken);
    return {
      events: page.items,
      searchedLogStreams: streams.map((s) => s.name),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  private nextEventId(): string {
    this.eventCounter += 1;
    return String(this.eventCounter).padStart(56, "0");
  }

  private insertSorted(stream: LogStream, event: StoredEvent): void {
    let i = stream.events.length;
    while (i > 0 && (stream.events[i - 1]?.timestamp ?? 0) > event.timestamp) i--;
    stream.events.splice(i, 0, event);
    stream.storedBytes += Buffer.byteLength(event.message);
  }
}

function parseToken(token: string): { direction: "f" | "b"; index: number } {
  const match = /^([fb])\/(\d+)$/.exec(token);
  if (!match?.[1] || !match[2]) {
    throw new LogsError("InvalidParameterException", "The specified nextToken is invalid.");
  }
  return { direction: match[1] as "f" | "b", index: Number.parseInt(match[2], 10) };
}

function windowOf(total: number, limit: number, q: GetEventsQuery): [number, number] {
  if (q.nextToken !== undefined) {
    const { direction, index } = parseToken(q.nextToken);
    const at = Math.min(index, total);
    return direction === "f" ? [at, Math.min(at + limit, total)] : [Math.max(0, at - limit), at];
  }
  return q.startFromHead ? [0, Math.min(limit, total)] : [Math.max(0, total - limit), total];
}
