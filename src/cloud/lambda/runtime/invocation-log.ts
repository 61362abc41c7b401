import { randomBytes } from "node:crypto";
import type { LogsModel } from "../../logs/model.ts";

const TAIL_BYTES = 4096;

/** `YYYY/MM/DD/[$LATEST]<32 hex>`, one per execution environment as on AWS. */
export function logStreamName(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[$LATEST]${randomBytes(16).toString("hex")}`;
}

/** Writes one execution environment's lines to its stream and keeps an invocation's tail. */
export class EnvironmentLog {
  readonly group: string;
  readonly stream: string;
  private readonly logs: LogsModel;
  private readonly now: () => number;
  private invocationLines: string[] | undefined;

  constructor(logs: LogsModel, group: string, stream: string, now: () => number) {
    this.logs = logs;
    this.now = now;
    this.group = group;
    this.stream = stream;
    logs.ensureStream(group, stream);
  }

  /** Starts collecting lines for X-Amz-Log-Result. */
  beginInvocation(): void {
    this.invocationLines = [];
  }

  /** The collected lines as AWS returns them: base64 of the last 4 KB. */
  endInvocation(): string {
    const text = (this.invocationLines ?? []).map((line) => `${line}\n`).join("");
    this.invocationLines = undefined;
    const bytes = Buffer.from(text, "utf8");
    return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString("base64");
  }

  write(message: string): void {
    this.invocationLines?.push(message);
    try {
      this.logs.putEvents(this.group, this.stream, [{ timestamp: this.now(), message }]);
    } catch {
      // A log group deleted by a user must not fail the invocation: recreate and retry once.
      this.logs.ensureStream(this.group, this.stream);
      this.logs.putEvents(this.group, this.stream, [{ timestamp: this.now(), message }]);
    }
  }

  /** Raw stdout text: one event per non-empty line. */
  writeRaw(text: string): void {
    for (const line of text.split("\n")) if (line.trim() !== "") this.write(line);
  }
}
