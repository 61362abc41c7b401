// Contract placeholder: the Logs service (issue 3) replaces this file with the real model.
export interface LogEventInput {
  timestamp: number;
  message: string;
}

export interface LogsModel {
  /** Creates the group if it does not exist (no error when it does). */
  ensureGroup(group: string): void;
  /** Creates the stream (and its group) if missing. */
  ensureStream(group: string, stream: string): void;
  putEvents(group: string, stream: string, events: LogEventInput[]): void;
}
