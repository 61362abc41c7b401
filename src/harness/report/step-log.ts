import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";

/** Something a step shows the reader: an artefact it checked, or what was found after a failure. */
export const attachmentSchema = z.object({
  /** What it is, for the report: "invoice of ORD-1 (invoices/ORD-1.json)". */
  name: z.string(),
  mediaType: z.string(),
  body: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/**
 * jest-cucumber reports one pass/fail per scenario. To show every step with its status and
 * duration, the step wrappers append one JSON line per finished step to a file of their own
 * worker; the reporter (another process) reads them all after the run.
 */
export const stepRecordSchema = z.object({
  testPath: z.string(),
  testName: z.string(),
  index: z.number().int().nonnegative(),
  status: z.enum(["passed", "failed"]),
  startedAt: z.number(),
  durationMs: z.number().nonnegative(),
  message: z.string().optional(),
  /** One line that says what went wrong, for annotations and the summary. */
  headline: z.string().optional(),
  attachments: z.array(attachmentSchema).optional(),
});
export type StepRecord = z.infer<typeof stepRecordSchema>;

export const STEP_LOG_DIR_ENV = "ORDERFLOW_STEP_LOG_DIR";

export function stepLogFile(dir: string): string {
  return join(dir, `steps-${process.pid}.ndjson`);
}

export function appendStepRecord(record: StepRecord, dir = process.env[STEP_LOG_DIR_ENV]): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(stepLogFile(dir), `${JSON.stringify(record)}\n`);
}

export function parseStepLog(text: string): StepRecord[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => stepRecordSchema.parse(JSON.parse(line)));
}
