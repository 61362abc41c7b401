// The handlers' logger, kept in memory so a test can read what a handler logged.
import type { Log } from "../shared/log.ts";

export interface LogLine {
  level: "INFO" | "WARN" | "ERROR";
  message: string;
  [key: string]: unknown;
}

/** Keeps the lines a handler logs, shaped as the Powertools logger prints them. */
export function memoryLog(): Log & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (message: string, extra: Record<string, unknown>) => {
    lines.push({ level, message, ...extra });
  };
  return { lines, info: at("INFO"), warn: at("WARN"), error: at("ERROR") };
}
