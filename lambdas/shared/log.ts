import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The slice of a logger the handlers use: one JSON line per call, the extra object's keys
 * merged into it. Powertools' Logger fits; tests can pass anything with the same shape.
 */
export interface Log {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export function createLog(serviceName: string): Log {
  return new Logger({ serviceName });
}
