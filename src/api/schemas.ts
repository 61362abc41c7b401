// The API's own wire shapes besides the order body (which comes from the domain). Each is a
// zod schema so the OpenAPI document is generated from the same source the code trusts.
import * as z from "zod";
import { orderIdSchema, userIdSchema } from "../domain/index.ts";

export { orderRequestSchema } from "../domain/index.ts";

const money = z
  .string()
  .regex(/^-?\d+\.\d{2}$/)
  .meta({ examples: ["944.97"] });

export const tokenRequestSchema = z.strictObject({ user_id: userIdSchema });

export const tokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z
    .number()
    .int()
    .meta({ description: "seconds", examples: [3600] }),
});

export const orderAcceptedSchema = z.object({
  order_id: orderIdSchema,
  status: z.literal("QUEUED"),
});

/**
 * Items as stored in an order record. Read loosely: a record can hold an order that a producer
 * put on the queue past the API (the dead-letter path), and its status must still be shown.
 */
export const wireItemSchema = z.object({
  name: z.string(),
  price: z.number(),
  quantity: z.number().int(),
});

/** What the API writes to `orders/<order_id>.json` when it accepts an order. */
export const orderRecordSchema = z.object({
  order_id: orderIdSchema,
  user_id: userIdSchema,
  submitted_at: z.string(),
  items: z.array(wireItemSchema),
  promo_code: z.string().nullable(),
});

/** An item as GET /orders/{id} shows it: the price as a decimal string, like every amount. */
export const statusItemSchema = z.object({
  name: z.string(),
  price: z.string().meta({
    description:
      "unit price in USD with two decimals; an order a producer queued past the API's checks shows its price as that producer sent it",
    examples: ["349.99"],
  }),
  quantity: z.number().int(),
});

export const orderStatusSchema = z.object({
  order_id: orderIdSchema,
  status: z.enum(["QUEUED", "PROCESSED", "FAILED"]),
  submitted_at: z.string(),
  items: z.array(statusItemSchema),
  promo_code: z.string().nullable(),
  total: money.optional().meta({ description: "when PROCESSED: the invoice total in USD" }),
  currency: z.literal("USD").optional(),
  reason: z.string().optional().meta({ description: "when FAILED: why the order was set aside" }),
});

export const dlqStatsSchema = z.object({
  waiting: z.number().int().meta({ description: "messages ready in task-dlq" }),
  in_flight: z.number().int().meta({ description: "messages received but not yet deleted" }),
  recorded_for_review: z.number().int().meta({ description: "failed/ records in the bucket" }),
});

export const healthSchema = z.object({ status: z.literal("ok") });

/** RFC 9457 problem details, plus `errors` with field paths for validation problems. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type TokenResponse = z.infer<typeof tokenResponseSchema>;
export type OrderAccepted = z.infer<typeof orderAcceptedSchema>;
export type OrderRecord = z.infer<typeof orderRecordSchema>;
export type OrderStatus = z.infer<typeof orderStatusSchema>;
export type DlqStats = z.infer<typeof dlqStatsSchema>;
export type Problem = z.infer<typeof problemSchema>;
