import * as z from "zod";

/** The parts of an SQS event record the handlers use; the rest of the record is ignored. */
export const sqsRecordSchema = z.object({
  messageId: z.string().min(1),
  body: z.string(),
  attributes: z.record(z.string(), z.string()).default({}),
  eventSourceARN: z.string().optional(),
});

export type SqsRecord = z.output<typeof sqsRecordSchema>;

export function parseRecord(record: unknown): SqsRecord {
  const parsed = sqsRecordSchema.safeParse(record);
  if (parsed.success) return parsed.data;
  throw new Error(`not an SQS record: ${parsed.error.issues[0]?.message ?? "unknown shape"}`);
}

export type JsonResult = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The order_id a body claims, whatever else is wrong with it; null when there is none. */
export function claimedOrderId(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const id = (value as Record<string, unknown>).order_id;
  return typeof id === "string" ? id : null;
}
