import * as z from "zod";
import { MAX_PRICE, centsToNumber, hasAtMostTwoDecimals, toCents } from "./money.ts";
import { PROMO_CODES, type PromoCode, unknownPromoMessage } from "./promo.ts";
import {
  type ParseResult,
  ValidationError,
  fromZodIssues,
  plainErrors,
} from "./validation-error.ts";

export { ValidationError, type ParseResult, type ValidationIssue } from "./validation-error.ts";

export const MAX_ITEMS = 100;
export const MAX_QUANTITY = 10_000;
export const MAX_NAME_LENGTH = 200;

export const orderIdSchema = z
  .string()
  .regex(/^ORD-[A-Za-z0-9_-]{1,64}$/)
  .meta({ description: "ORD- followed by 1 to 64 of A-Z a-z 0-9 _ -", examples: ["ORD-1001"] });

export const userIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.@:-]{1,128}$/)
  .meta({ description: "1 to 128 of A-Z a-z 0-9 _ . @ : -", examples: ["alice"] });

export const priceSchema = z
  .number()
  .min(0)
  .max(MAX_PRICE)
  .refine(hasAtMostTwoDecimals, { error: "must have at most 2 decimal places" })
  .meta({ description: "Unit price in USD, at most 2 decimals", examples: [349.99] });

export const itemSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(MAX_NAME_LENGTH)
    .meta({ examples: ["Keyboard"] }),
  price: priceSchema,
  quantity: z
    .number()
    .int()
    .min(1)
    .max(MAX_QUANTITY)
    .meta({ examples: [3] }),
});

export const promoCodeSchema = z
  .enum(PROMO_CODES, {
    error: (issue) =>
      typeof issue.input === "string" ? unknownPromoMessage(issue.input) : "must be a string",
  })
  .meta({ description: "SAVE10, SAVE20, SAVE30 or FREESHIP (5 %)" });

const itemsSchema = z.array(itemSchema).min(1).max(MAX_ITEMS);

/** The body of POST /orders. Unknown fields are rejected so typos do not pass silently. */
export const orderRequestSchema = z.strictObject({
  order_id: orderIdSchema.optional(),
  items: itemsSchema,
  promo_code: promoCodeSchema.optional(),
});

/**
 * The task-queue message body. Unknown fields are ignored (a tolerant reader): a newer
 * producer may add fields without sending every message to the dead-letter queue.
 */
export const orderMessageSchema = z.object({
  order_id: orderIdSchema,
  user_id: userIdSchema,
  items: itemsSchema,
  promo_code: promoCodeSchema.nullish(),
  submitted_at: z.iso.datetime({ offset: true }),
});

export type OrderRequest = z.input<typeof orderRequestSchema>;
export type OrderMessage = z.input<typeof orderMessageSchema>;

export interface OrderItem {
  name: string;
  unitPriceCents: number;
  quantity: number;
}

/** An order after parsing: money in cents, promo code checked. */
export interface Order {
  orderId: string;
  userId?: string;
  items: OrderItem[];
  promoCode: PromoCode | null;
  submittedAt?: string;
}

type WireItem = z.output<typeof itemSchema>;

function toItems(items: WireItem[]): OrderItem[] {
  return items.map((i) => ({
    name: i.name,
    unitPriceCents: toCents(i.price),
    quantity: i.quantity,
  }));
}

function failure<T>(error: z.ZodError): ParseResult<T> {
  return { ok: false, error: new ValidationError(fromZodIssues(error.issues)) };
}

export interface ParseRequestOptions {
  /** Makes the order ID when the client sent none. */
  newOrderId?: () => string;
}

export function newOrderId(): string {
  return `ORD-${crypto.randomUUID()}`;
}

export function parseOrderRequest(
  input: unknown,
  options: ParseRequestOptions = {},
): ParseResult<Order> {
  const parsed = orderRequestSchema.safeParse(input, { error: plainErrors });
  if (!parsed.success) return failure(parsed.error);
  const body = parsed.data;
  return {
    ok: true,
    value: {
      orderId: body.order_id ?? (options.newOrderId ?? newOrderId)(),
      items: toItems(body.items),
      promoCode: body.promo_code ?? null,
    },
  };
}

export function parseOrderMessage(input: unknown): ParseResult<Required<Order>> {
  const parsed = orderMessageSchema.safeParse(input, { error: plainErrors });
  if (!parsed.success) return failure(parsed.error);
  const m = parsed.data;
  return {
    ok: true,
    value: {
      orderId: m.order_id,
      userId: m.user_id,
      items: toItems(m.items),
      promoCode: m.promo_code ?? null,
      submittedAt: m.submitted_at,
    },
  };
}

/** The task-queue body for an accepted order; prices go back to the numbers the client sent. */
export function toOrderMessage(
  order: Order & { userId: string; submittedAt: string },
): OrderMessage {
  return {
    order_id: order.orderId,
    user_id: order.userId,
    items: order.items.map((i) => ({
      name: i.name,
      price: centsToNumber(i.unitPriceCents),
      quantity: i.quantity,
    })),
    ...(order.promoCode ? { promo_code: order.promoCode } : {}),
    submitted_at: order.submittedAt,
  };
}
